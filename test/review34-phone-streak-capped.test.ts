// Review 34: after three months at 3 sessions a day the phone's streak stops growing at 90 days.
//
// What the user sees: they set "Sessions a day" to 3 and stretch three times every day for 100
// days. The watch's home screen says "Today 3/3 · streak 100 days"; the phone's settings page says
// "Streak: 90 days", and tomorrow, after three more sessions, still 90 (the watch: 101). From the
// 91st day on the page's streak never grows again; at 2 sessions a day it stops at 135 days, at 1
// a day at 270. When the oldest day kept is only partly there (a fourth, extra session on some day
// shifts the cut), that day counts as missed and the page says 89.
//
// What they should see: the same streak on the phone as on the watch (100 days), the number the
// streak rule gives for the days they stretched (docs/companion.md: consecutive days meeting the
// goal up to today).
//
// Why it matters: the streak is the long-run reward; for a daily user of months the two screens
// they look at disagree, and the phone's one is the lower, frozen one.
//
// Why (likely): the phone computes the streak only from its stored history, which keeps the last
// 270 sessions to arrive (HISTORY_LIMITS, common/history-store.ts: "90 days at 3 a day"); days
// older than that are gone, so the streak cannot reach past them. The watch keeps a streak base for
// the days it no longer keeps one by one (DailyStats.baseDay/baseStreak, common/daily.ts). Likely
// fix: the phone keeps the same small record (the streak that ran up to the oldest day still
// stored, updated when pruning drops a day, or the day counts of dropped sessions) and
// summarizeWeek continues the streak from it, like summarizeDay does.
import { describe, expect, it } from "vitest";
import { describeDay, emptyStats, localDayNumber, recordSession, sessionDay, summarizeDay } from "../common/daily";
import { weekSummaryLines } from "../common/history-summary";
import { THREE_A_DAY_FIRST as FIRST, DAY_MS as DAY, threeADayPhone, threeADaySession } from "./support/phone-rig";

const GOAL = 3;
const DAYS = 100;
/** The phone's clock: the 100th day at 21:00 UTC, after its three sessions (07:00, 13:00, 19:00 UTC). */
const NOW = FIRST + (DAYS - 1) * DAY + 14 * 3600000;

describe("review 34: a streak longer than the phone's history", () => {
  it("is the same on the phone as on the watch after 100 days at 3 sessions a day", async () => {
    const sessions = [];
    for (let day = 0; day < DAYS; day++)
      for (let slot = 0; slot < 3; slot++) sessions.push(threeADaySession(day, slot, GOAL));
    // The watch counts each session as it ends (app/stats-store.ts recordCompleted).
    let stats = emptyStats();
    for (const s of sessions) stats = recordSession(stats, sessionDay(s.startedAt, s.utcOffsetMinutes), GOAL, s.id);
    const today = localDayNumber(NOW, -60);
    const watch = describeDay(summarizeDay(stats, today, GOAL));
    expect(watch).toBe("Today 3/3 · streak 100 days");

    // The phone (UTC+1) receives the same 300 sessions from the watch.
    const phone = await threeADayPhone(DAYS, GOAL);
    expect(phone.clock.now).toBe(NOW);
    expect(phone.inbox).toEqual([]);
    const summary = phone.summary();
    const page = weekSummaryLines(summary.week);
    expect(page[0]).toBe("Today: 3 sessions — daily goal of 3 met");
    // Before a fix: "Streak: 90 days" (the 270 sessions kept are the last 90 days).
    expect(page[2]).toBe("Streak: 100 days");
  });
});
