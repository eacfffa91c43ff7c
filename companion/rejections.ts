// Results the phone rejects: a malformed one of a version it reads is kept raw (bounded) and counted
// before it is acknowledged; an unreadable one (another version, not CBOR) is counted once by its file
// name, however often the watch resends it. On a full phone the names shrink to tokens, the reason is
// cut, and what still cannot be counted is said on the page until a resend counts it.
import { SyncState } from "../common/history-summary";
import { errorText } from "../common/errors";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { addNameToDigest, digestHasName, emptyNameDigest, isNameDigest, nameToken } from "../common/name-digest";
import { LOCAL_KEYS, PhoneServices, isStorageFullError, setOrError, tryRemove, trySet } from "./phone-services";
import { readSync } from "./sync-state";

/** Rejected results kept raw; the oldest go first. */
const MAX_REJECTED_KEPT = 20;
/**
 * Names of unreadable results counted (SyncState.rejectedFiles) kept as they are, about 40 characters
 * each; beyond them the names go into SyncState.rejectedDigest (2048 characters, any number of names).
 */
const MAX_REJECTED_NAMES_KEPT = 20;

export class Rejections {
  /** Unreadable results a full phone could not count (their names did not fit): shown on the page. */
  private uncountedNames: string[] = [];

  constructor(private readonly services: PhoneServices) {}

  /** How many unreadable results this run could not count yet. */
  uncounted(): number {
    return this.uncountedNames.length;
  }

  /**
   * Keeps a rejected result raw (bounded), once: a resend (one a full phone could not count is not
   * acknowledged) replaces its own copy, or its copies would push out those of other results, whose
   * watch copies are gone (review 36). False when it could not be stored.
   */
  keepRawCopy(fileName: string, data: unknown): boolean {
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
    return trySet(this.services, this.services.local, LOCAL_KEYS.rejected, text);
  }

  /**
   * Counts an unreadable result and logs it (with whether it is acknowledged, when `ackedId` is the
   * session it would acknowledge); false when the phone could not (then it must not be acknowledged).
   */
  reject(fileName: string, reason: string, ackedId: string | null): boolean {
    const counted = this.countRejection(fileName, reason);
    // Logged once the outcome is known: an uncounted one is not acknowledged (review 36).
    const ack = counted ? " (acknowledged so the watch drops it)" : " (not acknowledged: the watch sends it again)";
    this.services.warn("Steady Hold: rejected " + fileName + ": " + reason + (ackedId === null ? "" : ack));
    return counted;
  }

  /** Stores the count of an unreadable result; false when it is new and the phone could not store it. */
  private countRejection(fileName: string, reason: string): boolean {
    const sync = readSync(this.services);
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
      const error = setOrError(this.services.local, LOCAL_KEYS.sync, JSON.stringify(candidates[i]));
      if (error === null) {
        this.uncountedNames = this.uncountedNames.filter((name) => name !== fileName);
        // Not bounded by the full localStorage: the page shows the reason in full (lastRejectionInFull).
        // Refused, the older reason goes, or the page would take it for this one when both start the
        // same (review 45).
        if (!trySet(this.services, this.services.settings, SETTINGS_KEYS.lastRejection, sync.lastRejection))
          tryRemove(this.services, this.services.settings, SETTINGS_KEYS.lastRejection);
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
    if (this.uncountedNames.indexOf(fileName) < 0) this.uncountedNames.push(fileName);
    return false;
  }
}

/**
 * The last rejection's reason for the page: `stored` (the sync state's), or in full when that is it
 * cut to fit a full phone (withReasonCut), from settingsStorage, which the full localStorage does not
 * bound; the cut one stayed on the page until the next rejection, also once there was room again.
 */
export function lastRejectionInFull(services: PhoneServices, stored: string): string {
  const full = services.settings.getItem(SETTINGS_KEYS.lastRejection);
  const cut = stored.slice(-1) === "…" && full !== null && full.slice(0, stored.length - 1) === stored.slice(0, -1);
  return cut ? (full as string) : stored;
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

/** True when `entry` of the rejected list is the raw copy of `fileName` (keepRawCopy). */
function isRawCopyOf(entry: unknown, fileName: string): boolean {
  return typeof entry === "object" && entry !== null && (entry as { file?: unknown }).file === fileName;
}
