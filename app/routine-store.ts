// The routine the next session will use. It lives in "routine.cbor" in the protocol's routine
// message format, which is exactly what the phone sends, so an arriving file needs no rewrite.
// A running session carries its own copy (SessionState.routine): a routine that arrives
// mid-session waits here until the next start.
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { ROUTINE_FILE, decodeRoutineMessage, encodeRoutineMessage } from "../common/protocol";
import { readCbor, writeCbor } from "./files";

let routine: Routine = DEFAULT_ROUTINE;
let revision = 0;

export function nextRoutine(): Routine {
  return routine;
}

/**
 * Reads "routine.cbor" at launch, or after a file from the phone replaced it (`fromPhone`). A bad
 * file, or one not newer than the routine in use, is logged and the routine in use is written
 * back. Returns whether a routine was applied.
 */
export function loadRoutine(fromPhone: boolean): boolean {
  const stored = readCbor(ROUTINE_FILE);
  if (stored === undefined && !fromPhone) return false;
  const decoded = decodeRoutineMessage(stored);
  // Transfers may arrive out of order: an older revision must not replace a newer routine.
  if (decoded.ok && (!fromPhone || decoded.value.revision > revision)) {
    routine = decoded.value.routine;
    revision = decoded.value.revision;
    return true;
  }
  if (decoded.ok) console.warn("routine: ignored revision " + decoded.value.revision + ": not newer than " + revision);
  else console.error("routine: rejected: " + decoded.reason);
  writeCbor(ROUTINE_FILE, encodeRoutineMessage(routine, revision));
  return false;
}
