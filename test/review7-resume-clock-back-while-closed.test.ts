// Review 7: the resume offer when the watch's clock is set back while the app is closed (the
// phone corrects the clock as the watch reconnects, before the user opens the app again).
// Review 5's fix (0f4e5d1) measures the time away as the session file's age by its mtime
// (app/session-store.ts wallAge), so a clock change DURING the session no longer matters. But a
// clock set back AFTER the save makes the file's age negative, and app/index.ts launch() offers
// to resume only when `age >= 0`: the session the user left a minute ago is closed as partial
// at once, without asking — the very symptom review 5 fixed, one step later.
import { describe, expect, it } from "vitest";
import { Simulation } from "../sim/simulation";
import { startAwayFromPhone } from "./support/watch-sim";
import { robustnessBundle } from "./support/robustness-run";

const bundle = robustnessBundle();

describe("review 7 — resume offer after the clock went back while the app was closed", () => {
  it("a session killed a minute ago is offered for resuming", async () => {
    const sim = new Simulation({ bundle, seed: 71 });
    await startAwayFromPhone(sim);
    await sim.advance(22000); // 12 s into the first hold of the default routine (saved every 5 s)
    expect(sim.element("phase-title").text).toBe("Hold");
    await sim.act(() => sim.killWatch());
    await sim.advance(60000);
    await sim.act(() => sim.jumpClock("watch", -10 * 60000)); // the phone corrects the watch's clock
    await sim.advance(1000);
    await sim.act(() => sim.launchWatch());
    // The user left a minute ago, well inside the 5-minute window.
    expect(sim.element("resume-dialog").isVisible()).toBe(true);
  });

  // The same when the clock goes back during the session, as in review 5, but in a phase that
  // saves nothing afterwards (get ready: saved once, as it began): the file's mtime is from before
  // the jump, so its age is negative too.
  it("a session killed a minute after the clock went back in get-ready is offered for resuming", async () => {
    const sim = new Simulation({ bundle, seed: 72 });
    await startAwayFromPhone(sim);
    await sim.advance(3000); // 3 s into the 10 s get-ready
    await sim.act(() => sim.jumpClock("watch", -10 * 60000)); // the phone corrects the watch's clock
    await sim.advance(2000);
    expect(sim.element("phase-title").text).toBe("Get ready");
    await sim.act(() => sim.killWatch());
    await sim.advance(60000);
    await sim.act(() => sim.launchWatch());
    expect(sim.element("resume-dialog").isVisible()).toBe(true);
  });
});
