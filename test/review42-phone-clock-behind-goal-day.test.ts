// Review 42: since fix38 the watch re-judges every day it keeps from the routine's goalDay on by the
// new goal; a phone whose clock is behind sends a goalDay days before the watch's today, so raising
// the goal today takes away the days the watch already showed met: the watch's streak falls to 0.
//
// What the user sees: a three-day streak at 1 session a day; the phone's clock is two days behind (its
// date set by hand, or a network time gone wrong). This morning they raise "Sessions a day" to 2 on the
// page and open the app: the watch says "Today 0/2 · streak 0 days". Before fix38 it said "streak 3
// days" (only today was judged by the new goal).
//
// What they should see: "Today 0/2 · streak 3 days": the goal was raised today; the past days were met
// with the goal they had (docs/companion.md: a past day is judged by the goal in force at its end).
//
// Why: PhoneSync.goalDay sends goalSince(goalChanges, phone's today, goal), an absolute day number on
// the phone's wrong clock (recordGoal stored the change on that day); app/stats-store.ts describeToday
// applies the goal from Math.min(goalDay, today): the future is clamped, the past is not bounded.
//
// Likely fix: send how many days before the phone's today the goal took effect (0 for a change made
// today), and let the watch count back from its own today; a wrong phone clock then moves nothing.
// (The page judges those days by the wrong day's change too: recordGoal on a wrong clock, since
// review 34; the watch's streak should not follow it.)
import { describe, expect, it } from "vitest";
import { streakOfThree } from "./support/streak-scene";

const DAY = 24 * 3600000;

describe("review 42: the daily goal raised on a phone whose clock is two days behind", () => {
  it("keeps the days the watch showed met: streak 3 days on the watch", async () => {
    // Tue 6 Jan 2026, 07:00 UTC; watch and phone in UTC; one session a day (08:00) before.
    const sim = await streakOfThree(1, Date.UTC(2026, 0, 6, 7), 42);
    await sim.act(() => sim.killWatch());

    // The phone's clock goes two days behind; the user raises the goal on the page and opens the app.
    sim.jumpClock("phone", -2 * DAY);
    await sim.act(() => sim.phoneSet("dailyGoal", 2));
    await sim.advance(10000);
    await sim.act(() => sim.launchWatch());
    await sim.advance(10000);
    await sim.act(() => sim.wake());
    expect(sim.element("today-text").text).toMatch(/^Today 0\/2 · /); // the raised goal reached the watch
    // Since fix38: "Today 0/2 · streak 0 days" (Sun 4 and Mon 5 judged by the goal of 2).
    expect(sim.element("today-text").text).toBe("Today 0/2 · streak 3 days");
  });
});
