// Review 11: app/session-store.ts sound() now checks a saved session's phase as a key of
// PHASE_TITLE (`typeof PHASE_TITLE[s.phase] === "string"`) instead of a list of the six phase
// names. A property look-up turns its key into a string first, so a damaged "session.cbor" whose
// phase is not a string but a list holding a name (["hold"]) passes: the launch offers to resume a
// session the engine cannot run as saved (no phase of its own: `s.phase === HOLD` is false), where
// 43515e9 set the file aside as damaged ("Decoders never throw; bad input is a clear, logged
// rejection with a safe default").
import { describe, expect, it } from "vitest";
import { launchWithSessionSavedInHold } from "./support/saved-in-hold";

describe("review 11 — a saved session's phase must be one of the phase names", () => {
  it("a sound saved hold is offered for resuming (the fixture is right)", async () => {
    const sim = await launchWithSessionSavedInHold({ seed: 11, phase: "hold" });
    expect(sim.element("resume-dialog").isVisible()).toBe(true);
  });

  it('a saved session whose phase is a list (["hold"]) is set aside as damaged, not offered for resuming', async () => {
    const sim = await launchWithSessionSavedInHold({ seed: 11, phase: ["hold"] });
    expect(sim.element("resume-dialog").isVisible()).toBe(false);
    expect(sim.watchState.files.has("session.cbor.bad")).toBe(true);
  });

  it("a saved session whose routine is out of its limits (a cue count of 3e128 would keep the catch-up looping) is set aside", async () => {
    const sim = await launchWithSessionSavedInHold({ seed: 11, phase: "hold", lastSecondsCue: 3e128 });
    expect(sim.element("resume-dialog").isVisible()).toBe(false);
    expect(sim.watchState.files.has("session.cbor.bad")).toBe(true);
  });
});
