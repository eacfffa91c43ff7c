// Files from the phone: the routine ("routine.cbor") and acks ("ack-<id>.cbor"). Every file is
// validated by common/protocol.ts; a bad one is logged (by the reason's code) and ignored, never applied half-way.
// Received files land in the app's own folder, so the inbox deletes only names of the protocol:
// a file with any other name is logged and left alone (it may be one of the app's own files).
import { inbox } from "file-transfer";
import { ACK_FILE_PREFIX, ROUTINE_FILE, byCode, checkAckMessage, sessionIdFromFileName } from "../common/protocol";
import { readCbor, removeFile } from "./files";
import { heardFromPhone } from "./results";
import { confirmRoutine, loadRoutine } from "./routine-store";
import { wallAge } from "./session-file";

/**
 * Handles the acks in `folder` (the app's files as home listed them when it started), then the
 * inbox's files. An ack is deleted last, after its result and the sync time: one still in the
 * folder was cut short by a power loss, and handling it again is harmless (its result may be gone
 * already). The sync time is when the file arrived (its modification time), never moved back.
 */
export function processInbox(nowMs: number, folder: string[]): void {
  const left = folder.filter((file) => sessionIdFromFileName(file, ACK_FILE_PREFIX) !== null);
  let name: string | undefined;
  while ((name = left.pop() || inbox.nextFile()) !== undefined) {
    // When the file arrived (its modification time), for acks and routines alike: not when it is read.
    const arrivedAt = nowMs - wallAge(name, nowMs);
    if (name === ROUTINE_FILE) {
      if (loadRoutine(true)) heardFromPhone("", arrivedAt); // no session id is ""
      confirmRoutine(); // applied or not, the phone learns which revision the watch runs
      continue; // this file is the stored routine: keep it
    }
    const id = sessionIdFromFileName(name, ACK_FILE_PREFIX);
    if (id === null) {
      console.error("inbox: ignored " + name + ": not a protocol name");
      continue;
    }
    const decoded = checkAckMessage(readCbor(name), id, byCode); // a rejection by its code (REASON_*)
    if (decoded.ok) heardFromPhone(id, arrivedAt);
    else console.error("inbox: rejected " + name + ": " + decoded.reason);
    removeFile(name);
  }
}
