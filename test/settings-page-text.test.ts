import { describe, expect, it } from "vitest";
import { ROUTINE_KEYS } from "../common/routine";
import {
  EMPTY_SYNC_STATE,
  SessionLine,
  sessionDetail,
  sessionTitle,
  summarizeWeek,
  weekSummaryLines,
} from "../common/history-summary";
import {
  SETUP_KEYS,
  TIMING_KEYS,
  bounceLine,
  parseSummary,
  sliderLabel,
  syncLines,
  todayLine,
  weekLines,
} from "../settings/page-text";

const line: SessionLine = {
  id: "abc-0001",
  when: "Mon 5 Jan 08:03",
  legs: "Left → Right",
  aid: "towel",
  holdsDone: 5,
  holdsPlanned: 6,
  heldSeconds: 162,
  steadiness: 74,
  complete: false,
  bounceTotal: 3,
  bounces: [
    ["left", 2, 2, 12, 30],
    ["right", 1, 1, 3, 30],
  ],
};

describe("settings page texts", () => {
  it("shows every routine field exactly once", () => {
    expect([...SETUP_KEYS, ...TIMING_KEYS].sort()).toEqual([...ROUTINE_KEYS].sort());
  });

  it("flags bounce warnings per leg and rep", () => {
    expect(bounceLine(line)).toBe(
      "⚠ 3 bounce warnings — Left rep 2: bounced 12 s of 30 · Right rep 1: bounced 3 s of 30",
    );
    expect(bounceLine({ ...line, bounceTotal: 1, bounces: [["right", 3, 1, 0, 25]] })).toBe(
      "⚠ 1 bounce warning — Right rep 3: bounced 0 s of 25",
    );
    // Holds of a version-1 result have no bouncing time: their warnings are shown instead.
    expect(
      bounceLine({
        ...line,
        bounces: [
          ["left", 2, 2, -1, 30],
          ["right", 1, 1, -1, 30],
        ],
      }),
    ).toBe("⚠ 3 bounce warnings — Left rep 2: 2 warnings · Right rep 1: 1 warning");
    expect(bounceLine({ ...line, bounceTotal: 0, bounces: [] })).toBe("No bounce warnings");
  });

  it("describes a session in one title and one detail line", () => {
    expect(sessionTitle(line)).toBe("Mon 5 Jan 08:03 · Left → Right");
    expect(sessionDetail(line)).toBe("5 of 6 holds · 162 s held · steadiness 74/100 · partial");
    expect(sessionDetail({ ...line, steadiness: -1, complete: true })).toBe(
      "5 of 6 holds · 162 s held · no motion data · complete",
    );
  });

  it("labels sliders with their current value and range", () => {
    expect(sliderLabel("holdSeconds", "45")).toBe("Hold: 45 s (5–60)");
    expect(sliderLabel("repsPerLeg", undefined)).toBe("Holds per leg (1–5)");
    expect(sliderLabel("aid", "{}")).toBe("Aid");
  });

  it("summarizes the week and the sync state", () => {
    const week = summarizeWeek([], 2, Date.UTC(2026, 0, 5), 0);
    expect(weekLines(week, Date.UTC(2026, 0, 5, 12), 0)).toEqual([
      "Today: 0 of 2 sessions",
      "Last 7 days: 0 of 14 sessions; goal met on 0 of 7 days",
      "Streak: 0 days",
    ]);
    expect(syncLines(EMPTY_SYNC_STATE, 0)).toEqual(["Routine: not sent yet", "No session received from the watch yet"]);
    const sync = {
      ...EMPTY_SYNC_STATE,
      routineRevision: 7,
      routineSentAt: Date.UTC(2026, 0, 5, 8),
      lastResultId: "x",
      lastResultAt: Date.UTC(2026, 0, 5, 9, 30),
      rejectedCount: 1,
      lastRejection: "bad",
    };
    expect(syncLines(sync, -60)).toEqual([
      "Routine sent Mon 5 Jan 09:00; waiting for the watch to confirm",
      "Last session received: Mon 5 Jan 10:30",
      "⚠ 1 unreadable result from the watch; latest: bad",
    ]);
  });

  it("says a refused routine is not on the watch, and how many sessions made room on a full phone", () => {
    const confirmed = {
      ...EMPTY_SYNC_STATE,
      routineRevision: 7,
      routineSentAt: Date.UTC(2026, 0, 5, 8),
      routineConfirmedRevision: 7,
      routineConfirmedAt: Date.UTC(2026, 0, 5, 8, 1),
    };
    expect(syncLines(confirmed, -60)[0]).toBe("Routine on the watch: confirmed Mon 5 Jan 09:01");
    expect(
      syncLines({ ...confirmed, routineRefusedAt: Date.UTC(2026, 0, 5, 9), sessionsDroppedForRoom: 1 }, -60),
    ).toEqual([
      "Routine changed Mon 5 Jan 10:00; not sent to the watch yet (tried again at the next change or when the companion starts)",
      "No session received from the watch yet",
      "⚠ The phone's storage was full: the 1 session received earliest was removed to make room for newer ones",
    ]);
    expect(syncLines({ ...confirmed, sessionsDroppedForRoom: 12 }, -60)[2]).toBe(
      "⚠ The phone's storage was full: the 12 sessions received earliest were removed to make room for newer ones",
    );
    // A summary written before these fields existed reads as "never refused, nothing dropped".
    const older: Partial<typeof confirmed> = { ...confirmed };
    delete older.routineRefusedAt;
    delete older.sessionsDroppedForRoom;
    expect(syncLines(older as typeof confirmed, -60)).toEqual(syncLines(confirmed, -60));
  });

  it('counts today against the goal without ever reading "2 of 1"', () => {
    expect(todayLine(0, 1)).toBe("Today: 0 of 1 session");
    expect(todayLine(1, 3)).toBe("Today: 1 of 3 sessions");
    expect(todayLine(1, 1)).toBe("Today: 1 session — daily goal of 1 met");
    expect(todayLine(2, 1)).toBe("Today: 2 sessions — daily goal of 1 met");
    expect(todayLine(3, 2)).toBe("Today: 3 sessions — daily goal of 2 met");
  });

  it('says "1 day ahead", not "1 days ahead", for a summary dated tomorrow (phone clock set back)', () => {
    const week = summarizeWeek([], 1, Date.UTC(2026, 0, 6, 9), 0);
    expect(weekLines(week, Date.UTC(2026, 0, 5, 9), 0)[1]).toBe(
      "Summary from 1 day ahead: the phone has not heard from the watch since",
    );
    expect(weekLines(week, Date.UTC(2026, 0, 4, 9), 0)[1]).toMatch(/^Summary from 2 days ahead/);
    expect(weekLines(week, Date.UTC(2026, 0, 8, 9), 0)[1]).toMatch(/^Summary from 2 days ago/);
  });

  it('gives the web app the settings page\'s week lines, so both count today alike (never "2 of 1")', () => {
    const monday = Date.UTC(2026, 0, 5, 12);
    const week = { ...summarizeWeek([], 1, monday, 0), today: 2, sessions: 2, daysGoalMet: 1, streakDays: 1 };
    expect(weekSummaryLines(week)).toEqual([
      "Today: 2 sessions — daily goal of 1 met",
      "Last 7 days: 2 of 7 sessions; goal met on 1 of 7 days",
      "Streak: 1 day",
    ]);
    expect(weekLines(week, monday, 0)).toEqual(weekSummaryLines(week));
  });

  it("reads the companion's summary, or nothing from garbage", () => {
    expect(parseSummary(undefined)).toBeNull();
    expect(parseSummary("{nope")).toBeNull();
    expect(parseSummary('{"version":2}')).toBeNull();
    const summary = { version: 1, recent: [], week: {}, sync: {} };
    expect(parseSummary(JSON.stringify(summary))).toEqual(summary);
  });
});
