// Review 38: the phone forgets the goal in force on a day once 30 later goal changes were recorded,
// and the page's streak falls by that day, overnight, without anything happening on it.
//
// What the user sees: on the first day (goal 2) they do one session in the morning and, that
// evening, set "Sessions a day" to 1: the page says the day is met, "Streak: 1 day". From then on
// they change the goal every morning (2 one day, 1 the next: a light and a hard day) and do two
// sessions each day, meeting either goal. After 31 such days the page says "Streak: 31 days", not
// 32: the first day, shown met while it was today and for a month after, is judged again by the
// goal of its session's routine (2) and is no longer met. The watch (when the lowered goal reached
// it that evening) folded that day into its streak with the goal it had at its end: it still counts it.
//
// What they should see: "Streak: 32 days": a past day stays judged by the goal in force at its
// end (docs/companion.md, review 34), however many changes came after it.
//
// Why it matters: a long streak drops by a day (or ends, when the forgotten day is one the new
// rule had rescued in the middle of it) for a user who simply adjusts the goal often, and the
// page then disagrees with the watch.
//
// Why (likely): recordGoal (common/history-summary.ts) keeps only the last GOAL_CHANGES_KEPT (30)
// [day, goal] pairs ("far more than a streak's worth of changes", which a streak of more than 30
// days is not); goalInForce then gives -1 for the days before the oldest pair kept, and
// summarizeWeek falls back to their sessions' goal. Likely fix: drop a change only once no stored
// session's day is before the next change (days older than the stored sessions are in the pruned
// record, judged when folded), or keep the first pair's goal for the days before it.
import { describe, expect, it } from "vitest";
import { DAY_MS as DAY, HOUR_MS as HOUR, PhoneRig, sessionWithGoal } from "./support/phone-rig";

/** Mon 5 Jan 2026, 00:00 UTC; the phone and the sessions in UTC+1. */
const DAY0 = Date.UTC(2026, 0, 5);

describe("review 38: a goal change more than 30 changes ago", () => {
  it("still judges the day it was made on: the page's streak does not drop by that day", async () => {
    const phone = new PhoneRig({ now: DAY0 + 8 * HOUR });
    const clock = phone.clock;
    phone.settings.setItem("dailyGoal", "2");
    const week = () => phone.week();
    /** A session of the 2-a-day routine, read by the running companion. */
    const receive = async (startedAt: number) => {
      phone.push(sessionWithGoal(startedAt, 2));
      await phone.drainInbox();
    };
    const setGoal = (goal: number) => phone.setGoal(goal);

    // Day 0: one session at 07:00 UTC (goal 2), the goal lowered to 1 at 20:00 UTC.
    await phone.sync();
    await receive(DAY0 + 7 * HOUR);
    clock.now = DAY0 + 20 * HOUR;
    await setGoal(1);
    expect(week()).toMatchObject({ today: 1, dailyGoal: 1, streakDays: 1 });

    // Days 1 to 31: the goal changed each morning (2, 1, 2, …), then two sessions.
    for (let k = 1; k <= 31; k++) {
      clock.now = DAY0 + k * DAY + 6 * HOUR;
      await setGoal(k % 2 === 1 ? 2 : 1);
      await receive(DAY0 + k * DAY + 7 * HOUR);
      clock.now = DAY0 + k * DAY + 9 * HOUR;
      await receive(DAY0 + k * DAY + 8 * HOUR);
      // Every day so far met, day 0 included (as the page showed it).
      if (k === 29) expect(week().streakDays).toBe(30);
    }
    // Day 31, evening: 32 days met. Before a fix: 31 (day 0 judged by its session's goal of 2).
    expect(week()).toMatchObject({ today: 2, streakDays: 32 });
  });
});
