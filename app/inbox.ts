// Files from the phone: the routine ("routine.cbor") and acks ("ack-<id>.cbor"). Every file is
// validated by common/protocol.ts; a bad one is logged and ignored, never applied half-way.
import { inbox } from "file-transfer";
import { ACK_FILE_PREFIX, ROUTINE_FILE, decodeAckMessage, sessionIdFromFileName } from "../common/protocol";
import { readCbor, removeFile } from "./files";
import { acknowledge, markSynced } from "./results";
import { loadRoutine } from "./routine-store";

export function processInbox(nowMs: number): void {
  let name: string | undefined;
  while ((name = inbox.nextFile()) !== undefined) {
    if (name === ROUTINE_FILE) {
      if (loadRoutine(true)) markSynced(nowMs);
      continue; // this file is the stored routine: keep it
    }
    const id = sessionIdFromFileName(name, ACK_FILE_PREFIX);
    const decoded = decodeAckMessage(id !== null ? readCbor(name) : null);
    if (!decoded.ok || decoded.value !== id) console.error("inbox: rejected " + name + (decoded.ok ? "" : ": " + decoded.reason));
    else acknowledge(id, nowMs);
    removeFile(name);
  }
}
