// Saved sessions as the session part reads them back, to resume one or to close one that will not be
// resumed, once home has found them sound (app/session-store.ts readSaved: the layout and the
// routine's limits): what is read back is checked with the engine before it is used, and a damaged
// file is set aside (logged) instead of crashing or hanging the app.
import { reduceSession } from "../common/session";
import { PHASES, SavedSession, decodeSavedSession } from "../common/saved-session";
import { readCbor, setAside } from "./files";

/** Only this app writes the file, so damage means bad storage or an older app: probing the engine with it is enough. */
function sound(saved: SavedSession): boolean {
  const s = saved.state;
  // A phase is one of the names (a list such as ["hold"], an inherited name such as "toString" is
  // not): the same check as home's (PHASES).
  if (PHASES.indexOf(s.phase) < 0 || typeof saved.savedAt !== "number" || !isFinite(saved.savedAt)) return false;
  // Its routine's fields fit their limits: home checked them before it handed the file over (readSaved).
  // The holds are a list already: decodeSavedSession built it.
  if (typeof s.id !== "string" || typeof s.startedAt !== "number") return false;
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
