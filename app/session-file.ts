// "session.cbor" (common/saved-session.ts): the running session, saved at every phase change, every
// few seconds of a hold and on unload, so a killed app can offer to resume (app/session-store.ts
// reads it back at a launch). Both parts of the app use this small module; the reading stays home's.
import { SessionState } from "../common/session";
import { encodeEndedResult, encodeSavedSession } from "../common/saved-session";
import { SessionResult } from "../common/result";
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

/**
 * A finished session whose result could not be written (storage full) is parked under this name
 * (a rename needs no space), so the next session can use "session.cbor" without overwriting it.
 */
export const PARKED_PREFIX = "unsaved-";

export function parkedFile(id: string): string {
  return PARKED_PREFIX + id + ".cbor";
}

/**
 * Results that storage could not take yet, each written as its finished session over its parked
 * file: the file may hold an earlier save (the session's last one failed too), and the result in
 * memory would go with the app. Home does it as it hands over to the session part, which does it
 * again at its saves until it succeeds, and when the app is closed; a write that fails again is
 * logged, and the memory copy goes on. True when every one was written.
 */
export function parkResults(results: SessionResult[]): boolean {
  let all = true;
  results.forEach((result) => {
    if (!writeCbor(parkedFile(result.id), encodeEndedResult(result, Date.now()))) all = false;
  });
  return all;
}
