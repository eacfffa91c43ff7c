// A result storage could not take waits in home's memory and is retried; when the app is closed on
// the home screen first (back, or the OS) it is written as its finished session over its parked file
// (home's unload: parkResults), so the next launch stores the complete session, not the earlier save
// the parked file held (the session's last save failed too).
import { describe, expect, it } from "vitest";
import { Simulation } from "../sim/simulation";
import { robustnessBundle } from "./support/robustness-run";
import { SESSION_MS, SHORT_ROUTINE, newScheduleSimulation, phoneHistory } from "./support/schedules";

const bundle = robustnessBundle();

async function userAct(sim: Simulation, act: () => void): Promise<void> {
  await sim.act(() => {
    sim.wake();
    act();
  });
}

describe("home's unload keeps the results waiting in memory", () => {
  it("stores a complete session whose every write failed at its end, after the app is closed from home", async () => {
    const { sim } = newScheduleSimulation({ bundle, seed: 15 });
    sim.setTimeZone("watch", 0);
    sim.setTimeZone("phone", 0);
    await sim.act(() => sim.launchWatch());
    await sim.advance(5000);
    await userAct(sim, () => sim.tap("start-button"));
    await sim.advance(SESSION_MS - 200); // the right leg's hold is about to end
    await sim.act(() => sim.failWatchWrites(/./)); // the watch's storage is full
    await sim.advance(400);
    expect(sim.element("done-summary").text).toMatch(/Not saved yet: storage full/); // precondition
    const id = [...sim.watchState.files.keys()].find((f) => f.startsWith("unsaved-"))?.slice(8, -5);
    expect(id).toBeDefined();
    await userAct(sim, () => sim.tap("done-button"));
    await sim.act(() => sim.clearWatchWriteFailures()); // room again, before home's next retry (30 s)
    await userAct(sim, () => sim.pressKey("back")); // the user leaves the app from home
    expect(sim.watch).toBeNull(); // precondition: closed, with unload

    await sim.advance(60 * 1000);
    await sim.act(() => sim.launchWatch());
    await sim.advance(60 * 1000);
    const stored = phoneHistory(sim).find((r) => r.id === id);
    expect(stored?.completed).toBe(true);
    expect(stored?.holds.map((h) => h.achievedMs)).toEqual([
      SHORT_ROUTINE.holdSeconds * 1000,
      SHORT_ROUTINE.holdSeconds * 1000,
    ]);
  });
});
