import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Aid, DEFAULT_ROUTINE, Routine } from "../common/routine";
import { HoldResult, SessionResult } from "../common/result";
import {
  HISTORY_LIMITS,
  addResult,
  byStart,
  dropEarliestArrived,
  dropEarliestReadableLines,
  noPrunedSessions,
  parseHistory,
  pruneHistory,
  serializeHistory,
  storedEntryChars,
  unreadableLines,
} from "../common/history-store";
import {
  EMPTY_SYNC_STATE,
  countsTowardGoal,
  isSteadySession,
  progressionHint,
  sessionLine,
  summarizeHistory,
  summarizeWeek,
} from "../common/history-summary";
import { CSV_HEADER, csvField, exportCsv, exportJson } from "../common/history-export";
import { resultArb } from "./support/arbitraries";
import { localDayNumber } from "../common/daily";
import { hold } from "./support/builders";

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
// Monday 2026-01-05 00:00 UTC
const MONDAY = Date.UTC(2026, 0, 5);

function session(
  startedAt: number,
  over: {
    id?: string;
    aid?: Aid;
    completed?: boolean;
    bounces?: number[];
    steadiness?: number;
    routine?: Partial<Routine>;
  } = {},
): SessionResult {
  const routine = { ...DEFAULT_ROUTINE, aid: over.aid ?? "towel", ...over.routine };
  const holds: HoldResult[] = [];
  for (const leg of ["left", "right"] as const) {
    for (let rep = 1; rep <= routine.repsPerLeg; rep++) {
      holds.push(
        hold({
          leg,
          rep,
          targetSeconds: routine.holdSeconds,
          achievedMs: routine.holdSeconds * 1000,
          steadiness: over.steadiness ?? 85,
          bounceAtMs: leg === "right" && rep === 2 ? (over.bounces ?? []) : [],
        }),
      );
    }
  }
  return {
    id: over.id ?? "s" + startedAt.toString(36),
    startedAt,
    endedAt: startedAt + 300000,
    completed: over.completed ?? true,
    routine,
    holds,
    utcOffsetMinutes: 0,
  };
}

