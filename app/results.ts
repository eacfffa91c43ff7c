// Session results on their way to the phone. Each result is written to the watch's storage
// ("pending-<id>.cbor", atomically) BEFORE it is enqueued, and deleted only when the phone's ack
// arrives: a lost transfer, a dead phone or a killed app never loses a session. The list of unsent
// results is the folder itself — no index that a power loss could tear (docs/data-safety.md).
// A result that cannot be written (storage full) stays in memory, is retried, and the home screen
// says so; a stored result that turns out damaged is set aside as ".bad" and counted on screen.
import { FileTransfer, outbox } from "file-transfer";
import * as fs from "fs";
import { SessionResult } from "../common/result";
import { encodeResultMessage, resultFileName, sessionIdFromFileName } from "../common/protocol";
import { DAILY_GOAL_AT } from "../common/routine";
import { Countable } from "./stats-store";
import { readCbor, removeFile, setAside, writeCbor } from "./files";
import { FOLDER } from "./folder";

const PREFIX = "pending-";
const SUFFIX = ".cbor";
/** A stored result found damaged, as files.ts setAside renames it. */
const DAMAGED_SUFFIX = SUFFIX + ".bad";
const SYNC_FILE = "sync.cbor";

// A transfer that fails (phone app closed, Bluetooth dropped) is retried after a growing pause, so
// delivery does not wait for the user to reopen the app; the timer runs only while a retry is due.
const FIRST_RETRY_MS = 30 * 1000;
const LAST_RETRY_MS = 10 * 60 * 1000;

/** Sessions whose result is on storage, waiting for the phone's ack. Read-only outside this module. */
export const ids: string[] = [];
/** Results that could not be written yet (storage full): kept here and retried. Read-only outside this module. */
export let unsaved: SessionResult[] = [];
/** Stored results found damaged and set aside (kept as ".bad", never sent). Read-only outside this module. */
export let damagedCount = 0;
let retryDelayMs = FIRST_RETRY_MS;
let retryTimer: number | undefined;
/** Set at load: the entry's watcher of a transfer (app/parts.ts Host). */
let watchTransfer: (transfer: FileTransfer) => void;
/** Last time anything arrived from the phone (ack or routine); 0 = never. Read-only outside this module. */
export let lastSyncAt = 0;

function resultFile(id: string): string {
  return PREFIX + id + SUFFIX;
}

/**
 * Reads the folder's names: every sound "pending-<id>.cbor" is a result to send; a damaged one is
 * set aside as ".bad" and counted with those set aside before. Checked here, once a launch, rather
 * than before every sending: reading a result back costs heap at the very moment a session ends.
 */
export function loadResults(folder: string[], carried: SessionResult[], watch: (transfer: FileTransfer) => void): void {
  watchTransfer = watch;
  // Once a part's load, so the lists start as this module declares them: nothing to reset. The
  // results still unwritten come from the part before (in memory only: storage was full).
  unsaved = carried;
  retryLater();
  folder.forEach((name) => {
    const id = sessionIdFromFileName(name, PREFIX);
    if (id === null) {
      if (name.slice(0, PREFIX.length) === PREFIX && name.slice(-DAMAGED_SUFFIX.length) === DAMAGED_SUFFIX)
        damagedCount++;
    } else if (storedResult(id) !== null) ids.push(id);
    else {
      console.error("results: " + name + " damaged"); // " damaged" as in session-store.ts: one literal string
      if (fs.existsSync(name)) setAside(name);
      damagedCount++;
    }
  });
  // Version 1's index "pending.cbor" is not read: the files themselves are the list.
  const sync = readCbor(SYNC_FILE) as { lastSyncAt?: unknown } | undefined;
  if (sync && typeof sync.lastSyncAt === "number") lastSyncAt = sync.lastSyncAt;
}

/**
 * What counting needs from the stored result of a session; null when there is none or it is damaged.
 * The file must hold a result message of this session: the watch only wrote it (atomically), so
 * this shallow check catches damaged storage; the phone validates every field. (The full decoder
 * would not fit the watch's 64 KB heap.)
 */
