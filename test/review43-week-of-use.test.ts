// Review 43: a week of real use on a Fitbit watch and its phone, end to end through the simulator,
// on both packages (Versa 3 `atlas`, build/app.fba; Versa 2 `mira`, legacy/build/app.fba: the same
// sources, the same file formats and the same app UUID, so the phone reads the results of either).
//
// Two sessions a day from Friday 23 to Thursday 29 October 2026 (each with a bounce warning in its left
// hold), and what such a week brings: the routine changed twice on the phone while the watch app is
// closed (Friday evening), the phone restarted (Saturday), summer time ending in Berlin (Sunday 03:00),
// the phone out of reach from Sunday morning to Tuesday morning (four results wait on the watch),
// the companion killed while that backlog is arriving, a flight to New York (Tuesday evening: the
// watch's zone changes on landing, the phone's an hour later), and the watch's storage refusing
// results for a while (Thursday morning: the result waits in memory and is written later).
//
// After the week (Friday 30, 07:00 in New York) the user sees: every session on the phone once,
// complete, counted on the local date where it started (so the page lists Sunday's sessions at
// 08:00 and 20:00 winter time, New York's at their New York times); "Streak: 7 days" and 12 of 14
// sessions in the last 7 days on the page, "Today 0/2 · streak 7 days" and "Synced 29 Oct" on the
// watch; the routine last set on the phone (holds of 7 s) confirmed by the watch; nothing left to send.
//
// Status: passes (coverage: no earlier test plays these together over days).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { encodeRoutineMessage, ROUTINE_FILE } from "../common/protocol";
import { sessionDay } from "../common/daily";
import { HistorySummary } from "../common/history-summary";
import { AppBundle, loadBundle, packagePath } from "../sim/bundle";
import { encodeCbor } from "../sim/cbor";
import { Simulation } from "../sim/simulation";
import { robustnessBundle, robustnessTraces } from "./support/robustness-run";
import { SESSION_MS, SHORT_ROUTINE, SHORT_ROUTINE_SETTINGS, phoneHistory, pendingIds } from "./support/schedules";
import { userTap } from "./support/watch-sim";

