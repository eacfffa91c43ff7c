// Review 15 (the fixes of review 14): results that storage could not take are written as finished
// sessions over their parked files when home hands over to the session part and when the app closes
// during a session, but not when the app closes on home. Home is where the user is when a session's
// result fails to write: the done screen says "Not saved yet: storage full. Retrying", and the
// user's next presses are Done and Back (the app exits, `unload` runs). Home's unload writes the day
// stats only (app/home.ts onEvent "unload"); its retry is 30 s away; the complete result goes with
// the app's memory although the storage had room again. The next launch finds the parked file, which
// holds the save from the start of the last hold (that save failed too), and closes it: the session
// reaches the phone as partial, its last hold 0 s. The same happens when the user taps Done and
// leaves the watch: home lets the OS close the app after 2 minutes (goHome), between two retries.
// The single-bundle app (026f70c) lost it the same way (its unload wrote the stats only); review
// 14's fix added the write to the session part's unload, not to home's.
//
// What the user suffers: a session done in full is recorded as partial (last hold 0 s), does not
// count toward the day's goal or the streak. Worse, when storage was full through a whole session
// (every save failed), that session has no file at all and vanishes without a trace.
//
// Suggested fix: home's `unload` also calls parkResults(unsaved) (as the session part's does), or
// writeUnsaved once more, so the next launch stores the complete results.
import { describe, expect, it } from "vitest";
import { robustnessBundle } from "./support/robustness-run";
import { newScheduleSimulation } from "./support/schedules";
import { endSessionWithStorageFull, expectCompleteOnPhone } from "./support/storage-full";
import { userAct, userTap } from "./support/watch-sim";

const bundle = robustnessBundle();

describe("review 15 — a result waiting in memory when the app is closed on home (storage full, then room again)", () => {
  it("is stored complete by the next launch", async () => {
    const { sim } = newScheduleSimulation({ bundle, seed: 15 });
    const id = await endSessionWithStorageFull(sim);

    await sim.act(() => sim.clearWatchWriteFailures()); // room again
    await sim.advance(3000);
    await userTap(sim, "done-button");
    await sim.advance(2000);
    await userAct(sim, () => sim.pressKey("back")); // back on home: the app closes (unload), 5 s after the session ended
    expect(sim.watch).toBeNull(); // precondition: closed

    await sim.advance(10 * 60 * 1000);
    await sim.act(() => sim.launchWatch());
    await sim.advance(60000);

    expectCompleteOnPhone(sim, id);
  });
});
