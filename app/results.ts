// Session results on their way to the phone. Each result is written to the watch's storage
// ("pending-<id>.cbor", its id listed in "pending.cbor") BEFORE it is enqueued, and deleted only
// when the phone's ack arrives: a lost transfer, a dead phone or a killed app never loses a session.
// Files are sent as stored (raw bytes), so only ids are kept in memory.
import { FileTransfer, outbox } from "file-transfer";
import * as fs from "fs";
import { SessionResult } from "../common/result";
import { SESSION_ID_PATTERN, encodeResultMessage, resultFileName } from "../common/protocol";
import { readCbor, removeFile, setAside, writeCbor } from "./files";

const INDEX_FILE = "pending.cbor";

// A transfer that fails (phone app closed, Bluetooth dropped) is retried after a growing pause, so
// delivery does not wait for the user to reopen the app; the timer runs only while a retry is due.
const FIRST_RETRY_MS = 30 * 1000;
const LAST_RETRY_MS = 10 * 60 * 1000;

let ids: string[] = [];
let retryDelayMs = FIRST_RETRY_MS;
let retryTimer: number | undefined;
/** Last time anything arrived from the phone (ack or routine); 0 = never. */
let lastSyncAt = 0;

function resultFile(id: string): string {
  return "pending-" + id + ".cbor";
}

function saveIndex(): void {
  writeCbor(INDEX_FILE, { ids: ids, lastSyncAt: lastSyncAt });
}

export function loadResults(): void {
  const index = readCbor(INDEX_FILE) as { ids: unknown[]; lastSyncAt: number } | undefined;
  if (index === undefined) return;
  if (index === null || !Array.isArray(index.ids)) return setAside(INDEX_FILE);
  ids = index.ids.filter((id) => typeof id === "string" && SESSION_ID_PATTERN.test(id)) as string[];
  lastSyncAt = typeof index.lastSyncAt === "number" ? index.lastSyncAt : 0;
}

export function pendingCount(): number {
  return ids.length;
}

export function lastSync(): number {
  return lastSyncAt;
}

/** Durably keeps a result until the phone acknowledges it; storing the same session again overwrites it. */
export function storeResult(result: SessionResult): void {
  if (!writeCbor(resultFile(result.id), encodeResultMessage(result))) return;
  if (ids.indexOf(result.id) < 0) ids.push(result.id);
  saveIndex();
}

function retryLater(): void {
  if (retryTimer !== undefined || ids.length === 0) return;
  retryTimer = setTimeout(() => {
    retryTimer = undefined;
    retryDelayMs = Math.min(retryDelayMs * 2, LAST_RETRY_MS);
    sendResults();
  }, retryDelayMs);
}

function watchTransfer(id: string, transfer: FileTransfer): void {
  transfer.onchange = () => {
    if (transfer.readyState !== "error") return;
    console.warn("results: transfer of " + id + " failed; retrying");
    retryLater();
  };
}

/** Enqueues every unacknowledged result; the phone acks each one, duplicates included. */
export function sendResults(): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    try {
      outbox.enqueue(resultFileName(id), fs.readFileSync(resultFile(id))).then(
        (transfer) => watchTransfer(id, transfer),
        (e) => {
          console.error("results: queue " + id + ": " + e);
          retryLater();
        },
      );
    } catch (e) {
      console.error("results: send " + id + ": " + e);
      retryLater();
    }
  }
}

export function acknowledge(id: string, nowMs: number): void {
  const at = ids.indexOf(id);
  if (at >= 0) {
    ids.splice(at, 1);
    removeFile(resultFile(id));
  }
  retryDelayMs = FIRST_RETRY_MS; // the link works again
  markSynced(nowMs);
}

export function markSynced(nowMs: number): void {
  lastSyncAt = nowMs;
  saveIndex();
}
