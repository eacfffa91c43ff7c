// The daily goal changed on the phone while the watch app is closed (review 38's fix, its edges): the
// watch judges the days since the change by the new goal from the routine's revision (the phone's time
// of the change), never before the last day its home showed before this launch nor after today, so
// the watch and the page agree on the streak (docs/companion.md, "History rules").
import { describe, expect, it } from "vitest";
import { Simulation } from "../sim/simulation";
import { SESSION_MS } from "./support/schedules";
import { pageWeek, streakOfThree, watchText } from "./support/streak-scene";
import { userTap } from "./support/watch-sim";

const HOUR = 3600000;
const DAY = 24 * HOUR;

/** One session on Tue 6 Jan 2026 at 19:00 UTC with the app open, then the app left. */
async function oneSessionTonight(goal: number, seed: number, zoneMinutes = 0): Promise<Simulation> {
  const sim = await streakOfThree(goal, Date.UTC(2026, 0, 6, 19), seed, { zoneMinutes });
  await userTap(sim, "start-button");
  await sim.advance(SESSION_MS + 30000);
  await userTap(sim, "done-button");
  expect(watchText(sim)).toBe("Today 1/" + goal + " · streak " + (goal === 1 ? 4 : 3) + " days");
  await sim.advance(60000);
  await sim.act(() => sim.killWatch());
  return sim;
}

/** The app opened at `at` (the routine arrives): the watch's and the page's lines. */
async function openAt(sim: Simulation, at: number): Promise<{ watch: string; page: number }> {
  await sim.advance(at - sim.clock.wallTime());
  await sim.act(() => sim.launchWatch());
  await sim.advance(10000);
  await sim.act(() => sim.wake());
  return { watch: watchText(sim), page: pageWeek(sim).streakDays };
}

const WED_7AM = Date.UTC(2026, 0, 7, 7);

