// Session results on their way to the phone. Each result is written to the watch's storage
// ("pending-<id>.cbor", its id listed in "pending.cbor") BEFORE it is enqueued, and deleted only
// when the phone's ack arrives: a lost transfer, a dead phone or a killed app never loses a session.
// Files are sent as stored (raw bytes), so only ids are kept in memory.
import { outbox } from "file-transfer";
import * as fs from "fs";
import { SessionResult } from "../common/result";
import { SESSION_ID_PATTERN, encodeResultMessage, resultFileName } from "../common/protocol";
import { readCbor, removeFile, setAside, writeCbor } from "./files";

const INDEX_FILE = "pending.cbor";

let ids: string[] = [];
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

/** Enqueues every unacknowledged result; the phone acks each one, duplicates included. */
export function sendResults(): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    try {
      outbox.enqueue(resultFileName(id), fs.readFileSync(resultFile(id))).then(undefined, (e) => console.error("results: queue " + id + ": " + e));
    } catch (e) {
      console.error("results: send " + id + ": " + e); // kept: retried at the next launch or session end
    }
  }
}

export function acknowledge(id: string, nowMs: number): void {
  const at = ids.indexOf(id);
  if (at >= 0) {
    ids.splice(at, 1);
    removeFile(resultFile(id));
  }
  markSynced(nowMs);
}

export function markSynced(nowMs: number): void {
  lastSyncAt = nowMs;
  saveIndex();
}
