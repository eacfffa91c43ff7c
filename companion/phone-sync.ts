// The companion's behaviour, with every platform service injected so tests can drive it
// (companion/index.ts wires the real Fitbit modules). All work runs one task at a time: the
// read-modify-write of the stored history must never interleave.
import { ROUTINE_KEYS, Routine, copyRoutine, sameRoutine } from "../common/routine";
import {
  RESULT_FILE_PREFIX,
  ROUTINE_ACK_FILE,
  ROUTINE_FILE,
  ackFileName,
  decodeRoutineAckMessage,
  decodeRoutineMessage,
  encodeAckMessage,
  encodeRoutineMessage,
  isReadableVersion,
  sessionIdFromFileName,
} from "../common/protocol";
import { routineFromSettings } from "../common/settings-routine";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { SessionResult } from "../common/result";
import {
  PrunedSessions,
  addResult,
  decodeStoredResult,
  dropEarliestArrived,
  dropEarliestReadableLines,
  parseHistory,
  pruneHistory,
  serializeHistory,
  storedEntryChars,
  unreadableLines,
  withDroppedForRoom,
  withPruned,
} from "../common/history-store";
import {
  EMPTY_SYNC_STATE,
  SyncState,
  foldPruned,
  foldRemovedForRoom,
  parseGoalChanges,
  neededGoalChanges,
  recordGoal,
  summarizeHistory,
} from "../common/history-summary";
import { localDayNumber } from "../common/daily";
import { exportCsv, exportJson } from "../common/history-export";
import { errorText } from "../common/errors";
import { addNameToDigest, digestHasName, emptyNameDigest, isNameDigest, nameToken } from "../common/name-digest";

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
  /**
   * Date.prototype.getTimezoneOffset() (UTC − local, in minutes) at the instant `atMs` (Unix ms), or
   * now when it is left out: daylight saving gives other instants other offsets.
   */
  tzOffsetMinutes(atMs?: number): number;
  warn(message: string): void;
  log(message: string): void;
}

/** localStorage keys (phone only). */
export const LOCAL_KEYS = {
  /** Serialized history: JSON list of wire-format results, bounded by HISTORY_LIMITS. */
  history: "history",
  /** SyncState JSON. */
  sync: "sync",
  /** The routine message last handed to the file transfer (JSON), to send only changes. */
  sentRoutine: "sentRoutine",
  /** Results of a readable version that failed validation: kept raw (JSON list, bounded) before they are acknowledged. */
  rejected: "rejected",
  /** Each stored history text found damaged, added after the last (for inspection), before the history is rewritten. */
  damagedHistory: "damagedHistory",
  /**
   * Times the watch answered the current routine revision with an older one after a transfer of it
   * went through (a number): it refused the routine. Transfers that failed (a watch out of reach) do not count.
   */
  routineRefusals: "routineRefusals",
  /**
   * The daily goal set on the phone, as [day, goal] pairs (history-summary.ts recordGoal): a past day
   * is judged by the goal in force at its end, as the page showed it that day.
   */
  goalChanges: "goalChanges",
};

/** Before routineRefusals: counted every resend, also those that never reached the watch. Removed when seen. */
const LEGACY_ROUTINE_RESENDS_KEY = "routineResends";
/** Rejected results kept raw; the oldest go first. */
const MAX_REJECTED_KEPT = 20;
/**
 * Names of unreadable results counted (SyncState.rejectedFiles) kept as they are, about 40 characters
 * each; beyond them the names go into SyncState.rejectedDigest (2048 characters, any number of names).
 */
const MAX_REJECTED_NAMES_KEPT = 20;
/**
 * Characters a full phone frees for its sync state on top of what it makes room for (a routine
 * confirmation adds two 13-digit times; the page's note on a damaged history about 90).
 */
const SYNC_STATE_ROOM = 256;
/** The watch refusing a routine it received: resent until it answered older this many times per revision. */
const MAX_ROUTINE_REFUSALS = 5;

/** A routine handed to the file transfer, and the revision it went under. */
interface SentRoutine {
  routine: Routine;
  revision: number;
}

/**
 * The record of a routine handed over, short: its revision and a 32-bit FNV-1a hash of its settings
 * ("1767603600001:01x2y3z"). A full phone keeps it when the whole record (about 70 characters) does not
 * fit in the room of the one before: enough to tell at launch whether the settings changed since.
 */
