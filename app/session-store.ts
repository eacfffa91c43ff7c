// "session.cbor" (common/saved-session.ts): the running session, saved at every phase change, every few seconds of a hold
// and on unload so a killed app can offer to resume. What is read back is checked before it is
// used: a damaged file is set aside (logged) instead of crashing or hanging the app.
import { SessionState, reduceSession } from "../common/session";
import { PHASE_TITLE } from "../common/screen-text";
import { SavedSession, decodeSavedSession, encodeSavedSession } from "../common/saved-session";
import * as fs from "fs";
import { readCbor, setAside, writeCbor } from "./files";
import { sessionIdFromFileName } from "../common/protocol";

export const SESSION_FILE = "session.cbor";
/**
 * A finished session whose result could not be written (storage full) is parked under this name
 * (a rename needs no space), so the next session can use "session.cbor" without overwriting it.
 */
const PARKED_PREFIX = "unsaved-";

export function saveSession(state: SessionState, nowMs: number): boolean {
  return writeCbor(SESSION_FILE, encodeSavedSession(state, nowMs));
}

/**
 * Wall-clock ms since `file` was written (its mtime): how long the app was gone, also when the
 * session's own time absorbed a change of the clock. `savedAt`'s age when the watch gives no mtime;
 * 0 when the file's time is in the future: the clock went back since, and how long ago is unknown.
 */
export function wallAge(file: string, savedAt: number): number {
  let written = savedAt;
  try {
    written = Number(fs.statSync(file).mtime) || savedAt;
  } catch (e) {
    // No such file or no mtime: the save's own time.
  }
  return Math.max(0, Date.now() - written);
}

export function parkedFile(id: string): string {
  return PARKED_PREFIX + id + ".cbor";
}

/** Moves the session file of finished session `id` aside until its result is stored. */
export function parkSession(id: string): void {
  try {
    if (fs.existsSync(SESSION_FILE)) fs.renameSync(SESSION_FILE, parkedFile(id));
  } catch (e) {
    console.error("session: park " + id + ": " + e);
  }
}

/** Files of parked sessions (finished, result not stored yet) among the folder's names. */
export function parkedSessions(folder: string[]): string[] {
  return folder.filter((name) => sessionIdFromFileName(name, PARKED_PREFIX) !== null);
}

/** Only this app writes the file, so damage means bad storage or an older app: probing the engine with it is enough. */
function sound(saved: SavedSession): boolean {
  const s = saved.state;
  // A phase is a key of PHASE_TITLE, whose titles are strings (an inherited name such as "toString" is not).
  if (typeof PHASE_TITLE[s.phase] !== "string" || typeof saved.savedAt !== "number" || !isFinite(saved.savedAt))
    return false;
  // The holds are a list already: decodeSavedSession built it.
  if (typeof s.id !== "string" || typeof s.startedAt !== "number") return false;
  if (typeof s.utcOffsetMinutes !== "number" || !isFinite(s.utcOffsetMinutes)) s.utcOffsetMinutes = 0; // saved by version 1
  reduceSession(s, { type: "tick" }, saved.savedAt); // throws on damaged holds
  return true;
}

/** The saved session in `file`, or null when there is none or it is damaged (set aside, logged). */
export function loadSession(file: string): SavedSession | null {
  const stored = readCbor(file);
  if (stored === undefined) return null;
  const saved = decodeSavedSession(stored);
  let why = "";
  try {
    if (saved !== null && sound(saved)) return saved;
  } catch (e) {
    why = " (" + e + ")";
  }
  console.error("session: " + file + " damaged" + why);
  setAside(file);
  return null;
}
