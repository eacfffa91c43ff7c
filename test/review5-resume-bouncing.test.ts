// Review 5: a hold resumed after the app was killed loses the bouncing time recorded before the
// kill. The resumed run's bounce detector starts from nothing (app/motion.ts: a new app, a new
// detector), and the engine (common/session.ts, case "steadiness") REPLACES the hold's bouncingMs
// (and steadiness) with the detector's running totals — totals of the resumed part only. The saved
// session held 6 s of bouncing; the result says 0 and the phone shows the hold as bounce-free
// time (its bounce-warning count survives, as the warnings are kept in a list).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeResultMessage } from "../common/protocol";
import { decodeSavedSession } from "../common/saved-session";
import { decodeCbor } from "../sim/cbor";
import { loadScenario } from "../sim/scenario";
import { Simulation } from "../sim/simulation";
import { startAwayFromPhone, userTap } from "./support/watch-sim";
import { robustnessBundle } from "./support/robustness-run";

const bundle = robustnessBundle();
const traces = loadScenario(path.resolve(__dirname, "..", "scenarios", "default.json")).traces;

describe("review 5 — bouncing time across a resume", () => {
  it("a resumed hold keeps the bouncing time saved before the kill", async () => {
    // The default routine; the first hold moves like the default scenario's bouncing hold, the rest calmly.
    const sim = new Simulation({ bundle, seed: 5, traces: { "left-1": traces["left-2"], "*": traces["*"] } });
    const startAt = await startAwayFromPhone(sim);
    await sim.runUntil(startAt + 10000 + 26000); // 26 s into the first hold (get ready: 10 s)
    const saved = decodeSavedSession(decodeCbor(sim.watchState.files.get("session.cbor")!))!;
    expect(saved.state.holds).toHaveLength(1);
    const savedBouncingMs = saved.state.holds[0].bouncingMs;
    expect(savedBouncingMs).toBeGreaterThan(5000); // precondition: the checkpoint saved the bouncing
    await sim.act(() => sim.killWatch());
    await sim.advance(10000);
    await sim.act(() => sim.launchWatch());
    expect(sim.element("resume-dialog").isVisible()).toBe(true);
    await userTap(sim, "resume-yes");
    await sim.advance(400000); // the session plays out
    const results = [...sim.watchState.files.entries()]
      .filter(([name]) => name.startsWith("pending-"))
      .map(([, bytes]) => decodeResultMessage(decodeCbor(bytes)));
    expect(results).toHaveLength(1);
    if (!results[0].ok) throw new Error(results[0].reason);
    const first = results[0].value.holds[0];
    expect(first.achievedMs).toBe(30000);
    expect(first.bouncingMs).toBeGreaterThanOrEqual(savedBouncingMs);
  });
});
