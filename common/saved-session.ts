// "session.cbor": a running session as the watch saves it (every phase change, every 5 s of a
// hold, on unload) so a killed app can offer to resume. Rows instead of keyed objects: the file is
// re-written whole many times a session and, in the watch's 64 KB heap, its size is paid twice
// per save (the old file and the new one), so the keys of every hold are left out.
// Layout: [savedAt, state row]; the state row follows STATE_KEYS, its routine ROUTINE_KEYS and
// each hold HOLD_KEYS. ES5-safe: the watch imports it.
import { HoldResult } from "./result";
import { ROUTINE_KEYS, Routine } from "./routine";
import { SessionState } from "./session";

export interface SavedSession {
  savedAt: number;
  state: SessionState;
}

const STATE_KEYS: Array<keyof SessionState> = [
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
const ROUTINE_AT = 0;
const HOLDS_AT = 10;

function toRow<T>(record: T, keys: Array<keyof T>): unknown[] {
  const row: unknown[] = [];
  for (let i = 0; i < keys.length; i++) row.push(record[keys[i]]);
  return row;
}

/** The record a row stands for; null unless `row` is a list of exactly the keys' length. */
function fromRow<T>(row: unknown, keys: Array<keyof T>): T | null {
  if (!Array.isArray(row) || row.length !== keys.length) return null;
  const record = {} as T;
  for (let i = 0; i < keys.length; i++) record[keys[i]] = row[i] as T[keyof T];
  return record;
}

export function encodeSavedSession(state: SessionState, savedAt: number): unknown[] {
  const row = toRow(state, STATE_KEYS);
  row[ROUTINE_AT] = toRow(state.routine, ROUTINE_KEYS);
  const holds: unknown[] = [];
  for (let i = 0; i < state.holds.length; i++) holds.push(toRow(state.holds[i], HOLD_KEYS));
  row[HOLDS_AT] = holds;
  return [savedAt, row];
}

/**
 * The saved session's shape, or null when it does not have it. Only the layout is checked here;
 * the values are checked by whoever resumes it (the watch probes the engine with them). A file of
 * the version before rows ({savedAt, state}) is passed on as it is.
 */
export function decodeSavedSession(data: unknown): SavedSession | null {
  if (data !== null && typeof data === "object" && !Array.isArray(data)) {
    const old = data as SavedSession;
    return old.state !== null && typeof old.state === "object" ? old : null;
  }
  if (!Array.isArray(data) || data.length !== 2) return null;
  const state = fromRow<SessionState>(data[1], STATE_KEYS);
  if (state === null) return null;
  const routine = fromRow<Routine>(state.routine, ROUTINE_KEYS);
  const rows = state.holds as unknown;
  if (routine === null || !Array.isArray(rows)) return null;
  const holds: HoldResult[] = [];
  for (let i = 0; i < rows.length; i++) {
    const hold = fromRow<HoldResult>(rows[i], HOLD_KEYS);
    if (hold === null) return null;
    holds.push(hold);
  }
  state.routine = routine;
  state.holds = holds;
  return { savedAt: data[0] as number, state: state };
}