export function storedResult(id: string): Countable | null {
  const m = readCbor(resultFile(id));
  if (
    !Array.isArray(m) ||
    (m.length !== 8 && m.length !== 9) ||
    m[1] !== "result" ||
    m[2] !== id ||
    typeof m[3] !== "number" ||
    !Array.isArray(m[6])
  )
    return null;
  const goal = (m[6] as unknown[])[DAILY_GOAL_AT];
  return {
    id: id,
    completed: m[5] === true,
    startedAt: m[3] as number,
    // Version 1's 8 fields have no zone: the watch's own at the session's start, as the phone reads it.
    utcOffsetMinutes: typeof m[8] === "number" ? m[8] : -new Date(m[3] as number).getTimezoneOffset(),
    routine: { dailyGoal: typeof goal === "number" ? goal : 1 },
  };
}

/**
 * Durably keeps a result until the phone acknowledges it; storing the same session again
 * overwrites it. False when it could not be written: it is then kept in memory and retried.
 * It joins the results waiting in memory and is written with them, oldest first.
 */
export function storeResult(result: SessionResult): boolean {
  for (let i = 0; i < unsaved.length; i++) if (unsaved[i].id === result.id) unsaved.splice(i, 1);
  unsaved.push(result);
  writeUnsaved(result);
  if (unsaved.indexOf(result) < 0) return true;
  retryLater();
  return false;
}

let onSavedLater: ((result: SessionResult) => void) | null = null;

/**
 * Told about every result written after it first failed, by a retry or along with a later session's
 * (the session runner then counts it and forgets its parked session).
 */
export function whenSavedLater(handler: (result: SessionResult) => void): void {
  onSavedLater = handler;
}

/**
 * Writes the results kept in memory, oldest first; those that made it, but `justStored`, are told to
 * onSavedLater. Each leaves `unsaved` before it is told, so the done screen its handler redraws no
 * longer says "Not saved yet" (review 29).
 */
function writeUnsaved(justStored: SessionResult | null): void {
  for (let i = 0; i < unsaved.length;) {
    const result = unsaved[i];
    if (writeCbor(resultFile(result.id), encodeResultMessage(result))) {
      unsaved.splice(i, 1);
      if (ids.indexOf(result.id) < 0) ids.push(result.id);
      if (result !== justStored && onSavedLater !== null) onSavedLater(result);
    } else i++;
  }
}

function retryLater(): void {
  if (retryTimer !== undefined || ids.length + unsaved.length === 0) return;
  retryTimer = setTimeout(() => {
    retryTimer = undefined;
    retryDelayMs = Math.min(retryDelayMs * 2, LAST_RETRY_MS);
    writeUnsaved(null);
    sendResults();
    if (unsaved.length > 0) retryLater();
  }, retryDelayMs);
}

/** Home is leaving: no retry may run on (the results still unwritten are handed over). */
export function stopRetrying(): void {
  clearTimeout(retryTimer as number);
  retryTimer = undefined;
}

/** Enqueues every unacknowledged result; the phone acks each one, duplicates included. */
export function sendResults(): void {
  // forEach, not a loop: a closure in a loop makes the ES5 build wrap the body in one more function.
  ids.forEach((id) => {
    const failed = (e: unknown) => {
      console.error("results: send " + id + ": " + e);
      retryLater();
    };
    try {
      // The transfer takes the file itself, so its bytes never sit in the watch's heap. The entry
      // watches it: a transfer queued for hours must not keep this part's code in the heap.
      outbox.enqueueFile(FOLDER + "/" + resultFile(id), resultFileName(id)).then(watchTransfer, failed);
    } catch (e) {
      failed(e);
    }
  });
}

/** A transfer ended in error (the entry saw it): everything is sent again later. */
export function transferFailed(): void {
  console.error("results: a transfer failed");
  retryLater();
}

/**
 * Something valid arrived from the phone at `arrivedAt` (its file's time): an ack of session `id`,
 * whose stored result goes, or ("") a routine applied. Either way the link works again. The sync
 * time never goes back: a file a power cut left in the folder may be days old (review 35); but a
 * stored time in the future of the watch's clock (the clock went back since) is replaced.
 */
export function heardFromPhone(id: string, arrivedAt: number): void {
  const at = ids.indexOf(id);
  if (at >= 0 && removeFile(resultFile(id))) ids.splice(at, 1);
  retryDelayMs = FIRST_RETRY_MS;
  if (arrivedAt > lastSyncAt || lastSyncAt > Date.now()) {
    lastSyncAt = arrivedAt;
    writeCbor(SYNC_FILE, { lastSyncAt: lastSyncAt });
  }
}