beforeAll(() => {
  vi.stubEnv("TZ", "Europe/Berlin"); // both devices start on the host's zone: Berlin, with its daylight saving
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const GOAL_TWO = { ...SHORT_ROUTINE, dailyGoal: 2 };
const NEW_YORK = -240; // EDT until 1 November
const ROOT = path.resolve(__dirname, "..");

/** Runs the simulation until the wall-clock instant `utc` (ms since 1970). */
function until(sim: Simulation, utc: number): Promise<void> {
  return sim.runUntil(sim.now + utc - sim.clock.wallTime());
}

const oct = (day: number, hour: number, minute = 0) => Date.UTC(2026, 9, day, hour, minute);

/** The user opens the app, stretches once, leaves the done screen and puts the arm down (the OS closes the app). */
async function stretch(sim: Simulation): Promise<{ today: string; sync: string }> {
  if (sim.watch === null) await sim.act(() => sim.launchWatch());
  await sim.advance(4000);
  await userTap(sim, "start-button");
  await sim.advance(SESSION_MS + 3000);
  await userTap(sim, "done-button");
  await sim.advance(5000);
  await sim.act(() => sim.wake());
  const seen = { today: sim.element("today-text").text, sync: sim.element("sync-text").text };
  // The OS closes the app 2 minutes after the last touch, once no result waits in memory only.
  for (let minutes = 0; minutes < 10 && sim.watch !== null; minutes++) await sim.advance(60000);
  expect(sim.watch).toBeNull();
  return seen;
}

async function playWeek(bundle: AppBundle): Promise<{ sim: Simulation; seen: Record<string, string> }> {
  const sim = new Simulation({
    bundle,
    seed: 43,
    startTime: oct(23, 5),
    traces: robustnessTraces(), // a bout of bouncing in every left hold
    phoneSettings: { ...SHORT_ROUTINE_SETTINGS, dailyGoal: 2 },
  });
  sim.watchState.files.set(ROUTINE_FILE, encodeCbor(encodeRoutineMessage(GOAL_TWO, 1)));
  const seen: Record<string, string> = {};
  const note = (label: string, s: { today: string; sync: string }) => (seen[label] = s.today + " | " + s.sync);

  // Friday 23 (Berlin, UTC+2): two sessions; in the evening the hold is changed twice, the app closed.
  await until(sim, oct(23, 5, 30));
  note("Fri am", await stretch(sim));
  await until(sim, oct(23, 17));
  note("Fri pm", await stretch(sim));
  await until(sim, oct(23, 19));
  await sim.act(() => sim.phoneSet("holdSeconds", 6));
  await sim.advance(60000);
  await sim.act(() => sim.phoneSet("holdSeconds", 7));
  // Saturday 24: the phone restarts at noon.
  await until(sim, oct(24, 6));
  note("Sat am", await stretch(sim));
  await until(sim, oct(24, 10));
  await sim.act(() => sim.killCompanion());
  await until(sim, oct(24, 18));
  note("Sat pm", await stretch(sim));
  // Sunday 25: summer time ended at 01:00 UTC (UTC+1 now). The phone stays at home until Tuesday.
  await until(sim, oct(25, 6));
  await sim.act(() => sim.setPhoneInReach(false));
  await until(sim, oct(25, 7));
  note("Sun am", await stretch(sim));
  await until(sim, oct(25, 19));
  note("Sun pm", await stretch(sim));
  await until(sim, oct(26, 7));
  note("Mon am", await stretch(sim));
  await until(sim, oct(26, 19));
  note("Mon pm", await stretch(sim));
  // Tuesday 27, 07:00: the phone is back; the companion is killed while the four results arrive.
  await until(sim, oct(27, 6));
  await sim.act(() => {
    sim.setPhoneInReach(true);
    sim.launchWatch();
  });
  await sim.advance(2500);
  await sim.act(() => sim.killCompanion());
  await sim.advance(60000);
  note("Tue am", await stretch(sim));
  // The flight to New York: the watch takes the new zone on landing, the phone an hour later.
  await until(sim, oct(27, 20));
  sim.setTimeZone("watch", NEW_YORK);
  await until(sim, oct(27, 21));
  sim.setTimeZone("phone", NEW_YORK);
  await until(sim, oct(27, 23, 30)); // 19:30 in New York
  note("Tue pm", await stretch(sim));
  await until(sim, oct(28, 11));
  note("Wed am", await stretch(sim));
  await until(sim, oct(28, 23));
  note("Wed pm", await stretch(sim));
  // Thursday 29: the watch's storage refuses the morning's result three times (it waits in memory).
  sim.failWatchWrites(/^pending-/, 3);
  await until(sim, oct(29, 11));
  note("Thu am", await stretch(sim));
  await until(sim, oct(29, 23));
  note("Thu pm", await stretch(sim));
  // Friday 30, 07:00 in New York: the app is opened before stretching.
  await until(sim, oct(30, 11));
  await sim.act(() => sim.launchWatch());
  await sim.advance(60000);
  await sim.act(() => sim.wake());
  return { sim, seen };
}

const PACKAGES: Array<[string, () => AppBundle]> = [
  ["Versa 3 (atlas)", robustnessBundle],
  ["Versa 2 (mira, legacy package)", () => loadBundle(packagePath(ROOT, "mira"), "mira")],
];

describe.each(PACKAGES)("review 43: a week of real use on %s", (_name, bundleOf) => {
  it("ends with every session on the phone once, on its own day, and both screens agreeing", async () => {
    const { sim, seen } = await playWeek(bundleOf());

    // Along the week, on the watch's home screen after each session.
    expect(seen["Fri pm"]).toMatch(/^Today 2\/2 · streak 1 day \| Synced /);
    expect(seen["Sun am"]).toBe("Today 1/2 · streak 2 days | Waiting for phone · 1 to send");
    expect(seen["Mon pm"]).toBe("Today 2/2 · streak 4 days | Waiting for phone · 4 to send");
    expect(seen["Tue pm"]).toBe("Today 2/2 · streak 5 days | Synced 19:30"); // New York time
    expect(seen["Thu am"]).toBe("Today 0/2 · streak 6 days | ⚠ 1 not saved: storage full");
    expect(seen["Thu pm"]).toBe("Today 2/2 · streak 7 days | Synced 19:00");

    // The phone: 14 sessions, each once, complete, with its bounce warning in the left hold.
    const history = phoneHistory(sim);
    expect(history).toHaveLength(14);
    expect(new Set(history.map((r) => r.id)).size).toBe(14);
    expect(history.every((r) => r.completed)).toBe(true);
    for (const r of history)
      expect(r.holds.map((h) => [h.leg, h.bounceAtMs.length])).toEqual([
        ["left", 1],
        ["right", 0],
      ]);
    // Two on each local date, in the zone where each started (Berlin summer, Berlin winter, New York).
    const days = history.map((r) => sessionDay(r.startedAt, r.utcOffsetMinutes));
    const first = sessionDay(oct(23, 12), 120);
    expect(days).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6].map((d) => first + d));
    expect(history.map((r) => r.utcOffsetMinutes)).toEqual([
      120,
      120,
      120,
      120,
      60,
      60,
      60,
      60,
      60,
      NEW_YORK,
      NEW_YORK,
      NEW_YORK,
      NEW_YORK,
      NEW_YORK,
    ]);
    // The holds changed on Friday evening apply from Saturday: 5 s before, 7 s after.
    expect(history.map((r) => r.holds[0].targetSeconds)).toEqual([5, 5, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7]);
    expect(pendingIds(sim.watchState.files)).toEqual([]);

    // What the page shows.
    const page = sim.phone().page;
    const week = (sim.phone().history as HistorySummary).week;
    expect(week).toMatchObject({ today: 0, dailyGoal: 2, sessions: 12, daysGoalMet: 6, streakDays: 7 });
    expect(page).toContain("  Today: 0 of 2 sessions");
    expect(page).toContain("  Last 7 days: 12 of 14 sessions; goal met on 6 of 7 days");
    expect(page).toContain("  Streak: 7 days");
    expect(page.filter((l) => l.includes("⚠ 1 bounce warning — Left rep 1: bounced"))).toHaveLength(10);
    // Sunday after the change to winter time, and Tuesday evening in New York, at the wall clock's time.
    expect(page.filter((l) => /^ {2}Sun 25 Oct (08|20):00 · Left → Right/.test(l))).toHaveLength(2);
    expect(page.some((l) => l.startsWith("  Tue 27 Oct 19:30 · Left → Right"))).toBe(true);
    expect(page.some((l) => l.startsWith("  Routine on the watch: confirmed Fri 30 Oct 07:0"))).toBe(true);
    expect(page).toContain("  Last session received: Thu 29 Oct 19:00");
    expect(page.some((l) => /removed|not counted|not kept|unreadable/.test(l))).toBe(false);

    // The watch's home screen on Friday morning agrees with the page.
    expect(sim.element("today-text").text).toBe("Today 0/2 · streak 7 days");
    // Last heard from the phone on Thursday evening: a date, not a time passed off as today's (stop 29).
    expect(sim.element("sync-text").text).toBe("Synced 29 Oct");
    expect(sim.element("routine-summary").text).toBe("Hamstrings · 1 × 7 s each leg · towel");
    expect(sim.logs.filter((l) => l.level === "error" && !/ENOSPC/.test(l.text))).toEqual([]);
  });
});
