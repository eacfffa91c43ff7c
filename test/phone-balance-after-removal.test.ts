// Review 43's balance: the page's left/right balance, bounce warnings and progression hint cover the
// sessions its week counts, also those no longer stored (removed for room or pruned over the limit),
// from the holds per day their record keeps; and that record keeps the latest days, by count, not by
// the clock (review 46).
import { describe, expect, it } from "vitest";
import { SessionResult, makeSessionId } from "../common/result";
import { DEFAULT_ROUTINE } from "../common/routine";
import { localDayNumber } from "../common/daily";
import { noPrunedSessions } from "../common/history-store";
import {
  EMPTY_SYNC_STATE,
  foldPruned,
  foldRemovedForRoom,
  latestWeekDay,
  summarizeHistory,
} from "../common/history-summary";
import { completedSession, hold } from "./support/builders";

const DAY = 86400000;
const HOUR = 3600000;
/** Mon 5 Jan 2026, 07:00 UTC; the sessions and the phone on UTC+1. */
const FIRST = Date.UTC(2026, 0, 5, 7);
const TZ = -60;

function session(day: number, over: Partial<SessionResult> = {}): SessionResult {
  const at = FIRST + day * DAY;
  return { ...completedSession(makeSessionId(at, 0.5), at), ...over };
}

/** The page's summary at 20:00 on `day` of `stored` and of `gone` folded as removed for room then. */
function pageOn(day: number, stored: SessionResult[], gone: SessionResult[]) {
  const now = FIRST + day * DAY + 13 * HOUR;
  const pruned = foldRemovedForRoom(noPrunedSessions(), gone, [], latestWeekDay(stored, localDayNumber(now, TZ)));
  const records = { pruned: pruned.days, held: pruned.held, goalChanges: [] };
  return { pruned, summary: summarizeHistory(stored, DEFAULT_ROUTINE, EMPTY_SYNC_STATE, now, TZ, records) };
}

