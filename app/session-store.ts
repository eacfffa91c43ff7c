// "session.cbor": the running session, saved at every phase change, every few seconds of a hold
// and on unload so a killed app can offer to resume. What is read back is checked before it is
// used: a damaged file is set aside (logged) instead of crashing or hanging the app.
import { Phase, SessionState, reduceSession } from "../common/session";
import { readCbor, removeFile, setAside, writeCbor } from "./files";

const SESSION_FILE = "session.cbor";
const PHASES: Phase[] = ["idle", "get-ready", "hold", "rest", "switch", "done"];

export interface SavedSession {
  savedAt: number;
  state: SessionState;
}

export function saveSession(state: SessionState, nowMs: number): boolean {
  return writeCbor(SESSION_FILE, { savedAt: nowMs, state: state });
}

export function forgetSession(): boolean {
  return removeFile(SESSION_FILE);
}

/** Only this app writes the file, so damage means bad storage or an older app: probing the engine with it is enough. */
function sound(saved: SavedSession): boolean {
  const s = saved.state;
  if (PHASES.indexOf(s.phase) < 0 || typeof saved.savedAt !== "number" || !isFinite(saved.savedAt)) return false;
  if (typeof s.id !== "string" || typeof s.startedAt !== "number" || !Array.isArray(s.holds)) return false;
  if (typeof s.utcOffsetMinutes !== "number" || !isFinite(s.utcOffsetMinutes)) s.utcOffsetMinutes = 0; // saved by version 1
  reduceSession(s, { type: "tick" }, saved.savedAt); // throws on damaged holds
  return true;
}

/** The saved session, or null when there is none or it is damaged (set aside, logged). */
export function loadSession(): SavedSession | null {
  const saved = readCbor(SESSION_FILE) as SavedSession | undefined;
  if (saved === undefined) return null;
  try {
    if (saved !== null && typeof saved === "object" && saved.state !== null && typeof saved.state === "object" && sound(saved)) return saved;
  } catch (e) {
    console.error("session: " + e);
  }
  console.error("session: saved session is damaged");
  setAside(SESSION_FILE);
  return null;
}
