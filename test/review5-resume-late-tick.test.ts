// Review 5: resuming a saved session whose save came after its last hold had ended but before
// the late tick processed that end. app/session-runner.ts resumeSession catches the saved state up
// to its save time with reduceSession(saved.state, pause, savedAt) and keeps only `.state`: when
// that catch-up ends the session, the step's `result` is dropped — never stored, never sent, not
// counted. The done screen shows the session, and the session file still holds the unfinished
// one, so the next session overwrites it and the finished session is lost for good.
// Reachable whenever the OS closes the app (unload saves the running session) between a phase's
// end and the timer's late callback; the runner itself allows for late timers (screen off, busy).
import { describe, expect, it } from "vitest";
import { decodeSavedSession } from "../common/saved-session";
import { decodeCbor } from "../sim/cbor";
import { robustnessBundle } from "./support/robustness-run";
import { SESSION_MS, SHORT_ROUTINE, newScheduleSimulation, phoneHistory } from "./support/schedules";
import { userTap } from "./support/watch-sim";

const bundle = robustnessBundle();

describe("review 5 — resume after a save that came after the session's last boundary", () => {
  it("the session finished by the resume's catch-up is stored, sent and not lost to the next session", async () => {
    // Seed 3 with timers up to 1.5 s late: the tick that ends the right leg's hold is still pending 0.3 s after its end.
    const { sim, files } = newScheduleSimulation({ bundle, seed: 3, jitterMs: 1500 });
    await sim.act(() => sim.launchWatch());
    await sim.advance(5000);
    const startAt = sim.now;
    await userTap(sim, "start-button");
    await sim.runUntil(startAt + SESSION_MS + 300);
    expect(sim.currentPhase()?.phase).toBe("hold"); // precondition: the late tick has not run yet
    await sim.act(() => sim.watch!.exit("os")); // the OS closes the app: unload saves the running session
    const saved = decodeSavedSession(decodeCbor(files.get("session.cbor")!))!;
    expect(saved.state.phase).toBe("hold");
    expect(saved.savedAt).toBeGreaterThan(saved.state.phaseEndsAt); // saved after the hold's end
    const firstId = saved.state.id;

    await sim.advance(30000);
    await sim.act(() => sim.launchWatch());
    expect(sim.element("resume-dialog").isVisible()).toBe(true);
    await userTap(sim, "resume-yes");
    await sim.advance(1000);
    expect(sim.element("done").isVisible()).toBe(true); // the catch-up ended the session
    await sim.advance(20000);
    // The finished session must be on storage or already on the phone by now.
    expect(phoneHistory(sim).map((r) => r.id)).toContain(firstId);

    // The user goes on with the next session: the first one must not be lost.
    await userTap(sim, "done-button");
    await userTap(sim, "start-button");
    await sim.advance(SESSION_MS + 30000);
    const history = phoneHistory(sim);
    expect(history.map((r) => r.id)).toContain(firstId);
    const first = history.find((r) => r.id === firstId)!;
    expect(first.completed).toBe(true);
    expect(first.holds.map((h) => h.achievedMs)).toEqual([
      SHORT_ROUTINE.holdSeconds * 1000,
      SHORT_ROUTINE.holdSeconds * 1000,
    ]);
  });
});
