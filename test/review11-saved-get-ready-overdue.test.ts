// Review 11: app/session-runner.ts finishSaved now drops a saved session when its state has no
// holds (`state.holds.length === 0`), read BEFORE the engine catches the state up to the save. A
// session saved in get-ready after get-ready had already ended (the tick was late: "the timer may
// fire late (screen off, busy watch)"; unload saves the state as it stands) had begun its first
// hold by the engine's own timeline: the engine's abort (common/session.ts endHold, which the lead
// kept for sessions with a hold) closes that hold and gives a partial result, and 43515e9 stored
// it. Now the file is removed and the seconds held are lost. The live "End" path (the engine alone)
// keeps such a session; the launch path does not: the two disagree on the same state.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeResultMessage } from "../common/protocol";
import { DEFAULT_ROUTINE } from "../common/routine";
import { encodeSavedSession } from "../common/saved-session";
import { newSession, reduceSession } from "../common/session";
import { loadBundle } from "../sim/bundle";
import { decodeCbor, encodeCbor } from "../sim/cbor";
import { Simulation } from "../sim/simulation";
import { userTap } from "./support/watch-sim";

const FBA = path.resolve(__dirname, "..", "build", "app.fba");
const LATE_MS = 8000; // how long after get-ready's end the save came: 8 s of the first hold

describe("review 11 — a saved get-ready that was already over", () => {
  it("the engine's own abort keeps a result for it (the fixture's premise)", () => {
    const startedAt = 1.7e12;
    let state = newSession(DEFAULT_ROUTINE, "abc123-wxyz");
    state = reduceSession(state, { type: "start", utcOffsetMinutes: 0 }, startedAt).state;
    const savedAt = startedAt + DEFAULT_ROUTINE.getReadySeconds * 1000 + LATE_MS;
    expect(state.phase).toBe("get-ready");
    const step = reduceSession(state, { type: "abort" }, savedAt);
    expect(step.result).not.toBeNull();
    expect(step.result!.holds.map((h) => h.achievedMs)).toEqual([LATE_MS]);
  });

  it('the launch keeps the partial result of a session saved in an overdue get-ready and not resumed ("No" at the resume question)', async () => {
    if (!fs.existsSync(FBA)) throw new Error(`${FBA} is missing: run "npm run build" (npm test does it first)`);
    const sim = new Simulation({ bundle: loadBundle(FBA, "atlas"), jitterMs: 40, seed: 11 });
    const savedAt = sim.watchClock.now(); // the watch's wall clock
    const startedAt = savedAt - DEFAULT_ROUTINE.getReadySeconds * 1000 - LATE_MS;
    let state = newSession(DEFAULT_ROUTINE, "abc123-wxyz");
    state = reduceSession(state, { type: "start", utcOffsetMinutes: 0 }, startedAt).state;
    expect(state.phase).toBe("get-ready"); // saved as it stood: the late tick had not come
    await sim.act(() => {
      sim.watchState.files.set("session.cbor", encodeCbor(encodeSavedSession(state, savedAt)));
      sim.setPhoneInReach(false);
    });
    await sim.advance(60 * 1000);
    await sim.act(() => sim.launchWatch());
    // Offered for resuming; the user answers "No": finishSaved closes it as a partial session.
    expect(sim.element("resume-dialog").isVisible()).toBe(true);
    await userTap(sim, "resume-no");
    const pending = [...sim.watchState.files].filter(([name]) => /^pending-.*\.cbor$/.test(name));
    expect(pending).toHaveLength(1);
    const decoded = decodeResultMessage(decodeCbor(pending[0][1]));
    expect(decoded.ok && decoded.value.holds.map((h) => h.achievedMs)).toEqual([LATE_MS]);
  });
});