describe("the daily goal changed on the phone while the watch app is closed", () => {
  it("raised in the evening: the day is judged by the raised goal on the watch as on the page (streak 0)", async () => {
    const sim = await oneSessionTonight(1, 381);
    await sim.advance(2 * HOUR);
    await sim.act(() => sim.phoneSet("dailyGoal", 2));
    await sim.advance(10000);
    expect(pageWeek(sim)).toMatchObject({ today: 1, dailyGoal: 2, streakDays: 3 });
    // Before the fix: "Today 0/2 · streak 4 days" (Tuesday judged by the goal of 1 it no longer had).
    expect(await openAt(sim, WED_7AM)).toEqual({ watch: "Today 0/2 · streak 0 days", page: 0 });
  });

  it("lowered in the evening, raised again after midnight: each day by the goal at its end (streak 4)", async () => {
    const sim = await oneSessionTonight(2, 382);
    await sim.advance(2 * HOUR);
    await sim.act(() => sim.phoneSet("dailyGoal", 1));
    await sim.advance(10000);
    await sim.advance(Date.UTC(2026, 0, 7, 6) - sim.clock.wallTime());
    await sim.act(() => sim.phoneSet("dailyGoal", 3));
    await sim.advance(10000);
    // Both routines wait in the inbox; each goal counts from its own change.
    expect(await openAt(sim, WED_7AM)).toEqual({ watch: "Today 0/3 · streak 4 days", page: 4 });
  });

  it("lowered twice the same evening: the last goal judges the day", async () => {
    const sim = await oneSessionTonight(3, 383);
    await sim.advance(2 * HOUR);
    await sim.act(() => sim.phoneSet("dailyGoal", 2));
    await sim.advance(HOUR);
    await sim.act(() => sim.phoneSet("dailyGoal", 1));
    await sim.advance(10000);
    expect(await openAt(sim, WED_7AM)).toEqual({ watch: "Today 0/1 · streak 4 days", page: 4 });
  });

  it("lowered just after midnight: the day before keeps the goal it ended with (streak 0 on both)", async () => {
    const sim = await oneSessionTonight(2, 384);
    await sim.advance(Date.UTC(2026, 0, 7, 0, 30) - sim.clock.wallTime());
    await sim.act(() => sim.phoneSet("dailyGoal", 1));
    await sim.advance(10000);
    expect(await openAt(sim, WED_7AM)).toEqual({ watch: "Today 0/1 · streak 0 days", page: 0 });
  });

  it("lowered just after midnight, the zone moved west overnight: the day before keeps its goal (streak 0 on both)", async () => {
    // At UTC+2 the session is Tuesday 21:00 and the change Wednesday 00:30; the watch opens at UTC.
    // Read in the zone now, the change's instant (Tuesday 22:30 UTC) would fall on Tuesday.
    const sim = await oneSessionTonight(2, 389, 120);
    await sim.advance(Date.UTC(2026, 0, 6, 22, 30) - sim.clock.wallTime());
    await sim.act(() => sim.phoneSet("dailyGoal", 1));
    await sim.advance(10000);
    sim.setTimeZone("watch", 0);
    sim.setTimeZone("phone", 0);
    expect(await openAt(sim, WED_7AM)).toEqual({ watch: "Today 0/1 · streak 0 days", page: 0 });
  });

  it("lowered after the watch's clock had run two days ahead: no day before today is judged again (streak 0)", async () => {
    // Home last showed on the watch's Thursday; its clock is set right before the change. That
    // shown day is no bound, so the watch keeps its safe default: the goal from today on (as before
    // review 38's fix), and the page, on a right clock, keeps the day met.
    const sim = await streakOfThree(2, Date.UTC(2026, 0, 6, 19), 388);
    await userTap(sim, "start-button");
    await sim.advance(SESSION_MS + 30000);
    sim.jumpClock("watch", 2 * DAY);
    await userTap(sim, "done-button");
    expect(watchText(sim)).toBe("Today 0/2 · streak 0 days"); // Thursday, Wednesday without a session
    await sim.advance(60000);
    await sim.act(() => sim.killWatch());
    sim.jumpClock("watch", -2 * DAY);
    await sim.advance(2 * HOUR);
    await sim.act(() => sim.phoneSet("dailyGoal", 1));
    await sim.advance(10000);
    expect(await openAt(sim, WED_7AM)).toEqual({ watch: "Today 0/1 · streak 0 days", page: 4 });
  });

  it("lowered, its transfer lost: the routine resent at the next launch still judges the day before (streak 4)", async () => {
    const sim = await oneSessionTonight(2, 385);
    await sim.advance(2 * HOUR);
    sim.dropNextTransfers("phone-to-watch", 1);
    await sim.act(() => sim.phoneSet("dailyGoal", 1));
    await sim.advance(10000);
    expect(sim.watchState.inbox).toEqual([]);
    // The launch confirms the older revision; the phone resends the routine of 21:00 under its revision.
    await openAt(sim, WED_7AM);
    await sim.advance(60000);
    expect({ watch: watchText(sim), page: pageWeek(sim).streakDays }).toEqual({
      watch: "Today 0/1 · streak 4 days",
      page: 4,
    });
  });

  it("lowered, its routine arriving twice: applied once, the streak kept (streak 4)", async () => {
    const sim = await oneSessionTonight(2, 386);
    await sim.advance(2 * HOUR);
    sim.duplicateNextTransfers("phone-to-watch", 1);
    await sim.act(() => sim.phoneSet("dailyGoal", 1));
    await sim.advance(10000);
    expect(sim.watchState.inbox.length).toBe(2);
    expect(await openAt(sim, WED_7AM)).toEqual({ watch: "Today 0/1 · streak 4 days", page: 4 });
  });
});

describe("the daily goal raised on a phone whose clock has been wrong since before its last routine", () => {
  for (const [how, offset] of [
    ["two days behind", -2 * DAY],
    ["two days ahead", 2 * DAY],
  ] as const)
    it(`${how}: the days before the watch last showed keep their goal (streak 3)`, async () => {
      // The watch showed home this morning; the phone's first routine already carries its wrong time.
      const sim = await streakOfThree(1, Date.UTC(2026, 0, 6, 7), 387, { phoneClockMs: offset });
      await sim.act(() => sim.killWatch());
      await sim.advance(HOUR);
      await sim.act(() => sim.phoneSet("dailyGoal", 2));
      await sim.advance(10000);
      await sim.act(() => sim.launchWatch());
      await sim.advance(10000);
      await sim.act(() => sim.wake());
      expect(watchText(sim)).toBe("Today 0/2 · streak 3 days");
    });
});
