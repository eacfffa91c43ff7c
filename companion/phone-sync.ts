// The companion's behaviour, with every platform service injected so tests can drive it
// (companion/index.ts wires the real Fitbit modules). All work runs one task at a time: the
// read-modify-write of the stored history must never interleave.
import { Routine, copyRoutine, sameRoutine } from "../common/routine";
import {
  isReadableVersion,
  RESULT_FILE_PREFIX,
  ROUTINE_FILE,
  ackFileName,
  decodeResultMessage,
  decodeRoutineMessage,
  encodeAckMessage,
  encodeRoutineMessage,
  sessionIdFromFileName,
} from "../common/protocol";
import { routineFromSettings } from "../common/settings-routine";
import { EMPTY_SYNC_STATE, SyncState, addResult, exportCsv, exportJson, parseHistory, pruneHistory, serializeHistory, summarizeHistory } from "../common/history";

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface IncomingFile {
  readonly name: string;
  cbor(): Promise<unknown>;
}

export interface PhoneServices {
  settings: KeyValueStore;
  local: KeyValueStore;
  /** file-transfer outbox.enqueue with the payload already CBOR-encoded. */
  send(name: string, payload: unknown): Promise<unknown>;
  /** file-transfer inbox.pop(): resolves undefined when the inbox is empty. */
  nextFile(): Promise<IncomingFile | undefined>;
  now(): number;
  /** Date.prototype.getTimezoneOffset() now: UTC − local, in minutes. */
  tzOffsetMinutes(): number;
  warn(message: string): void;
  log(message: string): void;
}

/** settingsStorage keys the companion writes (the routine fields' own keys aside). */
export const SETTINGS_KEYS = {
  /** HistorySummary JSON, at most ~4 KB (10 recent sessions). */
  history: "history",
  /** Written by the settings page's export buttons: "csv:<ms>" or "json:<ms>" (the time makes every press a change). */
  exportRequest: "exportRequest",
  /** Export text (at most EXPORT_MAX_CHARS), plus a note line, written on request. */
  exportText: "exportText",
  exportNote: "exportNote",
};

/** localStorage keys (phone only). */
export const LOCAL_KEYS = {
  /** Serialized history: JSON list of wire-format results, bounded by HISTORY_LIMITS. */
  history: "history",
  /** SyncState JSON. */
  sync: "sync",
  /** The routine message last handed to the file transfer (JSON), to send only changes. */
  sentRoutine: "sentRoutine",
};

