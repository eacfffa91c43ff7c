// The platform services the companion runs on (companion/index.ts wires the real Fitbit modules; tests
// pass fakes), where it keeps things, and the writes that never throw.
import { errorText } from "../common/errors";
import { localDayNumber } from "../common/daily";

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

/**
 * Stands in for version 1 results' missing time zone: minutes east of UTC on the phone at the
 * session's start (its season's offset: the phone's now would put a session from the other
 * daylight-saving season an hour off, maybe on another day).
 */
export function v1UtcOffset(services: PhoneServices): (startedAt: number) => number {
  return (startedAt) => -services.tzOffsetMinutes(startedAt);
}

/** The phone's local day now, as the page's week counts it. */
export function phoneToday(services: PhoneServices): number {
  return localDayNumber(services.now(), services.tzOffsetMinutes());
}

/** Stores `value`; a refusal is logged and ends nothing. False when not stored. */
export function trySet(services: PhoneServices, store: KeyValueStore, key: string, value: string): boolean {
  const error = setOrError(store, key, value);
  if (error === null) return true;
  services.warn("Steady Hold: could not store " + key + ": " + errorText(error));
  return false;
}

/** Removes `key`; a refusal is logged and ends nothing (review 45: one ended the inbox before the ack). False when not removed. */
export function tryRemove(services: PhoneServices, store: KeyValueStore, key: string): boolean {
  try {
    store.removeItem(key);
    return true;
  } catch (e) {
    services.warn("Steady Hold: could not remove " + key + ": " + errorText(e));
    return false;
  }
}

/** Null when stored, else what setItem threw. */
export function setOrError(store: KeyValueStore, key: string, value: string): unknown {
  try {
    store.setItem(key, value);
    return null;
  } catch (e) {
    return e === null || e === undefined ? new Error("setItem threw " + String(e)) : e;
  }
}

/**
 * A storage refusal for lack of room. Fitbit documents none for the companion's storage; the Web
 * Storage standard throws a DOMException named "QuotaExceededError" (legacy code 22; old Firefox:
 * "NS_ERROR_DOM_QUOTA_REACHED", 1014). We assume the companion's does the same, or at least names a
 * quota in its message. Any other error is not taken for a full storage: nothing is dropped for it.
 */
export function isStorageFullError(error: unknown): boolean {
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
