// The routine the next session will use. It lives in "routine.cbor" in the protocol's routine
// message format, which is exactly what the phone sends, so an arriving file needs no rewrite.
// A running session carries its own copy (SessionState.routine): a routine that arrives
// mid-session waits here until the next start. The watch tells the phone which revision it runs
// ("routine-ack.cbor") after every routine file and at every launch, so a failed transfer, a damaged
// file, a reinstalled app or a failed write-back (an older copy left on storage) gets the routine
// sent again.
import { outbox } from "file-transfer";
import { encode } from "cbor";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import {
  ROUTINE_ACK_FILE,
  ROUTINE_FILE,
  byCode,
  checkRoutineMessage,
  encodeRoutineAckMessage,
  encodeRoutineMessage,
} from "../common/protocol";
import { readCbor, writeCbor } from "./files";
import { goalChanged } from "./stats-store";

/** The routine the next session uses. Read-only outside this module (ES modules export live bindings). */
export let nextRoutine: Routine = DEFAULT_ROUTINE;
/** 0: the built-in default (no routine from the phone, or a damaged one). Read-only outside this module. */
export let revision = 0;

/**
 * Home is back from a session: the routine and revision it had in use, handed through the session
 * part, stay in use (the file may be older or unreadable: a failed write-back, storage full).
 */
export function keepRoutine(routine: Routine, inUse: number): void {
  nextRoutine = routine;
  revision = inUse;
}

/**
 * Reads "routine.cbor" at launch, or after a file from the phone replaced it (`fromPhone`). A bad
 * file, or one not newer than the routine in use, is logged and the routine in use is written
 * back. Returns whether a routine was applied.
 */
export function loadRoutine(fromPhone: boolean): boolean {
  const stored = readCbor(ROUTINE_FILE);
  if (stored === undefined && !fromPhone) return false;
  // A rejection is logged by its code (common/protocol.ts REASON_*): the texts stay on the phone.
  const decoded = checkRoutineMessage(stored, byCode);
  // Transfers may arrive out of order: an older revision must not replace a newer routine.
  if (decoded.ok && (!fromPhone || decoded.value.revision > revision)) {
    // Its revision is the phone's time of the change: a goal changed while the app was closed judges the days since.
    if (fromPhone && decoded.value.routine.dailyGoal !== nextRoutine.dailyGoal)
      goalChanged(decoded.value.revision, decoded.value.routine.dailyGoal);
    nextRoutine = decoded.value.routine;
    revision = decoded.value.revision;
    return true;
  }
  if (decoded.ok) console.warn("routine: ignored revision " + decoded.value.revision + ": not newer than " + revision);
  else console.error("routine: rejected: " + decoded.reason);
  writeCbor(ROUTINE_FILE, encodeRoutineMessage(nextRoutine, revision));
  return false;
}

/** Tells the phone the revision in use; a newer queued confirmation replaces an older one. */
export function confirmRoutine(): void {
  const failed = (e: unknown) => console.error("routine: confirm: " + e);
  try {
    outbox.enqueue(ROUTINE_ACK_FILE, encode(encodeRoutineAckMessage(revision))).catch(failed);
  } catch (e) {
    failed(e);
  }
}
