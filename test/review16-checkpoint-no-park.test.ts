// Review 16 (the fixes of review 15): the session part writes the results it carries from home
// (storage was full) as their finished sessions only at the engine's `step.persist` saves (a phase
// change, a pause) and on unload — not at the checkpoint saves of a running hold (armCheckpoint in
// app/session-runner.ts, every 5 s of a hold). When the storage has room again during a hold, the
// checkpoints succeed (the session itself is safe) but nothing rewrites the parked file of the
// earlier session: it keeps that session's last successful save (a checkpoint 25 s into its last
// 30 s hold). If the app then dies without `unload` before the hold ends — battery, restart, out
// of memory — the complete result goes with the memory and the next launch closes the stale parked
// file: a session done in full reaches the phone as partial, its last hold 25 s.
//
// What the user suffers: a session done in full is recorded as partial and does not count toward
// the day's goal or streak, while the session in progress at the crash is kept (it was saved).
//
// Suggested fix: try the parking wherever the session part saves (also the checkpoint's
// saveSession), e.g. one helper `saveAndPark(state, nowMs)` used by apply and armCheckpoint.
import { describe, expect, it } from "vitest";
import { Simulation } from "../sim/simulation";
import { encodeCbor } from "../sim/cbor";
import { ROUTINE_FILE, encodeRoutineMessage } from "../common/protocol";
import { robustnessBundle } from "./support/robustness-run";
import { SHORT_ROUTINE, SHORT_ROUTINE_SETTINGS } from "./support/schedules";
import { endSessionWithStorageFull, expectCompleteOnPhone } from "./support/storage-full";
import { launchDecliningResume, userTap } from "./support/watch-sim";

const bundle = robustnessBundle();
/** One hold of 30 s per leg: long enough for checkpoints (every 5 s of a hold). */
const HOLD_SECONDS = 30;
const LONG_HOLDS = { ...SHORT_ROUTINE, holdSeconds: HOLD_SECONDS };
const SESSION_MS = 2 * HOLD_SECONDS * 1000;

describe("review 16 — a result waiting in memory when storage has room again during a hold and the app dies", () => {
  it("is stored complete by the next launch", async () => {
    const sim = new Simulation({
      bundle,
      seed: 161,
      phoneSettings: { ...SHORT_ROUTINE_SETTINGS, holdSeconds: HOLD_SECONDS },
    });
    sim.watchState.files.set(ROUTINE_FILE, encodeCbor(encodeRoutineMessage(LONG_HOLDS, 1)));
    // Its last hold's checkpoint at 25 s is saved before the storage fills up.
    const id = await endSessionWithStorageFull(sim, SESSION_MS);

    // Session 2 at once; the storage has room again a second into its first hold; its checkpoints save.
    await userTap(sim, "done-button");
    await userTap(sim, "start-button");
    await sim.advance(1000);
    await sim.act(() => sim.clearWatchWriteFailures());
    await sim.advance(12000); // two checkpoints (5 s, 10 s into the hold), no phase change
    expect(sim.watchState.files.has("session.cbor")).toBe(true); // precondition: the session's saves succeed
    await sim.act(() => sim.killWatch()); // the app dies without unload

    await sim.advance(60000);
    await launchDecliningResume(sim, 3000);
    await sim.advance(60000);

    expectCompleteOnPhone(sim, id, HOLD_SECONDS);
  });
});
