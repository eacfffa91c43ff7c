// The routine on the watch: sent when the settings change, recorded (on a full phone in short form,
// also in settingsStorage), resent while the watch has not confirmed it, and given up after the watch
// refused it MAX_ROUTINE_REFUSALS times.
import { ROUTINE_KEYS, Routine, copyRoutine, sameRoutine } from "../common/routine";
import { ROUTINE_FILE, decodeRoutineAckMessage, decodeRoutineMessage, encodeRoutineMessage } from "../common/protocol";
import { routineFromSettings } from "../common/settings-routine";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { SyncState } from "../common/history-summary";
import { IncomingFile, LOCAL_KEYS, PhoneServices, setOrError, tryRemove, trySet } from "./phone-services";
import { readSync, writeSync } from "./sync-state";

/** Before routineRefusals: counted every resend, also those that never reached the watch. Removed when seen. */
const LEGACY_ROUTINE_RESENDS_KEY = "routineResends";
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

/** The settings' routine, its bad values neither logged nor repaired (syncRoutine does that): for the page and the short record. */
export function currentRoutineQuietly(services: PhoneServices): Routine {
  return routineFromSettings((key) => services.settings.getItem(key)).routine;
}

export class RoutineSync {
  /** The last routine transfer this run queued (a FileTransfer on the phone), to not resend while it is on its way. */
  private routineTransfer: { readyState?: unknown } | null = null;
  /**
   * This run's launch resend replaced a transfer an earlier run handed over (its fate unknown to us):
   * a watch answering older meanwhile may be answering that one (see receiveRoutineAck).
   */
  private launchResendAfterEarlierRun = false;
  /** The routine last handed over, found unchanged at launch: resent after the inbox while unconfirmed. */
  private unchangedAtLaunch: SentRoutine | null = null;

  /** `refreshPage` rewrites the page's summary, which shows the routine's state. */
  constructor(
    private readonly services: PhoneServices,
    private readonly refreshPage: () => void,
  ) {}

  private currentRoutine(): Routine {
    const { settings } = this.services;
    const parsed = routineFromSettings((key) => settings.getItem(key));
    for (let i = 0; i < parsed.errors.length; i++) this.services.warn(parsed.errors[i]);
    // A repair the phone refuses is logged, and must not keep the routine from the watch.
    for (const key of Object.keys(parsed.repairs)) trySet(this.services, settings, key, parsed.repairs[key]);
    return parsed.routine;
  }

  /**
   * Sends the routine when it differs from the last one handed to the file transfer. A transfer
   * can still fail after it was queued, so the routine counts as delivered only when the watch
   * confirms its revision ("routine-ack.cbor"); until then each launch sends it again (after the
   * inbox: resendUnconfirmedAtLaunch).
   */
  async syncRoutine(atLaunch: boolean): Promise<void> {
    const routine = this.currentRoutine();
    const sync = readSync(this.services);
    const last = this.lastSentRoutine() || this.unrecordedRoutine(routine, sync, atLaunch);
    // The summary is rewritten even when the transfer refuses the routine (the task then fails):
    // the page must not go on showing an earlier routine as the one on the watch.
    try {
      if (last && sameRoutine(last.routine, routine)) {
        if (sync.routineRefusedAt >= 0) {
          // Changed back to the routine last handed over: nothing is left unsent.
          sync.routineRefusedAt = -1;
          writeSync(this.services, sync);
        }
        // Unchanged: at launch, resent once the inbox is drained if still not confirmed.
        if (atLaunch) this.unchangedAtLaunch = last;
        return;
      }
      await this.sendRoutine(routine, last ? last.revision + 1 : 1, sync.routineConfirmedRevision);
    } finally {
      this.refreshPage();
    }
  }

  /**
   * At launch, after the files that woke us: the routine last handed over, unchanged, is sent again
   * when the watch has still not confirmed it (a failed transfer, a damaged file, a reinstalled
   * app), unless this run handed a routine over already (answering a confirmation).
   */
  async resendUnconfirmedAtLaunch(): Promise<void> {
    const last = this.unchangedAtLaunch;
    this.unchangedAtLaunch = null;
    const sync = readSync(this.services);
    if (last === null || this.routineTransfer !== null || sync.routineConfirmedRevision === last.revision) return;
    try {
      await this.resendRoutine(last.routine, last.revision, sync.routineConfirmedRevision, true);
    } finally {
      this.refreshPage();
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
    trySet(
      this.services,
      this.services.local,
      LOCAL_KEYS.sentRoutine,
      JSON.stringify(encodeRoutineMessage(routine, revision)),
    );
    trySet(this.services, this.services.settings, SETTINGS_KEYS.sentRoutine, shortRoutineRecord(routine, revision));
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
      const refused = readSync(this.services);
      if (refused.routineRefusedAt < 0) {
        refused.routineRefusedAt = this.services.now();
        writeSync(this.services, refused);
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
    if (setOrError(this.services.local, LOCAL_KEYS.sentRoutine, record) !== null) {
      tryRemove(this.services, this.services.local, LOCAL_KEYS.sentRoutine);
      if (setOrError(this.services.local, LOCAL_KEYS.sentRoutine, record) !== null)
        trySet(this.services, this.services.local, LOCAL_KEYS.sentRoutine, shortRecord);
    }
    trySet(this.services, this.services.settings, SETTINGS_KEYS.sentRoutine, shortRecord);
    trySet(this.services, this.services.local, LOCAL_KEYS.routineRefusals, "0");
    // A removal the phone refuses is logged: the routine is on its way, and must be recorded as sent.
    tryRemove(this.services, this.services.local, LEGACY_ROUTINE_RESENDS_KEY);
    this.services.log("Steady Hold: sent routine revision " + revision);
    const sync = readSync(this.services);
    sync.routineRevision = revision;
    sync.routineSentAt = this.services.now();
    sync.routineRefusedAt = -1;
    writeSync(this.services, sync);
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
    trySet(this.services, this.services.local, LOCAL_KEYS.routineRefusals, String(this.routineRefusals() + 1));
  }

  /** The watch says which revision it runs: confirmed, or sent again. */
  async receiveRoutineAck(file: IncomingFile): Promise<void> {
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
    const sync = readSync(this.services);
    const wasConfirmed = sync.routineConfirmedRevision === sync.routineRevision;
    sync.routineConfirmedRevision = decoded.value;
    sync.routineConfirmedAt = this.services.now();
    writeSync(this.services, sync);
    const last = this.lastSentRoutine();
    if (last === null || decoded.value === last.revision) return;
    // Confirmed before and now not (reinstalled app, damaged file): start the count over. A write
    // that fails is logged: a throw here ended the inbox drain (review 36).
    if (wasConfirmed) trySet(this.services, this.services.local, LOCAL_KEYS.routineRefusals, "0");
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
    const routine = currentRoutineQuietly(this.services);
    return record === shortRoutineRecord(routine, revision) ? { routine: routine, revision: revision } : null;
  }
}

function asTransfer(handle: unknown): { readyState?: unknown } | null {
  return typeof handle === "object" && handle !== null ? (handle as { readyState?: unknown }) : null;
}
