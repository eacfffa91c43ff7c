// Review 49: a Fitbit watch whose clock is reset (an empty battery: 1 January 1970) rewrites the goal
// of every day it keeps with the current goal as soon as home shows, so once the clock is set again
// its streak is judged by a goal those days never had.
//
// What the user sees: a three-day streak at 1 session a day (Sat 3 to Mon 5 Jan 2026, UTC). On
// Tuesday morning they raise "Sessions a day" to 2 on the phone; the watch says "Today 0/2 · streak
// 3 days" and the page "Streak: 3 days". The watch's battery runs out; charged, its clock starts at
// 01:00 on 1 January 1970 and the app is opened before the phone sets the time (home shows). Once the
// clock is set again (Tuesday 10:00) the watch says "Today 0/2 · streak 0 days" while the page still
// says 3 days, and it stays so: stats.cbor now holds goal 2 for Saturday to Monday.
//
// What they should see: "Today 0/2 · streak 3 days" on the watch, as on the page: the days already
// past keep the goal in force at their end (review 34/38), whatever the clock said for a while.
//
// Why it matters: the brief's data safety — the watch's "Today n/goal · streak" and the page's must
// agree; a clock reset (docs/data-safety.md: clocks jump) must not break a streak for good.
//
// Why (likely): app/stats-store.ts describeToday calls setDayGoal(stats, today, goal) with today the
// reset clock's day (0, or -1 west of UTC), and setDayGoal judges every kept day >= `from` by the
// goal: all of them (every kept day is >= 0). goalChanged has the same hole (`from` = today when the
// last shown day is "ahead"). Likely fix: judge no day after the reset clock's today (or only the
// day `today` itself, not every later one, when today is before the last day shown).
//
// Status: FIXED (fix50): a watch clock before 2020 (the protocol's earliest time; the Bangle app treats
// such a clock as unset) is no day: describeToday shows today's line without judging any day or writing
// `shown`, and goalChanged has no today then (judges from the change's day, bounded by the last day
// shown). The second case, the raised goal arriving on the reset clock (goalChanged), gave streak 0 before.
import { describe, expect, it } from "vitest";
import { parseStats } from "../common/daily";
import { decodeCbor } from "../sim/cbor";
import { pageWeek, streakOfThree, watchText } from "./support/streak-scene";

const HOUR = 3600000;
/** Tue 6 Jan 2026, 09:00 UTC. */
const TUESDAY_9AM = Date.UTC(2026, 0, 6, 9);

describe("review 49: the watch's clock reset while the goal was raised today", () => {
  it("keeps the past days' goal: once the clock is set again the streak is the page's", async () => {
    const sim = await streakOfThree(1, TUESDAY_9AM, 4901);
    // The goal raised to 2 on the phone this morning; it reaches the watch.
    await sim.act(() => sim.phoneSet("dailyGoal", 2));
    await sim.advance(10000);
    await sim.act(() => sim.wake());
    expect(watchText(sim)).toBe("Today 0/2 · streak 3 days");
    expect(pageWeek(sim)).toMatchObject({ today: 0, dailyGoal: 2, streakDays: 3 });
    await sim.act(() => {
      sim.setPhoneInReach(false);
      sim.killWatch();
    });

    // The battery ran out: the clock starts again at 01:00 UTC on 1 January 1970; home shows.
    sim.jumpClock("watch", HOUR - sim.watchClock.now());
    await sim.act(() => sim.launchWatch());
    await sim.advance(1000);
    expect(watchText(sim)).toMatch(/^Today 0\/2/);
    await sim.act(() => sim.killWatch());

    // The phone sets the clock again: Tuesday 10:00.
    sim.jumpClock("watch", TUESDAY_9AM + HOUR - sim.watchClock.now());
    await sim.act(() => sim.launchWatch());
    await sim.advance(1000);
    const stored = parseStats(decodeCbor(sim.watchState.files.get("stats.cbor") as Uint8Array)).stats;
    // Measured on main: "Today 0/2 · streak 0 days" (the page still 3 days), and stats.cbor holding
    // goal 2 for Saturday to Monday, met by goal 1, in force at their end.
    expect(pageWeek(sim).streakDays).toBe(3);
    expect(watchText(sim)).toBe("Today 0/2 · streak 3 days");
    expect(stored.days.filter((_, i) => i % 3 === 2)).toEqual([1, 1, 1]);
  });

  it("keeps the past days' goal when the raised goal reaches the watch on the reset clock", async () => {
    const sim = await streakOfThree(1, TUESDAY_9AM, 4903);
    await sim.act(() => sim.killWatch());

    // The battery ran out: the clock starts again at 01:00 UTC on 1 January 1970; the app is opened
    // and, the phone in reach, the goal raised to 2 on the phone reaches the watch (goalChanged).
    sim.jumpClock("watch", HOUR - sim.watchClock.now());
    await sim.act(() => sim.launchWatch());
    await sim.act(() => sim.phoneSet("dailyGoal", 2));
    await sim.advance(10000);
    await sim.act(() => sim.wake());
    expect(watchText(sim)).toMatch(/^Today 0\/2/);
    await sim.act(() => sim.killWatch());

    // The clock set again: Tuesday 10:00.
    sim.jumpClock("watch", TUESDAY_9AM + HOUR - sim.watchClock.now());
    await sim.act(() => sim.launchWatch());
    await sim.advance(1000);
    const stored = parseStats(decodeCbor(sim.watchState.files.get("stats.cbor") as Uint8Array)).stats;
    // Before the fix: goalChanged judged from the reset clock's day 0, every kept day: streak 0.
    expect({ watch: watchText(sim), page: pageWeek(sim).streakDays }).toEqual({
      watch: "Today 0/2 · streak 3 days",
      page: 3,
    });
    expect(stored.days.filter((_, i) => i % 3 === 2)).toEqual([1, 1, 1]);
  });
});
