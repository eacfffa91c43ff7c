// What the user sees: goal 2 a day, away from the phone. The first session is done, but its day
// count could not be written (stats.cbor refused at its end and at the next Start), so home hands
// the day stats to the session part in memory. The session part's saves could not write them
// either; then storage takes writes again, the user abandons the second session (or its last hold
// ends) and home fails to load: "Steady Hold could not load. Nothing is lost: close it and open it
// again". The user does, and sees "Today 0/2": the first session's count is gone for good (its
// result is no session file any more, so no launch counts it again).
// What it should see: "Today 1/2" (the abandoned session does not count). fix35 writes carried
// stats at the session part's mid-session saves only (save()); its end (apply at DONE: saveSession,
// then handOver) writes the session but not the carried stats (nor parks the carried results), so a
// write failing at the last save before the end is never retried while storage has room, although
// docs/data-safety.md says a hand-over between the parts is a save point "(the session in
// session.cbor, results, day stats)". Every write can fail (common.md): one more failed stats write
// than review 35's case brings the same loss back.
// Likely fix: app/session-runner.ts, at DONE (or in handOver), also try what save() tries for the
// hand-over (the carried stats, and parkResults when not parked yet) before host.load("home").
import { describe, expect, it } from "vitest";
import { ROUTINE_FILE, encodeRoutineMessage } from "../common/protocol";
import { Simulation } from "../sim/simulation";
import { encodeCbor } from "../sim/cbor";
import { robustnessBundle } from "./support/robustness-run";
import { SESSION_MS, SHORT_ROUTINE } from "./support/schedules";
import { userTap } from "./support/watch-sim";

const bundle = robustnessBundle();

describe("day stats the session part carries, all its saves having failed to write them", () => {
  it("are written when the session ends and storage takes writes again: home failing to load loses no count", async () => {
    const sim = new Simulation({ bundle, seed: 4001 });
    sim.setTimeZone("watch", 0);
    sim.watchState.files.set(ROUTINE_FILE, encodeCbor(encodeRoutineMessage({ ...SHORT_ROUTINE, dailyGoal: 2 }, 1)));
    await sim.act(() => {
      sim.setPhoneInReach(false);
      sim.launchWatch();
    });
    await sim.advance(1000);
    await sim.act(() => sim.failWatchWrites(/^stats\.cbor/)); // every stats write fails for a while
    await userTap(sim, "start-button");
    await sim.advance(SESSION_MS + 500);
    await userTap(sim, "done-button");
    expect(sim.element("today-text").text).toBe("Today 1/2 · streak 0 days");
    await userTap(sim, "start-button"); // the stats go to the session part in memory
    expect(sim.element("phase-title").text).toBe("Hold");
    await sim.advance(SESSION_MS / 2); // its saves (start, checkpoints) fail to write them
    sim.clearWatchWriteFailures(); // storage takes writes again

    sim.failChunkLoads(/^home-/, 2);
    await sim.act(() => {
      sim.wake();
      sim.pressKey("back");
    });
    await userTap(sim, "abandon-yes"); // the session ends; home fails to load twice
    expect(sim.element("load-failed").isVisible()).toBe(true);
    await userTap(sim, "close-button");
    expect(sim.watch).toBeNull();

    await sim.act(() => sim.launchWatch());
    expect(sim.element("today-text").text).toBe("Today 1/2 · streak 0 days");
  });
});
