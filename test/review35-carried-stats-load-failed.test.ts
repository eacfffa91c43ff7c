// What the user sees: two sessions done today, goal 2. The first one's day count could not be
// written (stats.cbor: two writes failed, at its end and at the next Start), so home handed the day
// stats to the session part in memory. The second session ran with storage working again (its saves
// all made it), ended, and home failed to load: "Steady Hold could not load. Nothing is lost: close
// it and open it again". The user closes it and opens it again: "Today 1/2 · streak 0 days". The
// first session is gone from the day's count for good (its result is no session file any more, so
// no launch counts it again), and the goal the user reached is shown as missed.
// What it should see: "Today 2/2 · streak 1 day". docs/data-safety.md and docs/watches.md (fixwatch)
// say a hand-over between the parts is a save point "(the session in session.cbor, results, day
// stats)", which the load-failed screen relies on for "Nothing is lost". The session part never
// writes the day stats it carries: not at its saves (it retries the carried results at every save,
// parkResults, but not the stats) and not at its hand-over; only at `unload`, which the entry drops
// once no part loaded. The second case shows the same loss without the load failure: the app
// killed mid-session (no unload) after storage came back.
// Likely fix: app/session-runner.ts writes `carried.stats` (STATS_FILE) at its saves until one
// succeeds, as it does with `carried.unsaved`, and drops them from the hand-over once written.
import { describe, expect, it } from "vitest";
import { ROUTINE_FILE, encodeRoutineMessage } from "../common/protocol";
import { Simulation } from "../sim/simulation";
import { encodeCbor } from "../sim/cbor";
import { robustnessBundle } from "./support/robustness-run";
import { SESSION_MS, SHORT_ROUTINE } from "./support/schedules";
import { userTap } from "./support/watch-sim";

const bundle = robustnessBundle();

/** Goal 2 a day, away from the phone; the first session's day count is not written (two failed writes) and goes to the second session in memory. */
async function secondSessionCarriesTheStats(seed: number): Promise<Simulation> {
  const sim = new Simulation({ bundle, seed });
  sim.setTimeZone("watch", 0);
  sim.watchState.files.set(ROUTINE_FILE, encodeCbor(encodeRoutineMessage({ ...SHORT_ROUTINE, dailyGoal: 2 }, 1)));
  await sim.act(() => {
    sim.setPhoneInReach(false);
    sim.launchWatch();
  });
  await sim.advance(1000);
  await sim.act(() => sim.failWatchWrites(/^stats\.cbor/, 2));
  await userTap(sim, "start-button");
  await sim.advance(SESSION_MS + 500);
  await userTap(sim, "done-button");
  expect(sim.element("today-text").text).toBe("Today 1/2 · streak 0 days");
  await userTap(sim, "start-button"); // the second failed write: the stats go along in memory
  expect(sim.element("phase-title").text).toBe("Hold");
  await sim.advance(SESSION_MS / 2);
  return sim;
}

describe("day stats home hands to the session part in memory", () => {
  it("are kept when home then fails to load: the next launch counts both sessions", async () => {
    const sim = await secondSessionCarriesTheStats(3511);
    sim.failChunkLoads(/^home-/, 2);
    await sim.advance(SESSION_MS / 2 + 500); // the second session ends; home fails to load twice
    expect(sim.element("load-failed").isVisible()).toBe(true);
    await userTap(sim, "close-button");
    expect(sim.watch).toBeNull();

    await sim.act(() => sim.launchWatch());
    expect(sim.element("today-text").text).toBe("Today 2/2 · streak 1 day");
  });

  it("are kept when the app is killed in the session after storage came back", async () => {
    const sim = await secondSessionCarriesTheStats(3512);
    await sim.act(() => sim.killWatch());

    await sim.act(() => sim.launchWatch());
    // The second session (saved in its hold) is offered for resuming; the first is counted.
    expect(sim.element("resume-dialog").isVisible()).toBe(true);
    expect(sim.element("today-text").text).toBe("Today 1/2 · streak 0 days");
  });
});
