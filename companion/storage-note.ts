// The page's note that the phone could not store a session (the watch keeps it meanwhile). It must
// never cost a session, so it is stored only in room there is: in the sync state when that fits, and
// in settingsStorage, which the full localStorage does not bound, so the next launch still shows it.
import { SETTINGS_KEYS } from "../common/settings-keys";
import { LOCAL_KEYS, PhoneServices, trySet } from "./phone-services";
import { readSync, writeSync } from "./sync-state";

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

  /** A session was stored: the storage is no longer full. */
  clear(): void {
    this.inMemory = "";
    this.services.settings.removeItem(SETTINGS_KEYS.storageNote);
    const sync = readSync(this.services);
    if (sync.storageProblem !== "") {
      sync.storageProblem = "";
      writeSync(this.services, sync);
    }
  }
}
