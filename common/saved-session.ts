// "session.cbor": a running session as the watch saves it (every phase change, every 5 s of a
// hold, on unload) so a killed app can offer to resume: {savedAt, state} with each hold as a row
// (HOLD_KEYS) rather than a keyed object. The file is re-written whole many times a session and
// sits in the watch's small heap while it is written, and the holds' keys were half its size.
// ES5-safe: the watch imports it.
import { HoldResult } from "./result";
import { SessionState, shallowCopy } from "./session";
import { fromRow, toRow } from "./rows";

export interface SavedSession {
  savedAt: number;
  state: SessionState;
}

const HOLD_KEYS: Array<keyof HoldResult> = [
  "leg",
  "rep",
  "targetSeconds",
  "achievedMs",
  "endedEarly",
  "bounceAtMs",
  "steadiness",
  "bouncingMs",
];

export function encodeSavedSession(state: SessionState, savedAt: number): unknown {
  const holds: unknown[] = [];
  for (let i = 0; i < state.holds.length; i++) holds.push(toRow(state.holds[i], HOLD_KEYS));
  const copy = shallowCopy(state) as unknown as { holds: unknown[] };
  copy.holds = holds;
  return { savedAt: savedAt, state: copy };
}

/**
 * The saved session's shape, or null when it does not have it. Only the layout is checked here;
 * the values are checked by whoever resumes it (the watch probes the engine with them). Holds
 * saved as keyed objects (before rows) are taken as they are.
 */
export function decodeSavedSession(data: unknown): SavedSession | null {
  const saved = data as SavedSession;
  if (saved === null || typeof saved !== "object" || saved.state === null || typeof saved.state !== "object")
    return null;
  const rows = saved.state.holds as unknown[];
  if (!Array.isArray(rows)) return null;
  const holds: HoldResult[] = [];
  for (let i = 0; i < rows.length; i++) {
    const hold = Array.isArray(rows[i]) ? fromRow<HoldResult>(rows[i], HOLD_KEYS) : (rows[i] as HoldResult | null);
    if (hold === null || typeof hold !== "object") return null;
    holds.push(hold);
  }
  saved.state.holds = holds;
  return saved;
}