describe("the balance of the sessions no longer stored", () => {
  it("adds their seconds and bounce warnings per leg, as if they were stored", () => {
    const bouncy = session(1, {
      holds: [hold({ bounceAtMs: [4000, 9000] }), hold({ leg: "right", achievedMs: 12400 })],
    });
    const all = [session(0), bouncy, session(2), session(3)];
    const whole = pageOn(3, all, []).summary;
    const removed = pageOn(3, all.slice(2), all.slice(0, 2)).summary;
    expect(removed.week).toEqual(whole.week);
    expect(removed.balance).toBe(whole.balance);
    expect(removed.balance).toBe(
      "Held this week: left 300 s, right 282 s. Both legs evenly stretched. Bounce warnings: left 2, right 0.",
    );
  });

  it("counts an abandoned session's holds, not its day", () => {
    const abandoned = session(0, { completed: false });
    const { summary } = pageOn(1, [session(1)], [abandoned]);
    expect(summary.week).toMatchObject({ sessions: 1, leftSeconds: 180, rightSeconds: 180 });
  });

  it("counts steady days with the current aid in the progression hint, and no other", () => {
    const band = { ...DEFAULT_ROUTINE, aid: "band" as const };
    const gone = [
      session(0),
      session(1, { holds: [hold({ bounceAtMs: [4000] })] }), // a bounce warning: not steady
      session(2, { routine: band }), // another aid
      session(3),
    ];
    const stored = [session(4), session(5)];
    const whole = pageOn(5, gone.concat(stored), []).summary;
    const { summary } = pageOn(5, stored, gone);
    expect(summary.progression).toBe(whole.progression);
    expect(summary.progression).toMatch(/with this aid on 4 of the last 7 days/);
  });

  it("is kept for the 8 latest days up to tomorrow, and counted only on the week's", () => {
    // Folded on Wed 14 Jan: 21 days of sessions, one a day, the last dated tomorrow.
    const gone: SessionResult[] = [];
    for (let day = -10; day <= 10; day++) gone.push(session(day));
    const { pruned, summary } = pageOn(9, [], gone);
    const today = localDayNumber(FIRST + 9 * DAY + 13 * HOUR, TZ);
    const heldDays = pruned.held.filter((_, i) => i % 6 === 0);
    expect(heldDays).toEqual([today - 6, today - 5, today - 4, today - 3, today - 2, today - 1, today, today + 1]);
    // Their days count on for the streak all the same.
    expect(summary.week).toMatchObject({ sessions: 7, leftSeconds: 7 * 90, rightSeconds: 7 * 90 });
    // The next day, tomorrow's session is in the balance, and a day more has left the week.
    const nextSummary = summarizeHistory([], DEFAULT_ROUTINE, EMPTY_SYNC_STATE, FIRST + 10 * DAY + 13 * HOUR, TZ, {
      pruned: pruned.days,
      held: pruned.held,
      goalChanges: [],
    });
    expect(nextSummary.week).toMatchObject({ sessions: 7, leftSeconds: 7 * 90, rightSeconds: 7 * 90 });
    // A session folded later on an earlier day is kept only while among the 8 latest (review 46).
    expect(foldRemovedForRoom(pruned, [session(-11)], [], today + 1).held).toEqual(pruned.held);
    // One dated the day after tomorrow is kept once it is tomorrow, not while 8 days up to tomorrow are there.
    expect(foldRemovedForRoom(pruned, [session(11)], [], today + 1).held).toEqual(pruned.held);
    const later = foldRemovedForRoom(pruned, [session(11)], [], today + 2);
    expect(later.held.filter((_, i) => i % 6 === 0)).toEqual(heldDays.slice(1).concat([today + 2]));
  });

  it("keeps the week's days before days a watch dated ahead, and those while there is room (review 47)", () => {
    const today = localDayNumber(FIRST + 3 * DAY + 13 * HOUR, TZ);
    const ahead: SessionResult[] = [];
    for (let day = 0; day < 8; day++) ahead.push(session(day + 365));
    const week = [session(0), session(1), session(2)];
    // The 8 dated a year ahead removed first, then the week's 3: all 3 kept, and the 5 earliest ahead.
    const pruned = foldRemovedForRoom(
      foldRemovedForRoom(noPrunedSessions(), ahead, [], today + 1),
      week,
      [],
      latestWeekDay([session(3)], today),
    );
    const heldDays = pruned.held.filter((_, i) => i % 6 === 0);
    expect(heldDays).toEqual(
      [today - 3, today - 2, today - 1].concat([365, 366, 367, 368, 369].map((d) => today - 3 + d)),
    );
  });

  it("keeps the week's days when the phone's clock is a week behind at a removal (review 46)", () => {
    // 8 days removed already, one a day up to 5 days ago; the one of 4 days ago is removed now, 3
    // sessions still stored, the phone's clock a week behind: the days of those say none is ahead.
    const today = localDayNumber(FIRST + 3 * DAY + 13 * HOUR, TZ);
    const older: SessionResult[] = [];
    for (let day = -9; day <= -2; day++) older.push(session(day));
    const before = foldRemovedForRoom(noPrunedSessions(), older, [], today + 1);
    const stored = [session(0), session(1), session(3)];
    const after = foldRemovedForRoom(before, [session(-1)], [], latestWeekDay(stored, today - 7));
    const heldDays = after.held.filter((_, i) => i % 6 === 0);
    expect(heldDays).toEqual([-8, -7, -6, -5, -4, -3, -2, -1].map((d) => today - 3 + d));
    const records = { pruned: after.days, held: after.held, goalChanges: [] };
    const now = FIRST + 3 * DAY + 13 * HOUR;
    const summary = summarizeHistory(stored, DEFAULT_ROUTINE, EMPTY_SYNC_STATE, now, TZ, records);
    // The week (today - 6 to today): 3 removed (6, 5 and 4 days ago) and 3 stored, 90 s a leg each.
    // By the phone's clock alone (its tomorrow 6 days ago) the one of 4 days ago was left out.
    expect(summary.week).toMatchObject({ sessions: 6, leftSeconds: 6 * 90, rightSeconds: 6 * 90 });
  });

  it("takes no cut-off from a stored session dated far from the others and the phone's clock (review 48)", () => {
    const today = localDayNumber(FIRST + 3 * DAY + 13 * HOUR, TZ);
    const yearAhead = session(2 + 365);
    expect(latestWeekDay([session(1), yearAhead, session(2), session(3)], today)).toBe(today + 1);
    expect(latestWeekDay([yearAhead], today)).toBe(today + 1);
    // The phone's clock a week behind: the days of the sessions stored still say the week's.
    expect(latestWeekDay([session(1), yearAhead, session(2), session(3)], today - 7)).toBe(today);
  });

  it("keeps the week's days in its count as in its holds, before 14 days a watch dated ahead (review 48)", () => {
    const today = localDayNumber(FIRST + 3 * DAY + 13 * HOUR, TZ);
    const ahead: SessionResult[] = [];
    for (let day = 0; day < 14; day++) ahead.push(session(day + 365));
    const week = [session(0), session(1), session(2)];
    const pruned = foldRemovedForRoom(
      foldRemovedForRoom(noPrunedSessions(), ahead, [], today + 1),
      week,
      [],
      latestWeekDay([session(3)], today),
    );
    const countedDays = pruned.days.days.filter((_, i) => i % 3 === 0);
    const aheadDays = (count: number) => Array.from({ length: count }, (_, d) => today - 3 + 365 + d);
    // The week's 3, and the 11 earliest ahead; the day dropped ahead is not folded into the streak.
    expect(countedDays).toEqual([today - 3, today - 2, today - 1].concat(aheadDays(11)));
    expect({ baseDay: pruned.days.baseDay, baseStreak: pruned.days.baseStreak }).toEqual({
      baseDay: -1,
      baseStreak: 0,
    });
    expect(pruned.held.filter((_, i) => i % 6 === 0)).toEqual([today - 3, today - 2, today - 1].concat(aheadDays(5)));
    const records = { pruned: pruned.days, held: pruned.held, goalChanges: [] };
    const now = FIRST + 3 * DAY + 13 * HOUR;
    const summary = summarizeHistory([session(3)], DEFAULT_ROUTINE, EMPTY_SYNC_STATE, now, TZ, records);
    expect(summary.week).toMatchObject({ sessions: 4, leftSeconds: 4 * 90, rightSeconds: 4 * 90 });
    // 14 days up to tomorrow: one more ahead is not kept; an older one is folded into the streak.
    const full: SessionResult[] = [];
    for (let day = -13; day <= 0; day++) full.push(session(day));
    const days = foldRemovedForRoom(noPrunedSessions(), full, [], today + 1).days;
    expect(foldRemovedForRoom({ ...noPrunedSessions(), days }, [session(365)], [], today + 1).days).toEqual(days);
    const older = foldRemovedForRoom({ ...noPrunedSessions(), days }, [session(1)], [], today + 1).days;
    expect({ first: older.days[0], baseDay: older.baseDay }).toEqual({ first: today - 15, baseDay: today - 16 });
  });

  it("covers the sessions pruned over the limit too", () => {
    const now = FIRST + 2 * DAY + 13 * HOUR;
    const latest = latestWeekDay([session(2)], localDayNumber(now, TZ));
    const pruned = foldPruned(noPrunedSessions(), [session(0), session(1)], [], latest);
    const records = { pruned: pruned.days, held: pruned.held, goalChanges: [] };
    const summary = summarizeHistory([session(2)], DEFAULT_ROUTINE, EMPTY_SYNC_STATE, now, TZ, records);
    expect(pruned.count).toBe(2);
    expect(summary.week).toMatchObject({ sessions: 3, leftSeconds: 270, rightSeconds: 270 });
  });
});
