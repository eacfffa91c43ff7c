// The watch's storage full on the simulated Fitbit watch: a session whose end cannot be written,
// a damaged routine transfer whose write-back fails, and the checks that nothing the user did is
// lost or changed by it (the review tests of issues 13 to 16 share these).
import { expect } from "vitest";
import { Simulation } from "../../sim/simulation";
import { SESSION_MS, SHORT_ROUTINE, SHORT_ROUTINE_SUMMARY, phoneHistory } from "./schedules";
import { userTap } from "./watch-sim";

/** Not a routine message: what a damaged transfer leaves in the watch's inbox. */
const DAMAGED_FILE = new Uint8Array([0xff, 0x00, 0x13]);

/**
 * Watch and phone on UTC, the app opened and a session started 5 s later; the watch's storage is
 * full from 200 ms before the session's end (`sessionMs` long). The session ends with "Not saved
 * yet: storage full": its complete result waits in home's memory, its last save that succeeded is
 * parked as "unsaved-<id>.cbor". Returns the session's id.
 */
export async function endSessionWithStorageFull(sim: Simulation, sessionMs = SESSION_MS): Promise<string> {
  sim.setTimeZone("watch", 0);
  sim.setTimeZone("phone", 0);
  await sim.act(() => sim.launchWatch());
  await sim.advance(5000);
  await userTap(sim, "start-button");
  await sim.advance(sessionMs - 200); // the session's last hold is about to end
  await sim.act(() => sim.failWatchWrites(/./)); // the watch's storage is full
  await sim.advance(400);
  expect(sim.element("done-summary").text).toMatch(/Not saved yet: storage full/); // precondition
  const id = [...sim.watchState.files.keys()].find((f) => f.startsWith("unsaved-"))?.slice(8, -5);
  expect(id).toBeDefined();
  return id as string;
}

/** The phone's history holds session `id` completed, both its holds (one a leg) held the full `holdSeconds`. */
export function expectCompleteOnPhone(sim: Simulation, id: string, holdSeconds = SHORT_ROUTINE.holdSeconds): void {
  const stored = phoneHistory(sim).find((r) => r.id === id);
  expect(stored).toBeDefined();
  expect(stored?.completed).toBe(true);
  expect(stored?.holds.map((h) => h.achievedMs)).toEqual([holdSeconds * 1000, holdSeconds * 1000]);
}

/**
 * On a watch running SHORT_ROUTINE, a damaged routine transfer arrives while the storage is full: it
 * is set aside and the write-back of the routine in use fails. Home still names that routine.
 */
export async function damagedRoutineArrivesWithStorageFull(sim: Simulation): Promise<void> {
  expect(sim.element("routine-summary").text).toBe(SHORT_ROUTINE_SUMMARY);
  await sim.act(() => sim.failWatchWrites(/^routine/, 1));
  await sim.act(() => sim.fileToWatch("routine.cbor", DAMAGED_FILE));
  expect(sim.element("routine-summary").text).toBe(SHORT_ROUTINE_SUMMARY); // still the routine in use
}

/** Home shows SHORT_ROUTINE, and a session started from it runs it: no get-ready, its first hold at once. */
export async function nextSessionStartsWithAHold(sim: Simulation): Promise<void> {
  expect(sim.element("routine-summary").text).toBe(SHORT_ROUTINE_SUMMARY);
  await userTap(sim, "start-button");
  await sim.advance(1000);
  expect(sim.element("phase-title").text).toBe("Hold");
}
