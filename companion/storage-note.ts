// The page's note that the phone could not store a session (the watch keeps it meanwhile). It must
// never cost a session, so it is stored only in room there is: in the sync state when that fits, and
// in settingsStorage, which the full localStorage does not bound, so the next launch still shows it.
import { SETTINGS_KEYS } from "../common/settings-keys";
import { LOCAL_KEYS, PhoneServices, tryRemove, trySet } from "./phone-services";
import { readSync } from "./sync-state";

/** The longest note kept: the platform's error in it may be of any length. */
const STORAGE_NOTE_MAX_CHARS = 300;

export class StorageNote {
  /** For the page when even settingsStorage refuses the note. */
  private inMemory = "";

  constructor(private readonly services: PhoneServices) {}

  /** The note to show; "" when there is none. */
  current(): string {
    return this.inMemory !== "" ? this.inMemory : this.services.settings.getItem(SETTINGS_KEYS.storageNote) || "";
  }

  /** Keeps `problem` (cut to STORAGE_NOTE_MAX_CHARS) in room there is, never through writeSync. */
  report(problem: string): void {
    const note = problem.length > STORAGE_NOTE_MAX_CHARS ? problem.slice(0, STORAGE_NOTE_MAX_CHARS - 1) + "…" : problem;
    this.inMemory = note;
    const sync = readSync(this.services);
    sync.storageProblem = note;
    trySet(this.services, this.services.local, LOCAL_KEYS.sync, JSON.stringify(sync));
    trySet(this.services, this.services.settings, SETTINGS_KEYS.storageNote, note);
  }

  /**
   * A session is about to be stored: the copy in the sync state goes first, or it takes room from the
   * sessions removed to make room (review 45: 2 removed where 1 did). The page keeps the note (memory,
   * settingsStorage) until the session is stored; a refusal reports it again.
   */
  dropSyncCopy(): void {
    const sync = readSync(this.services);
    if (sync.storageProblem === "") return;
    sync.storageProblem = "";
    trySet(this.services, this.services.local, LOCAL_KEYS.sync, JSON.stringify(sync));
  }

  /** A session was stored: the storage is no longer full. */
  clear(): void {
    this.inMemory = "";
    // Removed only when there, and a refusal ends nothing: a throw here held back the session's ack
    // and the page (review 45). Not removed, it is emptied, or the page would go on showing it.
    const { settings } = this.services;
    if (settings.getItem(SETTINGS_KEYS.storageNote) && !tryRemove(this.services, settings, SETTINGS_KEYS.storageNote))
      trySet(this.services, settings, SETTINGS_KEYS.storageNote, "");
    this.dropSyncCopy();
  }
}
