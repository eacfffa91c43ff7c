// Review 45 (fixgoal: the goal's day on the watch). Status: FIXED (fixgoal2): "stats.cbor" keeps the
// watch's zone offset with the last day home showed (`shownOffset`), and goalChanged reads the
// revision's day in it, the zone the watch was last seen in before the change reached it. Not covered:
// a change made in another zone than the watch's last showing (docs/companion.md).
//
// What the user sees: a three-day streak at two sessions a day; on Tuesday evening one session, then
// at 23:30 (the watch app closed) they lower the daily goal to 1 on the phone, so Tuesday is met. The
// same night the clocks' time zone moves east (a flight, or the summer-time change: the offset is an
// hour or two larger the next morning). Next morning the page says streak 4 (Tuesday met by the goal
// of 1), but the watch says "streak 0 days" (Tuesday judged by the old goal of 2).
// What they should see: the watch and the page agree (streak 4), as when no zone moved
// (test/goal-changed-watch-closed.test.ts, "lowered, its transfer lost").
// Why it matters: the watch and the page disagree on the streak, the watch loses a kept day.
// Likely cause: app/stats-store.ts goalChanged takes the day of the routine's revision with the
// watch's offset *now* (`new Date().getTimezoneOffset()`), not the offset at that instant
// (`new Date(changedAt).getTimezoneOffset()`, as describeToday and the phone's recordGoal, which
// records the phone's day at the change, do): 23:30 at UTC+0 read at UTC+2 is 01:30 on Wednesday. On
// a watch whose Date knows only the current offset (travel), the revision's day cannot be found from
// the offset alone; the phone's day of the change would have to travel, or the watch keep its offset
// when home last showed (next to `shown`).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppBundle, loadBundle, packagePath } from "../sim/bundle";
import { SESSION_MS } from "./support/schedules";
import { pageWeek, streakOfThree, watchText } from "./support/streak-scene";
import { userTap } from "./support/watch-sim";

const ROOT = path.resolve(__dirname, "..");
const PACKAGES: Array<[string, () => AppBundle]> = [
  ["Versa 3 (atlas)", () => loadBundle(packagePath(ROOT, "atlas"), "atlas")],
  ["Versa 2 (mira, legacy package)", () => loadBundle(packagePath(ROOT, "mira"), "mira")],
];

describe("the daily goal lowered late in the evening, the time zone moved east overnight", () => {
  for (const [name, bundleOf] of PACKAGES)
    it(`${name}: the watch keeps the evening met as the page does (streak 4 on both)`, async () => {
      const bundle = bundleOf();
      const sim = await streakOfThree(2, Date.UTC(2026, 0, 6, 19), 4501, { bundle });
      // Tuesday 19:00: one session, the app left.
      await userTap(sim, "start-button");
      await sim.advance(SESSION_MS + 30000);
      await userTap(sim, "done-button");
      expect(watchText(sim)).toBe("Today 1/2 · streak 3 days");
      await sim.advance(60000);
      await sim.act(() => sim.killWatch());
      // Tuesday 23:30: the goal lowered to 1 on the phone; the page keeps Tuesday met.
      await sim.advance(Date.UTC(2026, 0, 6, 23, 30) - sim.clock.wallTime());
      await sim.act(() => sim.phoneSet("dailyGoal", 1));
      await sim.advance(10000);
      expect(pageWeek(sim)).toMatchObject({ today: 1, dailyGoal: 1, streakDays: 4 });
      // Overnight both move to UTC+2; the app is opened Wednesday 09:00 local.
      sim.setTimeZone("watch", 120);
      sim.setTimeZone("phone", 120);
      await sim.advance(Date.UTC(2026, 0, 7, 7) - sim.clock.wallTime());
      await sim.act(() => sim.launchWatch());
      await sim.advance(10000);
      await sim.act(() => sim.wake());
      // On main: the page 4, the watch "Today 0/1 · streak 0 days".
      expect({ watch: watchText(sim), page: pageWeek(sim).streakDays }).toEqual({
        watch: "Today 0/1 · streak 4 days",
        page: 4,
      });
    });
});