export class PhoneSync {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly services: PhoneServices) {}

  /** Launch: sync the routine, take in any files that woke us, refresh the summary. */
  start(): Promise<void> {
    this.run(() => this.syncRoutine());
    this.run(() => this.handleExportRequest());
    return this.drainInbox();
  }

  onSettingsChange(key: string | null): Promise<void> {
    if (key === SETTINGS_KEYS.exportRequest) return this.run(() => this.handleExportRequest());
    // Our own summary/export keys never change the routine.
    if (key === SETTINGS_KEYS.history || key === SETTINGS_KEYS.exportText || key === SETTINGS_KEYS.exportNote) return this.queue;
    return this.run(() => this.syncRoutine());
  }

  drainInbox(): Promise<void> {
    return this.run(async () => {
      for (;;) {
        const file = await this.services.nextFile();
        if (!file) break;
        await this.receiveFile(file);
      }
      this.writeSummary();
    });
  }

  /** Resolves when every task queued so far has finished. */
  idle(): Promise<void> {
    return this.queue;
  }

  private run(task: () => void | Promise<void>): Promise<void> {
    this.queue = this.queue.then(task).catch((e) => this.services.warn("Steady Hold companion: task failed: " + errorText(e)));
    return this.queue;
  }

  private currentRoutine(): Routine {
    const { settings } = this.services;
    const parsed = routineFromSettings((key) => settings.getItem(key));
    for (let i = 0; i < parsed.errors.length; i++) this.services.warn(parsed.errors[i]);
    for (const key of Object.keys(parsed.repairs)) settings.setItem(key, parsed.repairs[key]);
    return parsed.routine;
  }

  /**
   * Sends the routine when it differs from the last one handed to the file transfer. The transfer
   * queue is durable (it survives the companion being unloaded), so an unchanged routine is not
   * resent on launch; a failed enqueue is not recorded, so the next launch or change retries it.
   */
  private async syncRoutine(): Promise<void> {
    const routine = this.currentRoutine();
    const last = this.lastSentRoutine();
    if (last && sameRoutine(last.routine, routine)) {
      this.writeSummary();
      return;
    }
    // Time-based revisions stay increasing even if the phone's storage is wiped (reinstall).
    const revision = Math.max(last ? last.revision + 1 : 1, this.services.now());
    const message = encodeRoutineMessage(routine, revision);
    await this.services.send(ROUTINE_FILE, message);
    this.services.local.setItem(LOCAL_KEYS.sentRoutine, JSON.stringify(message));
    this.services.log("Steady Hold: sent routine revision " + revision);
    const sync = this.readSync();
    sync.routineRevision = revision;
    sync.routineSentAt = this.services.now();
    this.writeSync(sync);
    this.writeSummary();
  }

  private lastSentRoutine(): { routine: Routine; revision: number } | null {
    const stored = this.services.local.getItem(LOCAL_KEYS.sentRoutine);
    if (stored === null) return null;
    let data: unknown;
    try {
      data = JSON.parse(stored);
    } catch (e) {
      data = null;
    }
    const decoded = decodeRoutineMessage(data);
    if (decoded.ok) return { routine: copyRoutine(decoded.value.routine), revision: decoded.value.revision };
    this.services.warn("Steady Hold: forgot the unreadable last sent routine (" + decoded.reason + "); sending the current one");
    return null;
  }

  private async receiveFile(file: IncomingFile): Promise<void> {
    const nameId = sessionIdFromFileName(file.name, RESULT_FILE_PREFIX);
    if (file.name.slice(0, RESULT_FILE_PREFIX.length) !== RESULT_FILE_PREFIX) {
      this.services.warn("Steady Hold: ignored unexpected file " + JSON.stringify(file.name));
      return;
    }
    let data: unknown;
    try {
      data = await file.cbor();
    } catch (e) {
      this.reject(file.name, "not readable CBOR (" + errorText(e) + ")", null);
      return;
    }
    const decoded = decodeResultMessage(data);
    if (!decoded.ok) {
      // A result of a protocol version we read that we cannot read never will be: ack it (by its
      // file name) so the watch stops resending it. Another version may be readable after an update.
      const sameVersion = Array.isArray(data) && isReadableVersion(data[0]);
      this.reject(file.name, decoded.reason, sameVersion ? nameId : null);
      if (sameVersion && nameId) await this.sendAck(nameId);
      return;
    }
    const result = decoded.value;
    const now = this.services.now();
    const loaded = parseHistory(this.services.local.getItem(LOCAL_KEYS.history));
    for (let i = 0; i < loaded.errors.length; i++) this.services.warn(loaded.errors[i]);
    const outcome = addResult(loaded.history, result);
    if (outcome.added) {
      this.services.local.setItem(LOCAL_KEYS.history, serializeHistory(pruneHistory(outcome.history, now)));
      this.services.log("Steady Hold: stored session " + result.id);
    } else {
      this.services.log("Steady Hold: session " + result.id + " was already stored; acknowledging again");
    }
    const sync = this.readSync();
    sync.lastResultId = result.id;
    sync.lastResultAt = now;
    this.writeSync(sync);
    // Only after the result is stored: an ack makes the watch delete its copy.
    await this.sendAck(result.id);
  }

  private async sendAck(sessionId: string): Promise<void> {
    await this.services.send(ackFileName(sessionId), encodeAckMessage(sessionId));
  }

  private reject(fileName: string, reason: string, ackedId: string | null): void {
    this.services.warn("Steady Hold: rejected " + fileName + ": " + reason + (ackedId ? " (acknowledged so the watch drops it)" : ""));
    const sync = this.readSync();
    sync.rejectedCount++;
    sync.lastRejection = reason.length > 200 ? reason.slice(0, 200) + "…" : reason;
    this.writeSync(sync);
  }

  private handleExportRequest(): void {
    const { settings } = this.services;
    const request = settings.getItem(SETTINGS_KEYS.exportRequest);
    if (request === null) return;
    settings.removeItem(SETTINGS_KEYS.exportRequest);
    const format = request.slice(0, 4) === "json" ? "json" : "csv";
    const history = parseHistory(this.services.local.getItem(LOCAL_KEYS.history)).history;
    const exported = format === "json" ? exportJson(history, this.services.now()) : exportCsv(history, this.services.tzOffsetMinutes());
    settings.setItem(SETTINGS_KEYS.exportText, exported.text);
    settings.setItem(
      SETTINGS_KEYS.exportNote,
      format.toUpperCase() + ": " + exported.sessions + " session" + (exported.sessions === 1 ? "" : "s") + (exported.omitted > 0 ? "; " + exported.omitted + " older left out to fit the settings page" : ""),
    );
  }

  private readSync(): SyncState {
    const stored = this.services.local.getItem(LOCAL_KEYS.sync);
    const sync: SyncState = { ...EMPTY_SYNC_STATE };
    if (stored === null) return sync;
    try {
      const data = JSON.parse(stored) as { [key: string]: unknown };
      for (const key of Object.keys(sync) as Array<keyof SyncState>) {
        if (typeof data[key] === typeof sync[key]) (sync as unknown as { [k: string]: unknown })[key] = data[key];
      }
    } catch (e) {
      this.services.warn("Steady Hold: sync state unreadable; starting fresh");
    }
    return sync;
  }

  private writeSync(sync: SyncState): void {
    this.services.local.setItem(LOCAL_KEYS.sync, JSON.stringify(sync));
  }

  private writeSummary(): void {
    const now = this.services.now();
    const history = pruneHistory(parseHistory(this.services.local.getItem(LOCAL_KEYS.history)).history, now);
    const routine = this.currentRoutineQuietly();
    const summary = summarizeHistory(history, routine, this.readSync(), now, this.services.tzOffsetMinutes());
    this.services.settings.setItem(SETTINGS_KEYS.history, JSON.stringify(summary));
  }

  // The summary only needs the goal and aid; warnings were already logged by syncRoutine.
  private currentRoutineQuietly(): Routine {
    const { settings } = this.services;
    return routineFromSettings((key) => settings.getItem(key)).routine;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
