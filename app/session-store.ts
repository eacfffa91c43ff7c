// Saved sessions as home reads them at a launch (app/session-file.ts writes them): a damaged file is
// set aside (logged) instead of crashing or hanging the app. A finished session whose result could
// not be written is parked here. No engine: home stores finished sessions and hands unfinished ones
// to the session part (app/saved-check.ts).
import { PHASES, SavedSession, decodeSavedSession } from "../common/saved-session";
import { savedRoutineFits } from "../common/routine";
import * as fs from "fs";
import { readCbor, setAside } from "./files";
import { PARKED_PREFIX, SESSION_FILE, parkedFile } from "./session-file";
import { sessionIdFromFileName } from "../common/protocol";

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

/**
 * The saved session in `file` as home needs it (its phase, id, times), or null when there is none or
 * its layout is damaged (set aside, logged). The session part checks the rest with the engine when
 * it resumes or closes one (app/saved-check.ts); a finished one home stores as it is (the phone
 * checks every field of a result).
 */
export function readSaved(file: string): SavedSession | null {
  const stored = readCbor(file);
  if (stored === undefined) return null;
  const saved = decodeSavedSession(stored);
  const s = saved && saved.state;
  if (
    s &&
    PHASES.indexOf(s.phase) >= 0 && // a name (a list such as ["hold"] is not one), and one the app has
    typeof s.id === "string" &&
    typeof s.startedAt === "number" &&
    savedRoutineFits(s.routine) && // offered for resuming only when the session part will take it
    typeof saved.savedAt === "number" &&
    isFinite(saved.savedAt)
  ) {
    return saved; // a version 1 session's zone is filled in by decodeSavedSession
  }
  console.error("session: " + file + " damaged"); // " damaged" as in results.ts: one literal string
  setAside(file);
  return null;
}
