// Review 15 (the fixes of review 14): a result that could not be written (storage full) is written
// as its finished session over its parked file only when home hands over and when the app is closed
// with `unload` during the next session. When the storage has room again during that session (its
// own saves, every phase change and every 5 s of a hold, succeed again), nothing rewrites the parked
// file: it keeps the save from the start of the first session's last hold (that save failed too).
// If the app then dies without `unload` — the battery runs out, the watch restarts, JerryScript runs
// out of memory, the OS kills it — the complete result goes with the memory, and the next launch
// closes the stale parked file: a session done in full reaches the phone as partial, last hold 0 s.
// The single-bundle app (026f70c) retried the write 30 s after the failure, session or not, so a
// minute later the complete result was on storage; the session part has no retry (stopRetrying).
//
// What the user suffers: a session done in full is recorded as partial (its last hold 0 s), does not
// count toward the day's goal or streak.
//
// Suggested fix: the session part calls parkResults(carried.unsaved) once a save of its own has
// succeeded again (storage has room: e.g. the first saveSession that returns true while results
// wait, then forget them for the parking), or on a slow retry timer, as well as on unload.
import { describe, expect, it } from "vitest";
import { robustnessBundle } from "./support/robustness-run";
import { newScheduleSimulation } from "./support/schedules";
import { endSessionWithStorageFull, expectCompleteOnPhone } from "./support/storage-full";
import { launchDecliningResume, userTap } from "./support/watch-sim";

const bundle = robustnessBundle();

describe("review 15 — a result waiting in memory when the next session's app dies without unload (storage full, then room again)", () => {
  it("is stored complete by the next launch", async () => {
    const { sim } = newScheduleSimulation({ bundle, seed: 153 });
    const id = await endSessionWithStorageFull(sim);

    // Session 2 at once; the storage has room again a second into it; the user pauses it a minute.
    await userTap(sim, "done-button");
    await userTap(sim, "start-button");
    await sim.advance(1000);
    await sim.act(() => sim.clearWatchWriteFailures());
    await sim.advance(1000);
    await userTap(sim, "session-tap"); // pause (saved: the session's own saves succeed again)
    await sim.advance(60000); // a minute paused (the OS closes a paused app only after 2 minutes)
    expect(sim.watchState.files.has("session.cbor")).toBe(true); // precondition: the session's saves succeed
    await sim.act(() => sim.killWatch()); // the app dies without unload (battery, crash, out of memory)

    await sim.advance(60000);
    await launchDecliningResume(sim, 3000);
    await sim.advance(60000);

    expectCompleteOnPhone(sim, id);
  });
});
