// Review 5: the resume offer after a kill, when the watch's clock was set back earlier in the
// session. app/index.ts measures the session's absence as Date.now() − savedAt, but savedAt is
// SESSION time (common/session.ts SessionClock: wall time plus the offset that absorbed the
// jump), not wall time. After the clock went back 10 minutes, a session killed one minute ago
// looks as if it was saved 9 minutes in the future: no resume is offered and the session is
// closed as partial at once (not counted toward the day's goal), although the user left it a
// minute ago — well inside the 5-minute window.
import { describe, expect, it } from "vitest";
import { Simulation } from "../sim/simulation";
import { startAwayFromPhone } from "./support/watch-sim";
import { robustnessBundle } from "./support/robustness-run";

const bundle = robustnessBundle();

describe("review 5 — resume offer after the clock went back during the session", () => {
  it("a session killed a minute ago is offered for resuming", async () => {
    const sim = new Simulation({ bundle, seed: 53 });
    await startAwayFromPhone(sim);
    await sim.advance(15000); // 5 s into the first hold of the default routine
    await sim.act(() => sim.jumpClock("watch", -10 * 60000)); // the phone corrects the watch's clock
    await sim.advance(12000); // the session runs on, saving its hold every 5 s
    expect(sim.element("phase-title").text).toBe("Hold");
    await sim.act(() => sim.killWatch());
    await sim.advance(60000);
    await sim.act(() => sim.launchWatch());
    expect(sim.element("resume-dialog").isVisible()).toBe(true);
  });
});
