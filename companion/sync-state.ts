// The sync state in localStorage (SyncState: what the page says about syncing, and the counts behind
// it): read tolerantly, and written making room in the history when the phone is full.
import { EMPTY_SYNC_STATE, SyncState } from "../common/history-summary";
import { errorText } from "../common/errors";
import { writeSyncMakingRoom } from "./history-room";
import { LOCAL_KEYS, PhoneServices, isStorageFullError, setOrError } from "./phone-services";

export function readSync(services: PhoneServices): SyncState {
  const stored = services.local.getItem(LOCAL_KEYS.sync);
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
    services.warn("Steady Hold: sync state unreadable; starting fresh");
  }
  return sync;
}

/**
 * Stores the sync state. On a full phone the earliest-arrived sessions make room for it, as for a
 * new session: a sync state that cannot grow would leave the page's counts and the routine's
 * confirmation unrecorded for good.
 */
export function writeSync(services: PhoneServices, sync: SyncState): void {
  const value = JSON.stringify(sync);
  let error = setOrError(services.local, LOCAL_KEYS.sync, value);
  if (error !== null && isStorageFullError(error)) error = writeSyncMakingRoom(services, value, error);
  if (error !== null) services.warn("Steady Hold: could not store " + LOCAL_KEYS.sync + ": " + errorText(error));
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}
