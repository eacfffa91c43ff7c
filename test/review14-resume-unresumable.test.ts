// Review 14 (the watch app in two parts): home offers to resume a saved session the engine cannot
// run. Home no longer has the engine's checks: app/session-store.ts readSaved takes any string as a
// phase, and app/home.ts `start` offers every saved session that is not "done" (026f70c offered only
// an active one, `isSessionActive`, and set a file whose phase is not a phase name aside at launch).
//
// What the user suffers:
// - A "session.cbor" saved in phase "idle" (damaged storage; never written so by this app, but the
//   file is read back as it is): "Resume?" → Yes opens a session screen that never moves on. No tick
//   is due, the abandon question's Yes ("abort") does nothing to an idle session, back only toggles
//   that question, and the app timeout is off (not paused): the app cannot be left at all.
// - A phase that is no phase name ("warm-up"): the question is asked for a file the session part then
//   sets aside as damaged; Yes drops the user on the home screen with nothing resumed.
//
// Suggested fix: in readSaved (or home's loop), offer a session only when its phase is one of the
// running phases (get-ready, hold, rest, switch: a literal list costs home no engine); set any other
// non-"done" phase aside as damaged, and let an "idle" one go as an attempt, as 026f70c did.
import { describe, expect, it } from "vitest";
import { launchWithSessionSavedInHold } from "./support/saved-in-hold";
import { userAct } from "./support/watch-sim";

describe("review 14 — the resume question only for a session the app can run", () => {
  it("a sound saved hold is offered (the fixture is right)", async () => {
    const sim = await launchWithSessionSavedInHold({ seed: 14, phase: "hold" });
    expect(sim.element("resume-dialog").isVisible()).toBe(true);
  });

  it('a session saved in phase "idle" is not offered, and never leaves the user on a screen they cannot leave', async () => {
    const sim = await launchWithSessionSavedInHold({ seed: 14, phase: "idle" });
    const offered = sim.element("resume-dialog").isVisible();
    if (offered) await userAct(sim, () => sim.tap("resume-yes"));
    await sim.advance(5000);
    // Whatever the app showed, the user can end it: back, "End this session? Yes", back again leaves the app.
    if (sim.watch !== null && sim.element("abandon-yes") !== null) {
      await userAct(sim, () => sim.pressKey("back"));
      if (sim.watch !== null && sim.element("abandon-dialog").isVisible())
        await userAct(sim, () => sim.tap("abandon-yes"));
      await sim.advance(1000);
      if (sim.watch !== null && sim.element("done-button").isVisible())
        await userAct(sim, () => sim.tap("done-button"));
      if (sim.watch !== null) await userAct(sim, () => sim.pressKey("back"));
      await sim.advance(1000);
    }
    await sim.advance(3 * 60 * 1000); // nor does the OS close it after 2 minutes without a touch
    expect(sim.watch).toBeNull(); // the app could be left
    expect(offered).toBe(false);
  });

  it("a session whose phase is no phase name is set aside at launch, not offered", async () => {
    const sim = await launchWithSessionSavedInHold({ seed: 14, phase: "warm-up" });
    expect(sim.element("resume-dialog").isVisible()).toBe(false);
    expect(sim.watchState.files.has("session.cbor.bad")).toBe(true);
  });
});
