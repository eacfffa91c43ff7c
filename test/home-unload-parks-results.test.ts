// A result storage could not take waits in home's memory and is retried; when the app is closed on
// the home screen first (back, or the OS) it is written as its finished session over its parked file
// (home's unload: parkResults), so the next launch stores the complete session, not the earlier save
// the parked file held (the session's last save failed too).
import { describe, expect, it } from "vitest";
import { robustnessBundle } from "./support/robustness-run";
import { newScheduleSimulation } from "./support/schedules";
import { endSessionWithStorageFull, expectCompleteOnPhone } from "./support/storage-full";
import { userAct, userTap } from "./support/watch-sim";

const bundle = robustnessBundle();

describe("home's unload keeps the results waiting in memory", () => {
  it("stores a complete session whose every write failed at its end, after the app is closed from home", async () => {
    const { sim } = newScheduleSimulation({ bundle, seed: 15 });
    const id = await endSessionWithStorageFull(sim);
    await userTap(sim, "done-button");
    await sim.act(() => sim.clearWatchWriteFailures()); // room again, before home's next retry (30 s)
    await userAct(sim, () => sim.pressKey("back")); // the user leaves the app from home
    expect(sim.watch).toBeNull(); // precondition: closed, with unload

    await sim.advance(60 * 1000);
    await sim.act(() => sim.launchWatch());
    await sim.advance(60 * 1000);
    expectCompleteOnPhone(sim, id);
  });
});