describe("addResult", () => {
  it("adds in arrival order and ignores a resent session id", () => {
    const a = session(MONDAY + 2 * HOUR);
    const b = session(MONDAY + HOUR);
    let history = addResult([], a).history;
    const second = addResult(history, b);
    expect(second.added).toBe(true);
    history = second.history;
    expect(history.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(byStart(history).map((r) => r.id)).toEqual([b.id, a.id]);
    const again = addResult(history, { ...a, holds: [] });
    expect(again.added).toBe(false);
    expect(again.history).toBe(history);
    expect(again.history[0].holds).toHaveLength(6);
  });

  it("keeps ids unique, and sorts by start for display, for any arrival order (property)", () => {
    fc.assert(
      fc.property(fc.array(resultArb, { maxLength: 30 }), (results) => {
        let history: SessionResult[] = [];
        for (const r of [...results, ...results]) history = addResult(history, r).history;
        const ids = history.map((r) => r.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(ids)).toEqual(new Set(results.map((r) => r.id)));
        const sorted = byStart(history);
        for (let i = 1; i < sorted.length; i++)
          expect(sorted[i - 1].startedAt).toBeLessThanOrEqual(sorted[i].startedAt);
      }),
    );
  });
});

describe("pruneHistory", () => {
  it("drops the earliest-arrived sessions beyond the entry limit, whatever their dates", () => {
    const now = MONDAY + 100 * DAY;
    const history = [session(now - 91 * DAY), session(now - 89 * DAY), session(now - DAY), session(now)];
    expect(pruneHistory(history).map((r) => r.startedAt)).toEqual(history.map((r) => r.startedAt));
    expect(pruneHistory(history, { maxEntries: 2 }).map((r) => r.startedAt)).toEqual([now - DAY, now]);
  });
});

describe("dropEarliestArrived (making room on a full phone)", () => {
  const now = Date.UTC(2026, 0, 5, 9);
  // Arrival order, start times from a wrong clock: the one that arrived first started last.
  const history = [
    session(now + DAY, { id: "first" }),
    session(now - DAY, { id: "second" }),
    session(now, { id: "new" }),
  ];
  const entry = storedEntryChars(history[0]);

  it("counts an entry as what it adds to the stored text", () => {
    expect(serializeHistory(history).length).toBe(
      "[\n\n]".length + history.reduce((n, r) => n + storedEntryChars(r), 0) - 2,
    );
  });

  it("drops the earliest arrived, whatever their start, until the characters asked for are freed", () => {
    expect(dropEarliestArrived(history, 1)).toEqual({ history: history.slice(1), dropped: 1 });
    expect(dropEarliestArrived(history, entry)).toEqual({ history: history.slice(1), dropped: 1 });
    expect(dropEarliestArrived(history, entry + 1)).toEqual({ history: history.slice(2), dropped: 2 });
  });

  it("never drops the last session (the one being stored)", () => {
    expect(dropEarliestArrived(history, 100 * entry)).toEqual({ history: [history[2]], dropped: 2 });
    expect(dropEarliestArrived([history[2]], entry)).toEqual({ history: [history[2]], dropped: 0 });
    expect(dropEarliestArrived([], entry)).toEqual({ history: [], dropped: 0 });
  });
});

describe("damaged stored history text (review 23: what is kept, what makes room)", () => {
  const history = [
    session(MONDAY, { id: "s-1" }),
    session(MONDAY + DAY, { id: "s-2" }),
    session(MONDAY + 2 * DAY, { id: "s-3" }),
  ];
  const text = serializeHistory(history);
  const lines = text.split("\n");
  const damaged = text.replace('"s-2"', '"s-2'); // a lost quote in the second session's line
  const damagedLine = damaged.split("\n")[2];

  it("unreadableLines finds only the damaged lines, not the list syntax or the readable sessions", () => {
    expect(unreadableLines(text)).toEqual([]);
    expect(unreadableLines(damaged)).toEqual([damagedLine]);
    expect(unreadableLines("{broken")).toEqual(["{broken"]);
  });

  it("dropEarliestReadableLines removes the earliest readable sessions and keeps the damage in place", () => {
    const room = dropEarliestReadableLines(damaged, 1);
    expect(room.droppedLines).toBe(1);
    expect(room.text.split("\n")).toEqual(damaged.split("\n").filter((_, i) => i !== 1));
    expect(parseHistory(room.text).history.map((r) => r.id)).toEqual(["s-3"]);
    expect(unreadableLines(room.text)).toEqual([damagedLine]);
    // Enough characters for two sessions: both readable ones go, the damaged line stays.
    const more = dropEarliestReadableLines(damaged, lines[1].length + 2);
    expect(more.droppedLines).toBe(2);
    expect(more.text.split("\n")).toEqual(["[", damagedLine, "]"]);
    // Nothing readable left: nothing dropped, the text unchanged.
    expect(dropEarliestReadableLines(more.text, 1)).toEqual({ text: more.text, droppedLines: 0 });
  });
});

describe("stored history", () => {
  it("round-trips through its serialized form", () => {
    fc.assert(
      fc.property(fc.array(resultArb, { maxLength: 10 }), (results) => {
        let history: SessionResult[] = [];
        for (const r of results) history = addResult(history, r).history;
        expect(parseHistory(serializeHistory(history))).toEqual({
          history,
          errors: [],
          damaged: false,
          droppedForRoom: 0,
          pruned: noPrunedSessions(),
        });
      }),
    );
  });

  it("drops unreadable entries with a reason and keeps the rest", () => {
    const good = session(MONDAY);
    const text = JSON.stringify([JSON.parse(serializeHistory([good]))[0], [1, "result", "bad id!"]]);
    const parsed = parseHistory(text);
    expect(parsed.history).toEqual([good]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatch(
      /^History: dropped stored session 2: result message: expected 8 fields but got 3$/,
    );
    expect(parseHistory("{oops").errors).toEqual(["History: stored text is damaged; recovered 0 sessions one by one"]);
    expect(parseHistory('{"a":1}').errors).toEqual([
      "History: stored text is damaged; recovered 0 sessions one by one",
    ]);
    expect(parseHistory(null)).toEqual({
      history: [],
      errors: [],
      damaged: false,
      droppedForRoom: 0,
      pruned: noPrunedSessions(),
    });
  });

  it("a full history stays within the documented size (~300 characters a session)", () => {
    const history: SessionResult[] = [];
    for (let i = 0; i < HISTORY_LIMITS.maxEntries; i++)
      history.push(session(MONDAY + i * 8 * HOUR, { bounces: [1000, 2000] }));
    expect(serializeHistory(history).length).toBeLessThan(HISTORY_LIMITS.maxEntries * 320);
  });
});

describe("days, goal and streak", () => {
  it("counts a session on the local day of its start (offsets as getTimezoneOffset gives them)", () => {
    // 23:30 UTC on Monday is already Tuesday in UTC+1 (offset -60) and still Monday in UTC-5 (offset 300).
    const lateMonday = MONDAY + 23.5 * HOUR;
    expect(localDayNumber(lateMonday, -60)).toBe(localDayNumber(MONDAY, 0) + 1);
    expect(localDayNumber(lateMonday, 300)).toBe(localDayNumber(MONDAY, 0));
  });

  it("counts sessions that reached their end toward the goal, as the watch does", () => {
    expect(countsTowardGoal(session(MONDAY))).toBe(true);
    expect(countsTowardGoal(session(MONDAY, { completed: false }))).toBe(false);
  });

  it("calls a session steady only if every planned hold lasted 5 s, without bounces, steadiness 70+", () => {
    expect(isSteadySession(session(MONDAY))).toBe(true);
    const short = session(MONDAY);
    short.holds[0] = hold({ achievedMs: 4999, endedEarly: true });
    expect(isSteadySession(short)).toBe(false);
    expect(isSteadySession(session(MONDAY, { bounces: [1] }))).toBe(false);
    expect(isSteadySession(session(MONDAY, { steadiness: 69 }))).toBe(false);
    expect(isSteadySession(session(MONDAY, { completed: false }))).toBe(false);
  });

  it("streak counts consecutive days meeting the goal; an open today does not break it", () => {
    const history = [0, 1, 2, 4].map((d) => session(MONDAY + d * DAY + 8 * HOUR));
    const saturdayMorning = MONDAY + 5 * DAY + 7 * HOUR;
    expect(summarizeWeek(history, 1, saturdayMorning, 0).streakDays).toBe(1); // Friday; Saturday still open
    const withSaturday = [...history, session(MONDAY + 5 * DAY + 8 * HOUR)];
    expect(summarizeWeek(withSaturday, 1, MONDAY + 5 * DAY + 20 * HOUR, 0).streakDays).toBe(2); // Fri + Sat
    expect(summarizeWeek(withSaturday, 1, MONDAY + 7 * DAY + 12 * HOUR, 0).streakDays).toBe(0); // Sunday missed
  });

  it("the same moments fall on different days when the sessions started in another time zone", () => {
    // Monday 23:30 and Tuesday 00:30 UTC: two days when started in UTC, both Tuesday when started in UTC+2.
    const inZone = (east: number) =>
      [session(MONDAY + 23.5 * HOUR), session(MONDAY + 24.5 * HOUR)].map((r) => ({ ...r, utcOffsetMinutes: east }));
    const tuesdayNoonUtc = MONDAY + DAY + 12 * HOUR;
    expect(summarizeWeek(inZone(0), 1, tuesdayNoonUtc, 0)).toMatchObject({ streakDays: 2, today: 1, daysGoalMet: 2 });
    expect(summarizeWeek(inZone(120), 1, tuesdayNoonUtc, -120)).toMatchObject({
      streakDays: 1,
      today: 2,
      daysGoalMet: 1,
    });
    // The phone's own zone only decides which day is today.
    expect(summarizeWeek(inZone(120), 1, tuesdayNoonUtc, 0)).toMatchObject({ streakDays: 1, today: 2, daysGoalMet: 1 });
    expect(summarizeWeek(inZone(-300), 1, tuesdayNoonUtc, 300)).toMatchObject({
      streakDays: 1,
      today: 0,
      daysGoalMet: 1,
    });
    expect(summarizeWeek(inZone(120), 2, tuesdayNoonUtc, -120).streakDays).toBe(1);
    // Monday is judged by the goal in force then (1, from its session's routine), today by the current 2.
    expect(summarizeWeek(inZone(0), 2, tuesdayNoonUtc, 0).streakDays).toBe(1);
  });

  it("a daily goal of 2 needs two complete sessions a day", () => {
    const history = [session(MONDAY + 8 * HOUR), session(MONDAY + 18 * HOUR), session(MONDAY + DAY + 8 * HOUR)];
    const week = summarizeWeek(history, 2, MONDAY + DAY + 20 * HOUR, 0);
    expect(week).toMatchObject({ sessions: 3, goal: 14, daysGoalMet: 1, today: 1, streakDays: 1 });
  });

  it("sums seconds held and bounce warnings per leg over the last 7 days", () => {
    const history = [session(MONDAY - 8 * DAY), session(MONDAY, { bounces: [100, 200] })];
    const week = summarizeWeek(history, 1, MONDAY + HOUR, 0);
    expect(week).toMatchObject({ leftSeconds: 90, rightSeconds: 90, leftBounces: 0, rightBounces: 2 });
  });
});

describe("progression hint", () => {
  const steadyDays = (days: number[], over: Parameters<typeof session>[1] = {}) =>
    days.map((d) => session(MONDAY + d * DAY + 8 * HOUR, over));
  const now = MONDAY + 6 * DAY + 20 * HOUR;

  it("suggests the next aid after steady complete sessions on 5 of the last 7 days", () => {
    expect(progressionHint(steadyDays([0, 1, 3, 5, 6]), "towel", now, 0)).toMatch(
      /5 of the last 7 days — next step: move your grip closer to the foot on the towel; when that feels easy, switch the aid to a band/,
    );
    expect(progressionHint(steadyDays([0, 1, 3, 5, 6], { aid: "band" }), "band", now, 0)).toMatch(
      /next step: try it without an aid/,
    );
    expect(progressionHint(steadyDays([0, 1, 3, 5, 6], { aid: "none" }), "none", now, 0)).toMatch(
      /next step: move on to the seated stretch/,
    );
    expect(progressionHint(steadyDays([0, 1, 3, 5, 6], { aid: "seated" }), "seated", now, 0)).toMatch(/last step/);
  });

  it("waits on 4 days, bounce warnings, low steadiness, partial sessions, or sessions with another aid", () => {
    const progress =
      /no bounce warnings, steadiness 70\+\) with this aid on (\d) of the last 7 days; 5 unlock the next step \(step 1 of 4\)/;
    expect(progressionHint(steadyDays([0, 1, 3, 5]), "towel", now, 0)).toMatch(progress);
    expect(progressionHint(steadyDays([0, 1, 3, 5, 6], { bounces: [500] }), "towel", now, 0).match(progress)?.[1]).toBe(
      "0",
    );
    expect(progressionHint(steadyDays([0, 1, 3, 5, 6], { steadiness: 69 }), "towel", now, 0).match(progress)?.[1]).toBe(
      "0",
    );
    expect(
      progressionHint(steadyDays([0, 1, 3, 5, 6], { completed: false }), "towel", now, 0).match(progress)?.[1],
    ).toBe("0");
    expect(progressionHint(steadyDays([0, 1, 3, 5, 6], { aid: "band" }), "towel", now, 0).match(progress)?.[1]).toBe(
      "0",
    );
  });

  it("counts days, not sessions, and only the last 7 days", () => {
    const many = steadyDays([6, 6, 6, 6, 6]);
    expect(progressionHint(many, "towel", now, 0)).toMatch(/on 1 of the last 7 days/);
    expect(progressionHint(steadyDays([-3, -2, -1, 0, 1]), "towel", now, 0)).toMatch(/on 2 of the last 7 days/);
  });
});

describe("summary for the settings page", () => {
  it("lists bounce warnings per leg and rep for each recent session, newest first", () => {
    const history = [
      session(MONDAY, { id: "older" }),
      session(MONDAY + HOUR, { id: "newer", bounces: [1000, 5000] }),
    ].map((r) => ({ ...r, utcOffsetMinutes: 60 }));
    const summary = summarizeHistory(history, DEFAULT_ROUTINE, EMPTY_SYNC_STATE, MONDAY + 2 * HOUR, -60);
    expect(summary.recent.map((l) => l.id)).toEqual(["newer", "older"]);
    expect(summary.recent[0]).toMatchObject({
      when: "Mon 5 Jan 02:00",
      legs: "Left → Right",
      holdsDone: 6,
      holdsPlanned: 6,
      heldSeconds: 180,
      steadiness: 85,
      complete: true,
      bounceTotal: 2,
      bounces: [["right", 2, 2, 0, 30]],
    });
    expect(summary.storedSessions).toBe(2);
  });

  it("lists the last 10 to arrive, latest first, whatever their start (a watch clock far behind or ahead)", () => {
    const days = Array.from({ length: 12 }, (_, i) => session(MONDAY + i * DAY, { id: "day-" + i }));
    const behind = session(MONDAY - 365 * DAY, { id: "clock-behind" });
    const ahead = session(MONDAY + 365 * DAY, { id: "clock-ahead" });
    const stored = [ahead, ...days, behind];
    const summary = summarizeHistory(stored, DEFAULT_ROUTINE, EMPTY_SYNC_STATE, MONDAY + 11 * DAY + 12 * HOUR, 0);
    expect(summary.recent.map((l) => l.id)).toEqual([
      "clock-behind",
      ...days
        .slice(3)
        .reverse()
        .map((r) => r.id),
    ]);
    expect(summary.recent[0].when).toBe("Sun 5 Jan 00:00"); // shown with its own (start) date
    // Days still count sessions where they started: the year-old session is not today's.
    expect(summary.week.today).toBe(1);
    expect(summary.storedSessions).toBe(14);
  });

  it("gives each hold's bouncing time in whole seconds of the time held, or -1 for a version-1 result", () => {
    const result = session(MONDAY, { id: "bouncy", bounces: [4000, 9000] });
    result.holds[4].bouncingMs = 12400; // right rep 2
    result.holds[0].bouncingMs = 2600; // left rep 1: bounced without a warning still shows
    result.holds[0].achievedMs = 20400;
    const old = session(MONDAY - HOUR, { id: "old", bounces: [3000] });
    old.holds[4].bouncingMs = -1;
    const summary = summarizeHistory([old, result], DEFAULT_ROUTINE, EMPTY_SYNC_STATE, MONDAY + 2 * HOUR, 0);
    expect(summary.recent[0].bounces).toEqual([
      ["left", 1, 0, 3, 20],
      ["right", 2, 2, 12, 30],
    ]);
    expect(summary.recent[1].bounces).toEqual([["right", 2, 1, -1, 30]]);
  });

  it("is about 2.5 KB typically and stays under 6 KB in the worst case (10 sessions, bounce warnings on every hold)", () => {
    const typical: SessionResult[] = [];
    for (let i = 0; i < 20; i++)
      typical.push(
        session(MONDAY + i * 12 * HOUR, { id: "mjuq8w00-" + (1000 + i), bounces: i % 3 === 0 ? [1000] : [] }),
      );
    expect(
      JSON.stringify(summarizeHistory(typical, DEFAULT_ROUTINE, EMPTY_SYNC_STATE, MONDAY + 10 * DAY, 0)).length,
    ).toBeLessThan(3000);
    const history: SessionResult[] = [];
    for (let i = 0; i < 40; i++) {
      const r = session(MONDAY + i * HOUR, {
        id: "mjuq8w00-" + (1000 + i),
        routine: { repsPerLeg: 5, holdSeconds: 60 },
      });
      for (const h of r.holds) h.bounceAtMs = Array.from({ length: 100 }, (_, k) => k * 500);
      history.push(r);
    }
    const sync = { ...EMPTY_SYNC_STATE, lastRejection: "x".repeat(201) };
    const summary = summarizeHistory(history, DEFAULT_ROUTINE, sync, MONDAY + 2 * DAY, 0);
    expect(JSON.stringify(summary).length).toBeLessThan(6144);
  });

  it("describes a sessions' legs in stretch order, and partial sessions", () => {
    const r = session(MONDAY, { completed: false, routine: { firstLeg: "right" } });
    r.holds = [hold({ leg: "right", achievedMs: 12000, endedEarly: true, steadiness: -1 })];
    expect(sessionLine(r)).toMatchObject({
      legs: "Right",
      holdsDone: 1,
      holdsPlanned: 6,
      heldSeconds: 12,
      steadiness: -1,
      complete: false,
      bounceTotal: 0,
    });
  });
});

describe("export", () => {
  it("CSV: one row per hold with the header, times in local time", () => {
    const csv = exportCsv([{ ...session(MONDAY, { id: "abc-0001", bounces: [1500, 20000] }), utcOffsetMinutes: 60 }]);
    const lines = csv.text.trim().split("\r\n");
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines).toHaveLength(7);
    expect(lines[5]).toBe(
      "abc-0001,2026-01-05 01:00:00," +
        MONDAY +
        "," +
        (MONDAY + 300000) +
        ",yes,towel,30,right,2,30.0,no,85,2,1.5 20.0,no",
    );
    expect(csv).toMatchObject({ sessions: 1, omitted: 0 });
  });

  it("CSV: a session without holds still gets a row", () => {
    const r = { ...session(MONDAY, { id: "empty-0001", completed: false }), holds: [] };
    expect(exportCsv([r]).text.trim().split("\r\n")[1]).toBe(
      "empty-0001,2026-01-05 00:00:00," + MONDAY + "," + (MONDAY + 300000) + ",no,towel,30,,,,,,,,no",
    );
  });

  it("CSV: a session whose time the watch could not tell says so in the last column", () => {
    const known = session(MONDAY, { id: "abc-0001" });
    const unknown = { ...session(MONDAY + HOUR, { id: "abc-0002" }), timeUnknown: true };
    const lines = exportCsv([known, unknown]).text.trim().split("\r\n");
    expect(CSV_HEADER.split(",").slice(-2)).toEqual(["bounce_at_s", "time_unknown"]); // older columns unmoved
    const last = (line: string): string => line.slice(line.lastIndexOf(",") + 1);
    expect(
      lines
        .slice(1)
        .filter((l) => l.startsWith("abc-0001"))
        .map(last),
    ).toEqual(["no", "no", "no", "no", "no", "no"]);
    expect(
      lines
        .slice(1)
        .filter((l) => l.startsWith("abc-0002"))
        .map(last),
    ).toEqual(["yes", "yes", "yes", "yes", "yes", "yes"]);
  });

  it("CSV escaping: quotes, commas, newlines and formula starts", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvField("-1")).toBe("-1");
  });

  it("JSON: the full results, parseable, newest kept when the text must be cut", () => {
    const history = [
      session(MONDAY, { id: "a-0001" }),
      session(MONDAY + HOUR, { id: "b-0001" }),
      session(MONDAY + 2 * HOUR, { id: "c-0001" }),
    ];
    const full = exportJson(history, MONDAY + DAY);
    expect(JSON.parse(full.text)).toEqual({
      format: "steady-hold-history",
      version: 1,
      exportedAt: MONDAY + DAY,
      minValidHoldMs: 5000,
      omittedOlderSessions: 0,
      sessionsRemovedForRoom: 0,
      sessionsPrunedOverLimit: 0,
      sessions: history,
    });
    const cut = exportJson(history, MONDAY + DAY, 200 + 2 * (JSON.stringify(history[0]).length + 1));
    expect(cut).toMatchObject({ sessions: 2, omitted: 1 });
    expect(JSON.parse(cut.text).sessions.map((s: SessionResult) => s.id)).toEqual(["b-0001", "c-0001"]);
  });

  it("both exports stay under the limit for a full history", () => {
    const history: SessionResult[] = [];
    for (let i = 0; i < HISTORY_LIMITS.maxEntries; i++)
      history.push(session(MONDAY + i * 8 * HOUR, { id: "mjuq8w00-" + (1000 + i), bounces: [1000, 2000] }));
    const csv = exportCsv(history);
    const json = exportJson(history, MONDAY);
    expect(csv.text.length).toBeLessThanOrEqual(60000);
    expect(json.text.length).toBeLessThanOrEqual(60000);
    expect(csv.sessions + csv.omitted).toBe(history.length);
    expect(json.sessions + json.omitted).toBe(history.length);
  });
});
