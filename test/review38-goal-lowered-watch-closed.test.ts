// Review 38: the daily goal lowered after the day's last session while the watch app is closed: the
// next morning the watch says "streak 0 days" and the settings page "Streak: 4 days".
//
// What the user sees: a three-day streak at 2 sessions a day. On the fourth evening they do one
// session on the watch and leave the app. Later, on the phone, they set "Sessions a day" to 1; the
// page says "Today: 1 session — daily goal of 1 met" and "Streak: 4 days". Next morning they open
// the app: the routine (goal 1) arrives, and the watch's home screen says "Today 0/1 · streak 0
// days" while the page still says "Streak: 4 days". Review 34's fix holds only when the watch app
// happened to be open (home shown) between the change and midnight; the usual way to change the
// goal, on the phone with the watch app closed, still loses the streak on the watch.
//
// What they should see: "Today 0/1 · streak 4 days" on the watch, as on the page: the day was shown
// met with the goal they had set that day (docs/companion.md: a past day is judged by the goal in
// force at its end, "the same rule on both sides").
//
// Why it matters: the two surfaces disagree on the same history, and the watch, the one the user
// looks at each morning, takes away a streak the phone said was kept.
//
// Why (likely): the watch learns of the new goal only when its routine arrives, and setDayGoal
// (app/stats-store.ts describeToday) applies it to the day the home screen is shown on, which is
// already the next day; the phone records the change on the day it was made (goalChanges). Likely
// fix: the routine carries the day its goal took effect (the phone's goalChanges day) and the watch
// applies the goal to that day's record when it arrives (if that day is still in its 14 days); or
// the phone judges by the goal the watch confirmed, so both use one rule.
//
// Status: FIXED (fixgoal). The routine message keeps its four fields; its revision is already the
// phone's time of the change, and the watch reads it so: a routine whose goal differs from the one it
// runs judges every day kept from the revision's day on (app/stats-store.ts goalChanged, called as
// each routine file is read), never before the last day its home showed before this start (`shown` in
// stats.cbor: a phone clock behind moves no day the watch showed after the change, review 42) nor after
// today. Older watch apps get the same four fields and apply the goal from today, as before. fix38
// carried the goal's day as a fifth field instead; review 42 found every watch app from before it
// refuses a 5-field routine (test/review42-older-watch-refuses-goal-day.test.ts) and a phone clock
// behind moved the watch's judgement back (test/review42-phone-clock-behind-goal-day.test.ts). Edges:
// test/goal-changed-watch-closed.test.ts.
import { describe, expect, it } from "vitest";
import { sessionDay } from "../common/daily";
import { SESSION_MS } from "./support/schedules";
import { pageWeek, streakOfThree, watchText } from "./support/streak-scene";
import { userTap } from "./support/watch-sim";

const HOUR = 3600000;

describe("review 38: the daily goal lowered on the phone while the watch app is closed", () => {
  it("keeps the streak on the watch the next morning, as on the page", async () => {
    // Tue 6 Jan 2026, 19:00 UTC; watch and phone in UTC. The three earlier days (08:00 and 18:00)
    // as the watch counted them and the phone stored them.
    const sim = await streakOfThree(2, Date.UTC(2026, 0, 6, 19), 38, { hours: [8, 18] });

    // One session at 2 a day this evening; then the user leaves the app.
    await userTap(sim, "start-button");
    await sim.advance(SESSION_MS + 30000);
    await userTap(sim, "done-button");
    expect(watchText(sim)).toBe("Today 1/2 · streak 3 days");
    await sim.advance(60000);
    await sim.act(() => sim.killWatch());

    // At 21:00 the goal is lowered to 1 on the phone; the page shows the day met, four days.
    await sim.advance(2 * HOUR);
    await sim.act(() => sim.phoneSet("dailyGoal", 1));
    await sim.advance(10000);
    expect(pageWeek(sim)).toMatchObject({ today: 1, dailyGoal: 1, streakDays: 4 });

    // Next morning (Wed 7 Jan, 07:00): the app opened before stretching; the routine arrives.
    await sim.advance(10 * HOUR);
    await sim.act(() => sim.launchWatch());
    await sim.advance(10000);
    await sim.act(() => sim.wake());
    expect(watchText(sim)).toMatch(/^Today 0\/1 · /); // the lowered goal reached the watch
    const page = pageWeek(sim);
    expect(page.day).toBe(sessionDay(Date.UTC(2026, 0, 7, 7), 0));
    expect(page.streakDays).toBe(4);
    // Before a fix: "Today 0/1 · streak 0 days" (yesterday judged by the goal of 2 it no longer had).
    expect(watchText(sim)).toBe("Today 0/1 · streak 4 days");
  });
});
