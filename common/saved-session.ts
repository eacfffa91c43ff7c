// "session.cbor": a running session as the watch saves it (every phase change, every 5 s of a
// hold, on unload) so a killed app can offer to resume: {savedAt, state} with the state, its
// routine and each hold as rows (STATE_KEYS, ROUTINE_KEYS, HOLD_KEYS) rather than keyed objects
// (the engine's module keeps the key lists: it builds its records from the same rows).
// The file is re-written whole many times a session and sits in the watch's small heap while it
// is written, and the keys were half its size. ES5-safe: the watch imports it.
import { HoldResult } from "./result";
import { ROUTINE_KEYS, Routine } from "./routine";
import { HOLD_KEYS, STATE_KEYS, SessionState } from "./session";
import { fromRow, toRow } from "./rows";

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

/**
 * The saved session's shape, or null when it does not have it. Only the layout is checked here;
 * the values are checked by whoever resumes it (the watch probes the engine with them). A state,
 * routine or hold saved as a keyed object (by an app from before rows) is taken as it is.
 */
export function decodeSavedSession(data: unknown): SavedSession | null {
  const saved = data as { savedAt: number; state: unknown };
  if (saved === null || typeof saved !== "object") return null;
  const state = (
    Array.isArray(saved.state) ? fromRow<SessionState>(saved.state, STATE_KEYS) : saved.state
  ) as SessionState | null;
  if (state === null || typeof state !== "object") return null;
  if (Array.isArray(state.routine)) {
    const routine = fromRow<Routine>(state.routine, ROUTINE_KEYS);
    if (routine === null) return null;
    state.routine = routine;
  }
  const rows = state.holds as unknown[];
  if (!Array.isArray(rows)) return null;
  const holds: HoldResult[] = [];
  for (let i = 0; i < rows.length; i++) {
    const hold = Array.isArray(rows[i]) ? fromRow<HoldResult>(rows[i], HOLD_KEYS) : (rows[i] as HoldResult | null);
    if (hold === null || typeof hold !== "object") return null;
    holds.push(hold);
  }
  state.holds = holds;
  return { savedAt: saved.savedAt, state: state };
}
