// "session.cbor" (common/saved-session.ts): the running session, saved at every phase change, every
// few seconds of a hold and on unload, so a killed app can offer to resume (app/session-store.ts
// reads it back at a launch). Both parts of the app use this small module; the reading stays home's.
import { SessionState } from "../common/session";
import { encodeSavedSession } from "../common/saved-session";
import * as fs from "fs";
import { writeCbor } from "./files";

export const SESSION_FILE = "session.cbor";

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
