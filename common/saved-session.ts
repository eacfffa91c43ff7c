// "session.cbor": a running session as the watch saves it (every phase change, every 5 s of a
// hold, on unload) so a killed app can offer to resume: {savedAt, state} with the state, its
// routine and each hold as rows (STATE_KEYS, ROUTINE_KEYS, HOLD_KEYS) rather than keyed objects
// (the engine builds its records from the same key lists, kept here with the format).
// The file is re-written whole many times a session and sits in the watch's small heap while it
// is written, and the keys were half its size. ES5-safe: the watch imports it.
import { HoldResult, SessionResult } from "./result";
import { ROUTINE_KEYS, Routine } from "./routine-shape";
import type { Phase, SessionState } from "./session";
import { fromRow, toRow } from "./rows";

/** Every field of HoldResult, in the order of a hold's row in session.cbor. */
export const HOLD_KEYS: Array<keyof HoldResult> = [
  "leg",
  "rep",
  "targetSeconds",
  "achievedMs",
  "endedEarly",
  "bounceAtMs",
  "steadiness",
  "bouncingMs",
];

/** Every field of SessionState, in the order of a saved state's row (common/saved-session.ts). */
export const STATE_KEYS: Array<keyof SessionState> = [
  "routine",
  "id",
  "startedAt",
  "phase",
  "leg",
  "rep",
  "phaseStartedAt",
  "phaseEndsAt",
  "pausedAt",
  "cuesGiven",
  "holds",
  "endedAt",
  "completed",
  "utcOffsetMinutes",
];

/** Every phase a session can be saved in (common/session.ts Phase): a saved phase outside it is damage. */
export const PHASES: Phase[] = ["idle", "get-ready", "hold", "rest", "switch", "done"];

export interface SavedSession {
  savedAt: number;
  state: SessionState;
}

export function encodeSavedSession(state: SessionState, savedAt: number): unknown {
  const holds: unknown[] = [];
  for (let i = 0; i < state.holds.length; i++) holds.push(toRow(state.holds[i], HOLD_KEYS));
  const row = toRow(state, STATE_KEYS);
  // Positions written out (test/saved-session.test.ts checks them): two look-ups less in the watch's code.
  row[0] = toRow(state.routine, ROUTINE_KEYS); // "routine"
  row[10] = holds; // "holds"
  return { savedAt: savedAt, state: row };
}

/** A row as the record of `keys`, a keyed object (saved before rows) as it is; null for anything else. */
function recordOf<T>(data: unknown, keys: Array<keyof T>): T | null {
  const record = Array.isArray(data) ? fromRow<T>(data, keys) : data;
  return record !== null && typeof record === "object" ? (record as T) : null;
}

/**
 * The saved session's shape, or null when it does not have it. Only the layout is checked here;
 * the values are checked by whoever resumes it (the watch probes the engine with them). A state,
 * routine or hold saved as a keyed object (by an app from before rows) is taken as it is.
 */
export function decodeSavedSession(data: unknown): SavedSession | null {
  const saved = data as { savedAt: number; state: unknown };
  if (saved === null || typeof saved !== "object") return null;
  const state = recordOf<SessionState>(saved.state, STATE_KEYS);
  const routine = state && recordOf<Routine>(state.routine, ROUTINE_KEYS);
  const rows = state && (state.holds as unknown[]);
  if (!routine || !Array.isArray(rows)) return null;
  state.routine = routine;
  const holds: HoldResult[] = [];
  for (let i = 0; i < rows.length; i++) {
    const hold = recordOf<HoldResult>(rows[i], HOLD_KEYS);
    if (hold === null) return null;
    holds.push(hold);
  }
  state.holds = holds;
  // Saved by version 1 (no zone): the watch's own zone at the session's start, as the phone takes a
  // version 1 result's. Callers reject a session whose start is not a number.
  if (typeof state.utcOffsetMinutes !== "number" || !isFinite(state.utcOffsetMinutes))
    state.utcOffsetMinutes = -new Date(state.startedAt).getTimezoneOffset();
  return { savedAt: saved.savedAt, state: state };
}

/**
 * A finished session's result as a saved session, done: what the watch writes over a parked
 * session's file while the result itself cannot be written (storage full), so that the complete
 * session, not an earlier save, is what a later launch finds and stores. A finished session is read
 * back by its result's fields (common/result.ts sessionResult); the others are those of any session
 * at its end.
 */
export function encodeEndedResult(result: SessionResult, savedAt: number): unknown {
  const last = result.holds[result.holds.length - 1];
  const state = fromRow<SessionState>(
    [
      result.routine,
      result.id,
      result.startedAt,
      "done",
      last ? last.leg : result.routine.firstLeg,
      last ? last.rep : 1,
      result.endedAt,
      -1,
      -1,
      0,
      result.holds,
      result.endedAt,
      result.completed,
      result.utcOffsetMinutes,
    ],
    STATE_KEYS,
  );
  return encodeSavedSession(state as SessionState, savedAt); // a full row: never null
}
