// "session.cbor": the running session, saved at every phase change and on unload so a killed app
// can offer to resume. What is read back is checked before it is used: a damaged file is set
// aside (logged) instead of crashing the app.
import { Phase, SessionState, reduceSession } from "../common/session";
import { readCbor, removeFile, setAside, writeCbor } from "./files";

const SESSION_FILE = "session.cbor";
const PHASES: Phase[] = ["idle", "get-ready", "hold", "rest", "switch", "done"];

export interface SavedSession {
  savedAt: number;
  state: SessionState;
}

export function saveSession(state: SessionState, nowMs: number): void {
  writeCbor(SESSION_FILE, { savedAt: nowMs, state: state });
}

export function forgetSession(): void {
  removeFile(SESSION_FILE);
}

/** Only this app writes the file, so damage means a torn write or bad storage: probing the engine with it is enough. */
function sound(saved: SavedSession): boolean {
  const s = saved.state;
  if (PHASES.indexOf(s.phase) < 0 || typeof saved.savedAt !== "number" || !isFinite(saved.savedAt)) return false;
  reduceSession(s, { type: "tick" }, saved.savedAt); // throws on damaged holds
  return true;
}

/** The saved session, or null when there is none or it is damaged (set aside, logged). */
export function loadSession(): SavedSession | null {
  const saved = readCbor(SESSION_FILE) as SavedSession | undefined;
  if (saved === undefined) return null;
  try {
    if (sound(saved)) return saved;
  } catch (e) {
    console.error("session: " + e);
  }
  setAside(SESSION_FILE);
  return null;
}
