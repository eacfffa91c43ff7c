// Review 5: "Skip" pressed at the very end of a rest, while the tick that ends the rest is still
// pending (timers run late on a busy watch; the screen still shows "Rest", "Skip" and its last
// second). app/session-runner.ts endHoldOrSkip picks the event from the stale phase ("skip"), the
// engine (common/session.ts, case "skip") first catches up — the next hold has begun — and then
// treats "skip" like "end hold early": the hold the user is about to do is closed at a fraction of
// a second and the session jumps to the next rest. The user hears the hold-start buzz, sees "Rest",
// and the session has one valid hold fewer.
import { describe, expect, it } from "vitest";
import { countValidHolds } from "../common/result";
import { Simulation } from "../sim/simulation";
import { pendingResults, startAwayFromPhone } from "./support/watch-sim";
import { robustnessBundle } from "./support/robustness-run";

const bundle = robustnessBundle();

describe("review 5 — Skip at the end of a rest", () => {
  it("does not end the hold that has just begun", async () => {
    // Seed 4 with timers up to 1 s late: 0.2 s after the first rest's end its tick has not run yet.
    const sim = new Simulation({ bundle, seed: 4, jitterMs: 1000 });
    const startAt = await startAwayFromPhone(sim);
    // The default routine: get ready 10 s, hold 30 s, rest 10 s — the first rest ends 50 s after the start.
    await sim.runUntil(startAt + 49000);
    await sim.act(() => sim.wake());
    await sim.runUntil(startAt + 50200);
    // Precondition: what the user sees is still the rest's last second with its Skip button.
    expect(sim.currentPhase()).toEqual({ phase: "rest", leg: "left", rep: 2 });
    expect(sim.element("end-hold-label").text).toBe("Skip");
    await sim.act(() => sim.tap("end-hold-button"));
    expect(sim.currentPhase()).toEqual({ phase: "hold", leg: "left", rep: 2 });
    await sim.advance(300000); // the rest of the session plays out
    const [result] = pendingResults(sim);
    expect(result.completed).toBe(true);
    const second = result.holds.find((h) => h.leg === "left" && h.rep === 2)!;
    expect(second.achievedMs).toBe(30000);
    expect(countValidHolds(result)).toBe(6);
  });
});