function shortRoutineRecord(routine: Routine, revision: number): string {
  let hash = 0x811c9dc5;
  for (const key of ROUTINE_KEYS) {
    const text = String(routine[key]) + ",";
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  const digits = hash.toString(36);
  return revision + ":" + "0000000".slice(digits.length) + digits; // 7 digits: one length for every hash
}

const SHORT_ROUTINE_RECORD = /^\d+:[0-9a-z]{7}$/;

export class PhoneSync {
  private queue: Promise<void> = Promise.resolve();
  /** The last routine transfer this run queued (a FileTransfer on the phone), to not resend while it is on its way. */
  private routineTransfer: { readyState?: unknown } | null = null;
  /**
   * This run's launch resend replaced a transfer an earlier run handed over (its fate unknown to us):
   * a watch answering older meanwhile may be answering that one (see receiveRoutineAck).
   */
  private launchResendAfterEarlierRun = false;
  /** The routine last handed over, found unchanged at launch: resent after the inbox while unconfirmed. */
  private unchangedAtLaunch: SentRoutine | null = null;
  /** Unreadable results a full phone could not count (their names did not fit): shown on the page. */
  private uncountedRejections: string[] = [];
  /** Kept in memory too: when localStorage is full, the sync state cannot record it there. */
  private storageProblem = "";

  constructor(private readonly services: PhoneServices) {}

  /**
   * Launch: sync the routine, take in any files that woke us, refresh the summary, and only then
   * resend a routine still unconfirmed: the watch's confirmation of it may be what woke us, and
   * resending it first made the watch confirm (and wake us) once more for every change.
   */
  start(): Promise<void> {
    this.run(() => this.syncRoutine(true));
    this.run(() => this.handleExportRequest());
    this.drainInbox();
    return this.run(() => this.resendUnconfirmedAtLaunch());
  }

  onSettingsChange(key: string | null): Promise<void> {
    if (key === SETTINGS_KEYS.exportRequest) return this.run(() => this.handleExportRequest());
    // Our own summary/export keys never change the routine.
    if (
      key === SETTINGS_KEYS.history ||
      key === SETTINGS_KEYS.exportText ||
      key === SETTINGS_KEYS.exportNote ||
      key === SETTINGS_KEYS.sentRoutine
    )
      return this.queue;
    return this.run(() => this.syncRoutine(false));
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
    this.queue = this.queue
      .then(task)
      .catch((e) => this.services.warn("Steady Hold companion: task failed: " + errorText(e)));
    return this.queue;
  }

  private currentRoutine(): Routine {
    const { settings } = this.services;
    const parsed = routineFromSettings((key) => settings.getItem(key));
    for (let i = 0; i < parsed.errors.length; i++) this.services.warn(parsed.errors[i]);
    // A repair the phone refuses is logged, and must not keep the routine from the watch.
    for (const key of Object.keys(parsed.repairs)) this.trySet(settings, key, parsed.repairs[key]);
    return parsed.routine;
  }

  /**
   * Sends the routine when it differs from the last one handed to the file transfer. A transfer
   * can still fail after it was queued, so the routine counts as delivered only when the watch
   * confirms its revision ("routine-ack.cbor"); until then each launch sends it again (after the
   * inbox: resendUnconfirmedAtLaunch).
   */
  private async syncRoutine(atLaunch: boolean): Promise<void> {
    const routine = this.currentRoutine();
    const sync = this.readSync();
    const last = this.lastSentRoutine() || this.unrecordedRoutine(routine, sync, atLaunch);
    // The summary is rewritten even when the transfer refuses the routine (the task then fails):
    // the page must not go on showing an earlier routine as the one on the watch.
    try {
      if (last && sameRoutine(last.routine, routine)) {
        if (sync.routineRefusedAt >= 0) {
          // Changed back to the routine last handed over: nothing is left unsent.
          sync.routineRefusedAt = -1;
          this.writeSync(sync);
        }
        // Unchanged: at launch, resent once the inbox is drained if still not confirmed.
        if (atLaunch) this.unchangedAtLaunch = last;
        return;
      }
      await this.sendRoutine(routine, last ? last.revision + 1 : 1, sync.routineConfirmedRevision);
    } finally {
      this.writeSummary();
    }
  }

  /**
   * At launch, after the files that woke us: the routine last handed over, unchanged, is sent again
   * when the watch has still not confirmed it (a failed transfer, a damaged file, a reinstalled
   * app), unless this run handed a routine over already (answering a confirmation).
   */
  private async resendUnconfirmedAtLaunch(): Promise<void> {
    const last = this.unchangedAtLaunch;
    this.unchangedAtLaunch = null;
    const sync = this.readSync();
    if (last === null || this.routineTransfer !== null || sync.routineConfirmedRevision === last.revision) return;
    try {
      await this.resendRoutine(last.routine, last.revision, sync.routineConfirmedRevision, true);
    } finally {
      this.writeSummary();
    }
  }

  /**
   * At launch, with no readable record of the routine last handed over (a full phone could not store
   * it, see sendRoutine): when no change was refused since, the last revision sent carries the current
   * settings (every change on the page is sent as it is made), so that is recorded again, and resent
   * only while the watch has not confirmed it. Without this, every launch would send the routine as a
   * new revision, and every confirmation launches the companion (review 30). Null otherwise.
   */
  private unrecordedRoutine(routine: Routine, sync: SyncState, atLaunch: boolean): SentRoutine | null {
    const revision = sync.routineRevision;
    if (!atLaunch || revision < 0 || sync.routineRefusedAt >= 0) return null;
    // A short record that lastSentRoutine did not take (here or in settingsStorage) names other
    // settings: changed while the companion slept, so sent, not taken for what the watch has (review
    // 32, fixphone2). With no record anywhere nothing tells, and the settings are taken as sent: a
    // send at every launch would be answered by a confirmation that launches it again (review 33).
    const records = [
      this.services.local.getItem(LOCAL_KEYS.sentRoutine),
      this.services.settings.getItem(SETTINGS_KEYS.sentRoutine),
    ];
    for (let i = 0; i < records.length; i++) if (SHORT_ROUTINE_RECORD.test(records[i] || "")) return null;
    this.services.log("Steady Hold: no record of routine revision " + revision + "; the current one is recorded");
    this.trySet(this.services.local, LOCAL_KEYS.sentRoutine, JSON.stringify(encodeRoutineMessage(routine, revision)));
    this.trySet(this.services.settings, SETTINGS_KEYS.sentRoutine, shortRoutineRecord(routine, revision));
    return { routine: copyRoutine(routine), revision: revision };
  }

  /**
   * Sends `routine` with a revision of at least `minRevision`, the phone's time, and one more than
   * the watch says it runs: time-based revisions stay increasing when the phone's storage is wiped,
   * and the watch's own revision wins over a phone clock that was once far ahead.
   */
  private async sendRoutine(routine: Routine, minRevision: number, watchRevision: number): Promise<void> {
    const revision = Math.max(minRevision, this.services.now(), watchRevision + 1);
    const message = encodeRoutineMessage(routine, revision);
    let handle: unknown;
    try {
      handle = await this.services.send(ROUTINE_FILE, message);
    } catch (e) {
      // Not recorded as sent, so the next change or launch sends it; the page says it is not on the watch.
      // Dated by the first refusal: later refused retries must not make the change look newer.
      const refused = this.readSync();
      if (refused.routineRefusedAt < 0) {
        refused.routineRefusedAt = this.services.now();
        this.writeSync(refused);
      }
      throw e;
    }
    this.routineTransfer = asTransfer(handle);
    this.launchResendAfterEarlierRun = false;
    // On a full phone the record of what went to the watch must not fail the sync (a bare write threw
    // after the transfer) nor cost a session (review 33). When it does not fit, the record before goes,
    // or the watch confirming this revision would read as settings changed since and get it again at
    // every confirmation (review 30); then the whole record, else its short form, fixed-width, which
    // always fits in any earlier record's room (review 32).
    // With no earlier record to free, even the short form may not fit: it is kept in settingsStorage
    // too, which the full localStorage does not bound, so a change made while the companion slept is
    // still told from the routine sent (fixphone2).
    const record = JSON.stringify(message);
    const shortRecord = shortRoutineRecord(routine, revision);
    if (this.setOrError(this.services.local, LOCAL_KEYS.sentRoutine, record) !== null) {
      this.services.local.removeItem(LOCAL_KEYS.sentRoutine);
      if (this.setOrError(this.services.local, LOCAL_KEYS.sentRoutine, record) !== null)
        this.trySet(this.services.local, LOCAL_KEYS.sentRoutine, shortRecord);
    }
    this.trySet(this.services.settings, SETTINGS_KEYS.sentRoutine, shortRecord);
    this.trySet(this.services.local, LOCAL_KEYS.routineRefusals, "0");
    this.services.local.removeItem(LEGACY_ROUTINE_RESENDS_KEY);
    this.services.log("Steady Hold: sent routine revision " + revision);
    const sync = this.readSync();
    sync.routineRevision = revision;
    sync.routineSentAt = this.services.now();
    sync.routineRefusedAt = -1;
    this.writeSync(sync);
  }

  /**
   * Sends the last routine again, unless the watch has refused it MAX_ROUTINE_REFUSALS times (it
   * received it and still answered with an older revision). Resends themselves are not counted: one
   * that fails while the watch is out of reach proves nothing, and must not use up the routine's
   * chances before the watch is back.
   */
  private async resendRoutine(
    routine: Routine,
    revision: number,
    watchRevision: number,
    atLaunch: boolean,
  ): Promise<void> {
    if (watchRevision > revision) return this.sendRoutine(routine, revision + 1, watchRevision);
    const refusals = this.routineRefusals();
    if (refusals >= MAX_ROUTINE_REFUSALS) {
      this.services.warn(
        "Steady Hold: not resending routine revision " +
          revision +
          ": the watch received it and answered with an older revision " +
          refusals +
          " times",
      );
      return;
    }
    const replacesEarlierRun = atLaunch && this.routineTransfer === null;
    this.routineTransfer = asTransfer(await this.services.send(ROUTINE_FILE, encodeRoutineMessage(routine, revision)));
    this.launchResendAfterEarlierRun = replacesEarlierRun;
    this.services.log("Steady Hold: resent routine revision " + revision + " (watch runs " + watchRevision + ")");
  }

  private routineRefusals(): number {
    return Number(this.services.local.getItem(LOCAL_KEYS.routineRefusals) || "0") || 0;
  }

  private countRoutineRefusal(): void {
    this.trySet(this.services.local, LOCAL_KEYS.routineRefusals, String(this.routineRefusals() + 1));
  }

  /** The watch says which revision it runs: confirmed, or sent again. */
  private async receiveRoutineAck(file: IncomingFile): Promise<void> {
    let data: unknown;
    try {
      data = await file.cbor();
    } catch (e) {
      data = null;
    }
    const decoded = decodeRoutineAckMessage(data);
    if (!decoded.ok) {
      this.services.warn("Steady Hold: ignored " + file.name + ": " + decoded.reason);
      return;
    }
    const sync = this.readSync();
    const wasConfirmed = sync.routineConfirmedRevision === sync.routineRevision;
    sync.routineConfirmedRevision = decoded.value;
    sync.routineConfirmedAt = this.services.now();
    this.writeSync(sync);
    const last = this.lastSentRoutine();
    if (last === null || decoded.value === last.revision) return;
    // Confirmed before and now not (reinstalled app, damaged file): start the count over. A write
    // that fails is logged: a throw here ended the inbox drain (review 36).
    if (wasConfirmed) this.trySet(this.services.local, LOCAL_KEYS.routineRefusals, "0");
    const state = this.routineTransfer === null ? undefined : this.routineTransfer.readyState;
    if (decoded.value < last.revision) {
      if (state === "pending" || state === "transferring") {
        // An older revision confirmed while the newer one is on its way: wait for it. When that is
        // this run's launch resend, the watch may be answering an earlier run's transfer that went
        // through: counted once, or a watch refusing the routine while the companion restarts for
        // every file would be sent it for ever.
        if (this.launchResendAfterEarlierRun) this.countRoutineRefusal();
        this.launchResendAfterEarlierRun = false;
        return;
      }
      // The watch answered older after the transfer went through (or one whose fate we cannot know:
      // an earlier run's): it refused the routine. A failed transfer proves nothing: not counted.
      if (state !== "error" && state !== "canceled") this.countRoutineRefusal();
    }
    // Settings changed since the last routine handed over (its transfer was refused): sent as a new
    // revision and recorded, like any change. Resending the current settings under the old revision
    // would put a routine on the watch that the phone records as neither sent nor confirmed.
    const routine = this.currentRoutine();
    if (!sameRoutine(last.routine, routine)) return this.sendRoutine(routine, last.revision + 1, decoded.value);
    await this.resendRoutine(last.routine, last.revision, decoded.value, false);
  }

  /**
   * The routine last handed over, from its record in localStorage, or when that is missing or
   * unreadable, from the short record in settingsStorage (see sendRoutine).
   */
  private lastSentRoutine(): SentRoutine | null {
    const stored = this.services.local.getItem(LOCAL_KEYS.sentRoutine);
    if (stored !== null && SHORT_ROUTINE_RECORD.test(stored)) return this.shortRecordRoutine(stored);
    if (stored !== null) {
      let data: unknown;
      try {
        data = JSON.parse(stored);
      } catch (e) {
        data = null;
      }
      const decoded = decodeRoutineMessage(data);
      if (decoded.ok) return { routine: copyRoutine(decoded.value.routine), revision: decoded.value.revision };
      this.services.warn("Steady Hold: forgot the unreadable last sent routine (" + decoded.reason + ")");
    }
    const kept = this.services.settings.getItem(SETTINGS_KEYS.sentRoutine);
    return kept !== null && SHORT_ROUTINE_RECORD.test(kept) ? this.shortRecordRoutine(kept) : null;
  }

  /**
   * A short record (sendRoutine) read as the routine last handed over: the current settings, when
   * they are what it names, under its revision, so confirmations and refusals are read as with the
   * whole record; null when it names other settings (changed since).
   */
  private shortRecordRoutine(record: string): SentRoutine | null {
    const revision = Number(record.slice(0, record.indexOf(":")));
    const routine = this.currentRoutineQuietly();
    return record === shortRoutineRecord(routine, revision) ? { routine: routine, revision: revision } : null;
  }

  private async receiveFile(file: IncomingFile): Promise<void> {
    if (file.name === ROUTINE_ACK_FILE) return this.receiveRoutineAck(file);
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
    const decoded = decodeStoredResult(data, this.v1UtcOffset);
    if (!decoded.ok) {
      // A result of a version we read that fails validation never will pass: it is kept raw on
      // the phone (counted on the page) and then acknowledged, so the watch stops resending it.
      // Another version may be readable after an update: not acknowledged.
      const readable = isReadableVersion(data);
      // Not acknowledged while the phone cannot count it (full, or any refusal): the watch sends it again.
      const kept = readable && nameId !== null && this.keepRejected(file.name, data);
      if (this.reject(file.name, decoded.reason, kept ? nameId : null) && kept && nameId) await this.sendAck(nameId);
      return;
    }
    const result = decoded.value;
    const now = this.services.now();
    const loaded = this.loadHistory();
    if (loaded === null) return; // not acknowledged: the watch keeps its copy until the phone has room
    const outcome = addResult(loaded.history, result);
    if (outcome.added) {
      // Sessions pruned over the limit are counted, and their days kept for the streak, in the same write.
      const kept = pruneHistory(outcome.history);
      const prunedNow = outcome.history.slice(0, outcome.history.length - kept.length);
      const goalChanges = this.readGoalChanges();
      const pruned = prunedNow.length === 0 ? loaded.pruned : foldPruned(loaded.pruned, prunedNow, goalChanges);
      // Only what is stored is acknowledged: a write that fails (storage full) leaves the watch its copy.
      if (!this.storeHistory(kept, result.id, loaded.droppedForRoom, pruned, goalChanges)) return;
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

  /**
   * Stands in for version 1 results' missing time zone: minutes east of UTC on the phone at the
   * session's start (its season's offset: the phone's now would put a session from the other
   * daylight-saving season an hour off, maybe on another day).
   */
  private readonly v1UtcOffset = (startedAt: number): number => -this.services.tzOffsetMinutes(startedAt);

  /**
   * The stored history; damaged text is recovered entry by entry, and its unreadable lines (what
   * holds no readable session: see unreadableLines) are kept, added to damagedHistory after any
   * earlier damage, before anything may rewrite the history. On a full phone the earliest-arrived
   * readable lines are removed from the damaged text first to make room (the damage itself stays in
   * it; counted in the same write, like storeHistory's). Null when the damage could still not be
   * kept: the history then stays damaged and nothing new is stored or acknowledged.
   */
  private loadHistory(): { history: SessionResult[]; droppedForRoom: number; pruned: PrunedSessions } | null {
    const { local } = this.services;
    const offset = this.v1UtcOffset;
    const text = local.getItem(LOCAL_KEYS.history);
    const loaded = parseHistory(text, offset);
    for (let i = 0; i < loaded.errors.length; i++) this.services.warn(loaded.errors[i]);
    if (!(loaded.damaged || loaded.errors.length > 0) || text === null) return loaded;
    // With no unreadable line (a lost closing bracket, say) only the text's ends are kept, not the
    // whole text: that needs as much room again as the history, more than a full phone can free (review 30).
    const damage = unreadableLines(text, offset).join("\n") || syntaxDamageMarker(text);
    const kept = local.getItem(LOCAL_KEYS.damagedHistory);
    // Kept already: nothing has rewritten the history since it was found damaged.
    if (kept !== null && kept.slice(-damage.length) === damage) return loaded;
    const keeping =
      kept === null
        ? damage
        : kept + "\n\n--- damaged again, found " + new Date(this.services.now()).toISOString() + " ---\n\n" + damage;
    let current = text;
    // Room for the kept damage and the page's note about it.
    const needed = keeping.length - (kept === null ? 0 : kept.length);
    let step = needed + SYNC_STATE_ROOM;
    const goalChanges = this.readGoalChanges();
    // Dropping every readable line could not free that much: none is dropped for nothing (review 25).
    const freeable = text.length - dropEarliestReadableLines(text, Infinity, offset).text.length;
    for (;;) {
      const error = this.setOrError(local, LOCAL_KEYS.damagedHistory, keeping);
      if (error === null) break;
      const room =
        isStorageFullError(error) && freeable >= needed ? dropEarliestReadableLines(current, step, offset) : null;
      // The text written records how many went, in the same write (a kill cannot part them).
      const left = room === null || room.droppedLines === 0 ? null : parseHistory(room.text, offset).history;
      // Their days still count for the streak, like pruned sessions' (review 38).
      const removed = left === null ? [] : loaded.history.filter((r) => !left.some((l) => l.id === r.id));
      const next =
        room === null || left === null
          ? null
          : withDroppedForRoom(
              withPruned(room.text, foldRemovedForRoom(loaded.pruned, removed, goalChanges)),
              loaded.droppedForRoom + loaded.history.length - left.length,
            );
      if (next === null || !this.trySet(local, LOCAL_KEYS.history, next)) {
        this.services.warn("Steady Hold: could not store " + LOCAL_KEYS.damagedHistory + ": " + errorText(error));
        // The lines removed so far made no room for it: they go back (the room they took is free again);
        // when that fails, the text stored counts them.
        if (current !== text) this.trySet(local, LOCAL_KEYS.history, text);
        this.reportStorageFull(
          "the phone's storage is full and its history is damaged: sessions stay on the watch until there is room",
        );
        return null;
      }
      current = next;
      step *= 2;
    }
    const recovered = current === text ? loaded : parseHistory(current, offset);
    const history = recovered.history;
    const droppedForRoom = loaded.history.length - history.length;
    if (droppedForRoom > 0)
      this.services.warn(
        "Steady Hold: the phone's storage is full: removed the " +
          droppedForRoom +
          " earliest-received sessions to keep the damaged history's unreadable lines",
      );
    const sync = this.readSync();
    sync.historyDamage =
      "stored history was damaged: " +
      history.length +
      " sessions recovered; " +
      (loaded.errors.length - (loaded.damaged ? 1 : 0)) +
      " unreadable; the damaged lines are kept";
    this.writeSync(sync);
    return { history: history, droppedForRoom: recovered.droppedForRoom, pruned: recovered.pruned };
  }

  /**
   * Stores `history`, whose last session (`newId`) just arrived. When the phone refuses the write for
   * lack of room, the earliest-arrived sessions make room for it: dropped in growing steps (first
   * about the new entry's size, then twice as much each time: a few writes, at most about twice what
   * was needed), never the new one; the page counts them: the history written records how many went
   * (`droppedForRoom`, in total from `droppedBefore`), and their days are folded into `pruned` (judged
   * by `goalChanges`, so the streak keeps them), in the same write, so no kill loses either. False
   * (and the reason on the page) when even the new one alone does not fit, or the refusal is not
   * about room (see isStorageFullError): then nothing is dropped.
   */
  private storeHistory(
    history: SessionResult[],
    newId: string,
    droppedBefore: number,
    pruned: PrunedSessions,
    goalChanges: number[],
  ): boolean {
    let kept = history;
    let dropped = 0;
    let step = storedEntryChars(history[history.length - 1]);
    for (;;) {
      const error = this.setOrError(
        this.services.local,
        LOCAL_KEYS.history,
        serializeHistory(kept, droppedBefore + dropped, pruned),
      );
      if (error === null) break;
      const room = isStorageFullError(error) ? dropEarliestArrived(kept, step) : null;
      if (room !== null) pruned = foldRemovedForRoom(pruned, kept.slice(0, room.dropped), goalChanges);
      if (room === null || room.dropped === 0) {
        this.services.warn("Steady Hold: could not store " + LOCAL_KEYS.history + ": " + errorText(error));
        this.reportStorageFull(
          room === null
            ? "the phone refused to store the history (" + errorText(error) + "): sessions stay on the watch meanwhile"
            : "the phone's storage is full: sessions stay on the watch until there is room",
        );
        return false;
      }
      kept = room.history;
      dropped += room.dropped;
      step *= 2;
    }
    const sync = this.readSync();
    this.storageProblem = "";
    if (dropped > 0)
      this.services.warn(
        "Steady Hold: the phone's storage is full: removed the " +
          dropped +
          " earliest-received sessions to store session " +
          newId,
      );
    if (sync.storageProblem !== "") {
      sync.storageProblem = "";
      this.writeSync(sync);
    }
    return true;
  }

  /**
   * Shows on the page why nothing new is stored now (`problem`); the watch keeps the sessions meanwhile.
   * Stored only in room there is (not through writeSync): a note must never cost a session; it is
   * kept in memory for the page too.
   */
  private reportStorageFull(problem: string): void {
    this.storageProblem = problem;
    const sync = this.readSync();
    sync.storageProblem = this.storageProblem;
    this.trySet(this.services.local, LOCAL_KEYS.sync, JSON.stringify(sync));
    this.writeSummary();
  }

  private trySet(store: KeyValueStore, key: string, value: string): boolean {
    const error = this.setOrError(store, key, value);
    if (error === null) return true;
    this.services.warn("Steady Hold: could not store " + key + ": " + errorText(error));
    return false;
  }

  /** Null when stored, else what setItem threw. */
  private setOrError(store: KeyValueStore, key: string, value: string): unknown {
    try {
      store.setItem(key, value);
      return null;
    } catch (e) {
      return e === null || e === undefined ? new Error("setItem threw " + String(e)) : e;
    }
  }

  /**
   * Keeps a rejected result raw (bounded), once: a resend (one a full phone could not count is not
   * acknowledged) replaces its own copy, or its copies would push out those of other results, whose
   * watch copies are gone (review 36). False when it could not be stored.
   */
  private keepRejected(fileName: string, data: unknown): boolean {
    let kept: unknown[] = [];
    try {
      const stored = JSON.parse(this.services.local.getItem(LOCAL_KEYS.rejected) || "[]");
      if (Array.isArray(stored)) kept = stored.filter((entry) => !isRawCopyOf(entry, fileName));
    } catch (e) {
      kept = [];
    }
    kept.push({ file: fileName, at: this.services.now(), message: data });
    while (kept.length > MAX_REJECTED_KEPT) kept.shift();
    let text: string;
    try {
      text = JSON.stringify(kept);
    } catch (e) {
      return false;
    }
    return this.trySet(this.services.local, LOCAL_KEYS.rejected, text);
  }

  private async sendAck(sessionId: string): Promise<void> {
    await this.services.send(ackFileName(sessionId), encodeAckMessage(sessionId));
  }

  /** Counts an unreadable result; false when the phone could not (then it must not be acknowledged). */
  private reject(fileName: string, reason: string, ackedId: string | null): boolean {
    const counted = this.countRejection(fileName, reason);
    // Logged once the outcome is known: an uncounted one is not acknowledged (review 36).
    const ack = counted ? " (acknowledged so the watch drops it)" : " (not acknowledged: the watch sends it again)";
    this.services.warn("Steady Hold: rejected " + fileName + ": " + reason + (ackedId === null ? "" : ack));
    return counted;
  }

  /** Stores the count of an unreadable result; false when it is new and the phone could not store it. */
  private countRejection(fileName: string, reason: string): boolean {
    const sync = this.readSync();
    // The watch resends what it got no ack for (an unreadable one for ever): one unreadable result
    // counts once, by its file name, however many there are. The first names are kept as they are;
    // beyond them, all go into a fixed-size digest, so the sync state stays bounded (also the up to
    // 60 names an earlier version kept).
    const digest = isNameDigest(sync.rejectedDigest) ? sync.rejectedDigest : null;
    const seen =
      sync.rejectedFiles.indexOf(fileName) >= 0 ||
      sync.rejectedFiles.indexOf(nameToken(fileName)) >= 0 ||
      (digest !== null && digestHasName(digest, fileName));
    if (!seen) {
      sync.rejectedCount++;
      sync.rejectedFiles.push(fileName);
    }
    sync.lastRejection = reason.length > 200 ? reason.slice(0, 200) + "…" : reason;
    // No session is removed to count them (fixphone2: one name at a time, about 2 KB of sessions went
    // before the digest fitted). The digest is written once it fits, at the latest when the names take
    // as much room as it (2048 characters), so the state stays bounded; on a full phone the names are
    // kept as they are, else as tokens (15 characters, in the room the names took), else this one is
    // not counted yet: the page says so, and the watch's next resend counts it once there is room.
    const candidates: SyncState[] = [];
    if (sync.rejectedFiles.length > MAX_REJECTED_NAMES_KEPT || (digest !== null && sync.rejectedFiles.length > 0)) {
      let counted = digest === null ? emptyNameDigest() : digest;
      for (let i = 0; i < sync.rejectedFiles.length; i++) counted = addNameToDigest(counted, sync.rejectedFiles[i]);
      candidates.push({ ...sync, rejectedDigest: counted, rejectedFiles: [] });
    }
    candidates.push(sync, { ...sync, rejectedFiles: sync.rejectedFiles.map(nameToken) });
    // A new reason longer than the one stored must not keep a new name from being counted (with the
    // names in the digest, it is all the state grows by; review 36): last, the same states with the
    // reason cut so that they take no more room than the state stored.
    const stored = this.services.local.getItem(LOCAL_KEYS.sync);
    for (let i = 0, tried = candidates.length; i < tried && !seen && stored !== null; i++) {
      const cut = withReasonCut(candidates[i], stored.length);
      if (cut !== null) candidates.push(cut);
    }
    for (let i = 0; i < candidates.length; i++) {
      const error = this.setOrError(this.services.local, LOCAL_KEYS.sync, JSON.stringify(candidates[i]));
      if (error === null) {
        this.uncountedRejections = this.uncountedRejections.filter((name) => name !== fileName);
        return true;
      }
      if (!isStorageFullError(error)) {
        // Not counted either (review 36): not acknowledged, so the watch's next resend counts it.
        this.services.warn(
          "Steady Hold: could not store " +
            LOCAL_KEYS.sync +
            ": " +
            errorText(error) +
            (seen ? "" : "; " + fileName + " is not counted yet"),
        );
        return seen;
      }
    }
    if (seen) return true; // counted before: only its reason is not stored
    this.services.warn("Steady Hold: the phone's storage is full: " + fileName + " is not counted yet");
    if (this.uncountedRejections.indexOf(fileName) < 0) this.uncountedRejections.push(fileName);
    return false;
  }

  private handleExportRequest(): void {
    const { settings } = this.services;
    const request = settings.getItem(SETTINGS_KEYS.exportRequest);
    if (request === null) return;
    settings.removeItem(SETTINGS_KEYS.exportRequest);
    const format = request.slice(0, 4) === "json" ? "json" : "csv";
    const stored = parseHistory(this.services.local.getItem(LOCAL_KEYS.history), this.v1UtcOffset);
    const history = stored.history;
    // Sessions removed for room are a gap like those left out to fit: the JSON file counts them.
    const removedForRoom = stored.droppedForRoom + this.readSync().sessionsDroppedForRoom;
    // So are the sessions pruned over the history's limit (the earliest received).
    const pruned = stored.pruned.count;
    const exported =
      format === "json"
        ? exportJson(history, this.services.now(), undefined, removedForRoom, pruned)
        : exportCsv(history);
    let note =
      format.toUpperCase() +
      ": " +
      exported.sessions +
      " session" +
      (exported.sessions === 1 ? "" : "s") +
      (exported.omitted > 0 ? "; " + exported.omitted + " older left out to fit the settings page" : "") +
      (removedForRoom > 0
        ? "; " +
          removedForRoom +
          " received earliest " +
          (removedForRoom === 1 ? "was" : "were") +
          " removed when the phone was full"
        : "") +
      (pruned > 0
        ? "; " +
          pruned +
          " received earliest " +
          (pruned === 1 ? "is" : "are") +
          " no longer kept (the phone keeps the latest only)"
        : "");
    if (!this.trySet(settings, SETTINGS_KEYS.exportText, exported.text)) {
      // The box must not go on showing an earlier export under this one's note.
      settings.removeItem(SETTINGS_KEYS.exportText);
      note = format.toUpperCase() + ": not exported, the phone's storage is full";
    }
    this.trySet(settings, SETTINGS_KEYS.exportNote, note);
  }

  private readSync(): SyncState {
    const stored = this.services.local.getItem(LOCAL_KEYS.sync);
    const sync: SyncState = { ...EMPTY_SYNC_STATE, rejectedFiles: [] };
    if (stored === null) return sync;
    try {
      const data = JSON.parse(stored) as { [key: string]: unknown };
      for (const key of Object.keys(sync) as Array<keyof SyncState>) {
        const value = data[key];
        if (Array.isArray(sync[key])) {
          if (Array.isArray(value)) (sync as unknown as { [k: string]: unknown })[key] = value.filter(isString);
        } else if (typeof value === typeof sync[key]) (sync as unknown as { [k: string]: unknown })[key] = value;
      }
    } catch (e) {
      this.services.warn("Steady Hold: sync state unreadable; starting fresh");
    }
    return sync;
  }

  /**
   * Stores the sync state. On a full phone the earliest-arrived sessions make room for it, as for a
   * new session: a sync state that cannot grow would leave the page's counts and the routine's
   * confirmation unrecorded for good.
   */
  private writeSync(sync: SyncState): void {
    const value = JSON.stringify(sync);
    let error = this.setOrError(this.services.local, LOCAL_KEYS.sync, value);
    if (error !== null && isStorageFullError(error)) error = this.writeSyncMakingRoom(value, error);
    if (error !== null) this.services.warn("Steady Hold: could not store " + LOCAL_KEYS.sync + ": " + errorText(error));
  }

  /**
   * Drops the earliest-arrived sessions (growing steps, as storeHistory) until the sync state
   * (`value`) fits; the history written counts them in the same write (a kill before the sync state
   * is written keeps the count). Not when the stored history is damaged: its damage must be kept first
   * (loadHistory, at the next session). Null when stored, else the last error.
   */
  private writeSyncMakingRoom(value: string, refusal: unknown): unknown {
    const { local } = this.services;
    const storedHistory = local.getItem(LOCAL_KEYS.history);
    const parsed = parseHistory(storedHistory, this.v1UtcOffset);
    if (parsed.damaged || parsed.errors.length > 0 || storedHistory === null) return refusal;
    // Dropping every session it may could not free what the sync state grows by: none is dropped for
    // nothing (review 25).
    const stored = local.getItem(LOCAL_KEYS.sync);
    const needed = value.length - (stored === null ? 0 : stored.length);
    // Measured against the stored text, which may hold shorter version-1 entries than a rewrite.
    const droppedBefore = parsed.droppedForRoom;
    const freeable =
      storedHistory.length -
      serializeHistory(parsed.history.slice(-1), droppedBefore + parsed.history.length - 1, parsed.pruned).length;
    if (freeable < needed) return refusal;
    let kept = parsed.history;
    let pruned = parsed.pruned;
    let dropped = 0;
    let step = SYNC_STATE_ROOM;
    let error = refusal;
    const goalChanges = this.readGoalChanges();
    while (error !== null && isStorageFullError(error)) {
      const room = dropEarliestArrived(kept, step);
      if (room.dropped === 0) break;
      // Their days still count for the streak, like pruned sessions' (review 38).
      const folded = foldRemovedForRoom(pruned, kept.slice(0, room.dropped), goalChanges);
      const historyError = this.setOrError(
        local,
        LOCAL_KEYS.history,
        serializeHistory(room.history, droppedBefore + dropped + room.dropped, folded),
      );
      if (historyError !== null) {
        error = historyError;
        // The rewrite did not fit (version-1 entries rewritten are longer, review 28): drop more, while there is more.
        if (!isStorageFullError(historyError) || room.dropped === kept.length - 1) break;
        step *= 2;
        continue;
      }
      kept = room.history;
      pruned = folded;
      dropped += room.dropped;
      error = this.setOrError(local, LOCAL_KEYS.sync, value);
      step *= 2;
    }
    if (dropped > 0)
      this.services.warn(
        "Steady Hold: the phone's storage is full: removed the " +
          dropped +
          " earliest-received sessions to store the sync state",
      );
    if (error !== null && dropped > 0) {
      // They made no room for it: they go back (the room they took is free again), with the count
      // as it was; else the history stays stored without them, and counts them.
      // The exact text read (review 27): a rewrite of version-1 entries would be longer and not fit.
      if (this.trySet(local, LOCAL_KEYS.history, storedHistory))
        this.services.warn("Steady Hold: the removed sessions are back: removing them made no room for the sync state");
    }
    return error;
  }

  private writeSummary(): void {
    const now = this.services.now();
    const stored = parseHistory(this.services.local.getItem(LOCAL_KEYS.history), this.v1UtcOffset);
    const history = stored.history;
    const routine = this.currentRoutineQuietly();
    const sync = this.readSync();
    if (this.storageProblem !== "") sync.storageProblem = this.storageProblem;
    const uncounted = this.uncountedRejections.length;
    if (uncounted > 0)
      sync.storageProblem =
        (sync.storageProblem === "" ? "" : sync.storageProblem + "; ") +
        "the phone's storage is full: " +
        uncounted +
        (uncounted === 1 ? " unreadable result" : " unreadable results") +
        " from the watch not counted yet (counted once there is room)";
    // The history records the sessions removed for room; the sync state those an earlier version counted.
    sync.sessionsDroppedForRoom += stored.droppedForRoom;
    // Bookkeeping for the count, not for the page (the settings page's storage is small).
    sync.rejectedFiles = [];
    sync.rejectedDigest = "";
    const tzOffset = this.services.tzOffsetMinutes();
    // The goal the page shows for today is the one today is judged by once it is past.
    const goalChanges = this.readGoalChanges();
    const changed = recordGoal(goalChanges, localDayNumber(now, tzOffset), routine.dailyGoal);
    if (changed !== goalChanges && !this.storeGoalChanges(changed, history))
      sync.storageProblem =
        (sync.storageProblem === "" ? "" : sync.storageProblem + "; ") +
        "the phone's storage is full: the daily goal set today is not kept; once today is over it will be judged by its sessions' goal";
    const records = { pruned: stored.pruned.days, goalChanges: changed };
    const summary = summarizeHistory(history, routine, sync, now, tzOffset, records);
    this.trySet(this.services.settings, SETTINGS_KEYS.history, JSON.stringify(summary));
  }

  /**
   * Stores the goal changes still needed for `history`; on a full phone, in fewer characters when the
   * stored sessions judge some older days the same without them. No session is removed for them: a
   * removed session is worse than a day judged by its sessions' goal. False when not stored.
   */
  private storeGoalChanges(goalChanges: number[], history: SessionResult[]): boolean {
    const { local } = this.services;
    if (this.trySet(local, LOCAL_KEYS.goalChanges, JSON.stringify(neededGoalChanges(goalChanges, history, false))))
      return true;
    const tight = JSON.stringify(neededGoalChanges(goalChanges, history, true));
    if (this.setOrError(local, LOCAL_KEYS.goalChanges, tight) !== null) return false;
    this.services.log("Steady Hold: stored " + LOCAL_KEYS.goalChanges + " without the changes the sessions tell");
    return true;
  }

  /** The goal changes recorded; none when damaged (logged): past days are then judged by their sessions' goal. */
  private readGoalChanges(): number[] {
    const parsed = parseGoalChanges(this.services.local.getItem(LOCAL_KEYS.goalChanges));
    if (parsed.error !== "") this.services.warn("Steady Hold: " + parsed.error);
    return parsed.goalChanges;
  }

  // The summary only needs the goal and aid; warnings were already logged by syncRoutine.
  private currentRoutineQuietly(): Routine {
    const { settings } = this.services;
    return routineFromSettings((key) => settings.getItem(key)).routine;
  }
}

/** Characters of each end of a history kept when every line is readable but the list is not (see loadHistory). */
const SYNTAX_DAMAGE_ENDS = 80;

/** What is kept of damaged history text whose every line is readable: where the list's syntax broke. */
function syntaxDamageMarker(text: string): string {
  return (
    "every line readable, the list's brackets or separators damaged; it began " +
    JSON.stringify(text.slice(0, SYNTAX_DAMAGE_ENDS)) +
    " and ended " +
    JSON.stringify(text.slice(-SYNTAX_DAMAGE_ENDS))
  );
}

/**
 * `state` with its last rejection's reason cut (marked "…") so that it is at most `room` characters
 * as JSON; null when it is no longer than that already, or cutting the reason could not make it so.
 */
function withReasonCut(state: SyncState, room: number): SyncState | null {
  const reason = state.lastRejection;
  const excess = JSON.stringify(state).length - room;
  // Each character cut takes at least one from the JSON; one more makes room for the "…".
  const keep = reason.length - excess - 1;
  if (excess <= 0 || keep < 0) return null;
  return { ...state, lastRejection: reason.slice(0, keep) + "…" };
}

/** True when `entry` of the rejected list is the raw copy of `fileName` (keepRejected). */
function isRawCopyOf(entry: unknown, fileName: string): boolean {
  return typeof entry === "object" && entry !== null && (entry as { file?: unknown }).file === fileName;
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

/**
 * A storage refusal for lack of room. Fitbit documents none for the companion's storage; the Web
 * Storage standard throws a DOMException named "QuotaExceededError" (legacy code 22; old Firefox:
 * "NS_ERROR_DOM_QUOTA_REACHED", 1014). We assume the companion's does the same, or at least names a
 * quota in its message. Any other error is not taken for a full storage: nothing is dropped for it.
 */
function isStorageFullError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
  return (
    name === "QuotaExceededError" ||
    name === "NS_ERROR_DOM_QUOTA_REACHED" ||
    code === 22 ||
    code === 1014 ||
    (typeof message === "string" && /quota/i.test(message))
  );
}

function asTransfer(handle: unknown): { readyState?: unknown } | null {
  return typeof handle === "object" && handle !== null ? (handle as { readyState?: unknown }) : null;
}
