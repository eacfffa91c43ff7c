// The companion's behaviour, with every platform service injected so tests can drive it
// (companion/index.ts wires the real Fitbit modules). All work runs one task at a time: the
// read-modify-write of the stored history must never interleave. This file takes in what the watch
// sends (results, acknowledged once stored; the routine's confirmations); each job it hands on has its
// own file: routine-sync.ts (the routine), history-room.ts (the history on a full phone),
// rejections.ts (results that fail), goal-records.ts (the goal of each day), storage-note.ts (the
// page's note that a session could not be stored), phone-page.ts (the page).
import {
  RESULT_FILE_PREFIX,
  ROUTINE_ACK_FILE,
  ackFileName,
  encodeAckMessage,
  isReadableVersion,
  sessionIdFromFileName,
} from "../common/protocol";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { addResult, decodeStoredResult, pruneHistory } from "../common/history-store";
import { foldPruned, latestWeekDay } from "../common/history-summary";
import { errorText } from "../common/errors";
import { readGoalChanges } from "./goal-records";
import { loadHistory, storeHistory } from "./history-room";
import { handleExportRequest, writePageSummary } from "./phone-page";
import { IncomingFile, PhoneServices, phoneToday, v1UtcOffset } from "./phone-services";
import { Rejections } from "./rejections";
import { RoutineSync } from "./routine-sync";
import { StorageNote } from "./storage-note";
import { readSync, writeSync } from "./sync-state";

export class PhoneSync {
  private queue: Promise<void> = Promise.resolve();
  private readonly routine: RoutineSync;
  private readonly rejections: Rejections;
  private readonly storageNote: StorageNote;

  constructor(private readonly services: PhoneServices) {
    this.routine = new RoutineSync(services, () => this.writeSummary());
    this.rejections = new Rejections(services);
    this.storageNote = new StorageNote(services);
  }

  /**
   * Launch: sync the routine, take in any files that woke us, refresh the summary, and only then
   * resend a routine still unconfirmed: the watch's confirmation of it may be what woke us, and
   * resending it first made the watch confirm (and wake us) once more for every change.
   */
  start(): Promise<void> {
    this.run(() => this.routine.syncRoutine(true));
    this.run(() => handleExportRequest(this.services));
    this.drainInbox();
    return this.run(() => this.routine.resendUnconfirmedAtLaunch());
  }

  onSettingsChange(key: string | null): Promise<void> {
    if (key === SETTINGS_KEYS.exportRequest) return this.run(() => handleExportRequest(this.services));
    // Our own summary/export keys never change the routine.
    if (
      key === SETTINGS_KEYS.history ||
      key === SETTINGS_KEYS.exportText ||
      key === SETTINGS_KEYS.exportNote ||
      key === SETTINGS_KEYS.sentRoutine ||
      key === SETTINGS_KEYS.storageNote ||
      key === SETTINGS_KEYS.lastRejection
    )
      return this.queue;
    return this.run(() => this.routine.syncRoutine(false));
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

  private async receiveFile(file: IncomingFile): Promise<void> {
    if (file.name === ROUTINE_ACK_FILE) return this.routine.receiveRoutineAck(file);
    const nameId = sessionIdFromFileName(file.name, RESULT_FILE_PREFIX);
    if (file.name.slice(0, RESULT_FILE_PREFIX.length) !== RESULT_FILE_PREFIX) {
      this.services.warn("Steady Hold: ignored unexpected file " + JSON.stringify(file.name));
      return;
    }
    let data: unknown;
    try {
      data = await file.cbor();
    } catch (e) {
      this.rejections.reject(file.name, "not readable CBOR (" + errorText(e) + ")", null);
      return;
    }
    const decoded = decodeStoredResult(data, v1UtcOffset(this.services));
    if (!decoded.ok) {
      // A result of a version we read that fails validation never will pass: it is kept raw on
      // the phone (counted on the page) and then acknowledged, so the watch stops resending it.
      // Another version may be readable after an update: not acknowledged.
      const readable = isReadableVersion(data);
      // Not acknowledged while the phone cannot count it (full, or any refusal): the watch sends it again.
      const kept = readable && nameId !== null && this.rejections.keepRawCopy(file.name, data);
      if (this.rejections.reject(file.name, decoded.reason, kept ? nameId : null) && kept && nameId)
        await this.sendAck(nameId);
      return;
    }
    const result = decoded.value;
    const now = this.services.now();
    const loaded = loadHistory(this.services);
    // Not acknowledged: the watch keeps its copy until the phone has room.
    if (!loaded.ok) return this.reportStorageFull(loaded.problem);
    if (loaded.damage !== "") {
      const damaged = readSync(this.services);
      damaged.historyDamage = loaded.damage;
      writeSync(this.services, damaged);
    }
    // A session removed for room or pruned is counted already: its resend (its ack was lost) is not stored again.
    const outcome = addResult(loaded.history, result, loaded.pruned.ids);
    if (outcome.added) {
      // Sessions pruned over the limit are counted, and their days kept for the streak, in the same write.
      const kept = pruneHistory(outcome.history);
      const prunedNow = outcome.history.slice(0, outcome.history.length - kept.length);
      const goalChanges = readGoalChanges(this.services);
      const pruned =
        prunedNow.length === 0
          ? loaded.pruned
          : foldPruned(loaded.pruned, prunedNow, goalChanges, latestWeekDay(kept, phoneToday(this.services)));
      // Only what is stored is acknowledged: a write that fails (storage full) leaves the watch its copy.
      this.storageNote.dropSyncCopy();
      const refusal = storeHistory(this.services, kept, result.id, loaded.droppedForRoom, pruned, goalChanges);
      if (refusal !== null) return this.reportStorageFull(refusal.problem);
      this.storageNote.clear();
      this.services.log("Steady Hold: stored session " + result.id);
    } else {
      this.services.log(
        "Steady Hold: session " +
          result.id +
          (loaded.pruned.ids.indexOf(result.id) >= 0
            ? " was stored and is no longer kept (removed for room or over the limit), counted already"
            : " was already stored") +
          "; acknowledging again",
      );
    }
    const sync = readSync(this.services);
    sync.lastResultId = result.id;
    sync.lastResultAt = now;
    writeSync(this.services, sync);
    // Only after the result is stored: an ack makes the watch delete its copy.
    await this.sendAck(result.id);
  }

  private async sendAck(sessionId: string): Promise<void> {
    await this.services.send(ackFileName(sessionId), encodeAckMessage(sessionId));
  }

  /** Shows on the page why nothing new is stored now (`problem`); the watch keeps the sessions meanwhile. */
  private reportStorageFull(problem: string): void {
    this.storageNote.report(problem);
    this.writeSummary();
  }

  private writeSummary(): void {
    writePageSummary(this.services, this.storageNote.current(), this.rejections.uncounted());
  }
}
