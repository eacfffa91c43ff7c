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
import { SHORT_ROUTINE, SHORT_ROUTINE_SETTINGS, phoneHistory } from "./support/schedules";

const bundle = robustnessBundle();
/** One hold of 30 s per leg: long enough for checkpoints (every 5 s of a hold). */
const HOLD_SECONDS = 30;
const LONG_HOLDS = { ...SHORT_ROUTINE, holdSeconds: HOLD_SECONDS };
const SESSION_MS = 2 * HOLD_SECONDS * 1000;

async function userTap(sim: Simulation, id: string): Promise<void> {
  await sim.act(() => {
    sim.wake();
    sim.tap(id);
  });
}

describe("review 16 — a result waiting in memory when storage has room again during a hold and the app dies", () => {
  it("is stored complete by the next launch", async () => {
    const sim = new Simulation({
      bundle,
      seed: 161,
      phoneSettings: { ...SHORT_ROUTINE_SETTINGS, holdSeconds: HOLD_SECONDS },
    });
    sim.watchState.files.set(ROUTINE_FILE, encodeCbor(encodeRoutineMessage(LONG_HOLDS, 1)));
    sim.setTimeZone("watch", 0);
    sim.setTimeZone("phone", 0);
    await sim.act(() => sim.launchWatch());
    await sim.advance(5000);
    await userTap(sim, "start-button");
    await sim.advance(SESSION_MS - 200); // the right leg's hold is about to end (its checkpoint at 25 s was saved)
    await sim.act(() => sim.failWatchWrites(/./)); // the watch's storage is full
    await sim.advance(400);
    expect(sim.element("done-summary").text).toMatch(/Not saved yet: storage full/); // precondition
    const id = [...sim.watchState.files.keys()].find((f) => f.startsWith("unsaved-"))?.slice(8, -5);
    expect(id).toBeDefined();

    // Session 2 at once; the storage has room again a second into its first hold; its checkpoints save.
    await userTap(sim, "done-button");
    await userTap(sim, "start-button");
    await sim.advance(1000);
    await sim.act(() => sim.clearWatchWriteFailures());
    await sim.advance(12000); // two checkpoints (5 s, 10 s into the hold), no phase change
    expect(sim.watchState.files.has("session.cbor")).toBe(true); // precondition: the session's saves succeed
    await sim.act(() => sim.killWatch()); // the app dies without unload

    await sim.advance(60000);
    await sim.act(() => sim.launchWatch());
    await sim.advance(3000);
    if (sim.element("resume-no").isVisible()) await userTap(sim, "resume-no");
    await sim.advance(60000);

    const first = phoneHistory(sim).find((r) => r.id === id);
    expect(first).toBeDefined();
    expect(first?.holds.map((h) => h.achievedMs)).toEqual([HOLD_SECONDS * 1000, HOLD_SECONDS * 1000]);
    expect(first?.completed).toBe(true);
  });
});
