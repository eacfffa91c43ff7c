// The stored history's room on a full phone: the earliest-arrived sessions removed to make room (for a
// new session, the sync state, or a damaged history's unreadable lines), counted and their days folded
// into the pruned record in the same write, and put back when removing them made no room.
import { SessionResult } from "../common/result";
import {
  PrunedSessions,
  dropEarliestReadableLines,
  isPrunedRecordLine,
  parseHistory,
  serializeHistory,
  storedEntryChars,
  unreadableLines,
  withDroppedForRoom,
  withPruned,
} from "../common/history-store";
import { foldRemovedForRoom, latestWeekDay } from "../common/history-summary";
import { errorText } from "../common/errors";
import { readGoalChanges } from "./goal-records";
import {
  LOCAL_KEYS,
  PhoneServices,
  isStorageFullError,
  phoneToday,
  setOrError,
  trySet,
  v1UtcOffset,
} from "./phone-services";

/**
 * Characters a full phone frees for its sync state on top of what it makes room for (a routine
 * confirmation adds two 13-digit times; the page's note on a damaged history about 90).
 */
export const SYNC_STATE_ROOM = 256;
/** Characters of each end of a history kept when every line is readable but the list is not (see loadHistory). */
const SYNTAX_DAMAGE_ENDS = 80;

export interface LoadedHistory {
  ok: true;
  history: SessionResult[];
  droppedForRoom: number;
  pruned: PrunedSessions;
  /** The page's note on damage found in the stored text now (its lines kept); "" when none was. */
  damage: string;
}

/** Why nothing new can be stored now, for the page; the watch keeps the sessions meanwhile. */
export interface StorageRefusal {
  ok: false;
  problem: string;
}

/**
 * The stored history; damaged text is recovered entry by entry, and its unreadable lines (what
 * holds no readable session: see unreadableLines) are kept, added to damagedHistory after any
 * earlier damage, before anything may rewrite the history. On a full phone the earliest-arrived
 * readable lines are removed from the damaged text first to make room (the damage itself stays in
 * it; counted in the same write, like storeHistory's). Not for a damaged record of the sessions no
 * longer stored (its count and ids are read anyway): on a full phone it is left out, and the history
 * is written again without it, its days and holds lost (review 46). A refusal when the damage could
 * still not be kept: the history then stays damaged and nothing new is stored or acknowledged.
 */
export function loadHistory(services: PhoneServices): LoadedHistory | StorageRefusal {
  const { local } = services;
  const offset = v1UtcOffset(services);
  const text = local.getItem(LOCAL_KEYS.history);
  const loaded = parseHistory(text, offset);
  for (let i = 0; i < loaded.errors.length; i++) services.warn(loaded.errors[i]);
  const asLoaded: LoadedHistory = {
    ok: true,
    history: loaded.history,
    droppedForRoom: loaded.droppedForRoom,
    pruned: loaded.pruned,
    damage: "",
  };
  if (!(loaded.damaged || loaded.errors.length > 0) || text === null) return asLoaded;
  // With no unreadable line (a lost closing bracket, say) only the text's ends are kept, not the
  // whole text: that needs as much room again as the history, more than a full phone can free (review 30).
  const lines = unreadableLines(text, offset);
  const damage = lines.join("\n") || syntaxDamageMarker(text);
  const kept = local.getItem(LOCAL_KEYS.damagedHistory);
  // Kept already: nothing has rewritten the history since it was found damaged.
  const keptAlready = (lost: string) => kept !== null && kept.slice(-lost.length) === lost;
  if (keptAlready(damage)) return asLoaded;
  const keepingOf = (lost: string) =>
    kept === null
      ? lost
      : kept + "\n\n--- damaged again, found " + new Date(services.now()).toISOString() + " ---\n\n" + lost;
  let keeping = keepingOf(damage);
  let error = setOrError(local, LOCAL_KEYS.damagedHistory, keeping);
  // The damaged record of the sessions no longer stored is kept while there is room, never for a
  // session's (review 46: it cost 2): its count and ids are read anyway, only its days and holds are lost.
  const sessionDamage = lines.filter((line) => !isPrunedRecordLine(line)).join("\n");
  const recordLeftOut = sessionDamage !== lines.join("\n") && isStorageFullError(error);
  if (recordLeftOut) {
    services.warn(
      "Steady Hold: the phone's storage is full: the damaged record of sessions no longer stored is not kept aside (its count and ids are read, its days and holds lost)",
    );
    const more = sessionDamage !== "" && !keptAlready(sessionDamage);
    keeping = keepingOf(sessionDamage);
    error = more ? setOrError(local, LOCAL_KEYS.damagedHistory, keeping) : null;
  }
  let current = text;
  // Room for the kept damage and the page's note about it.
  const needed = keeping.length - (kept === null ? 0 : kept.length);
  let step = needed + SYNC_STATE_ROOM;
  const goalChanges = readGoalChanges(services);
  // Dropping every readable line could not free that much: none is dropped for nothing (review 25).
  const freeable = text.length - dropEarliestReadableLines(text, Infinity, offset).text.length;
  while (error !== null) {
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
            withPruned(
              room.text,
              foldRemovedForRoom(loaded.pruned, removed, goalChanges, latestWeekDay(left, phoneToday(services))),
            ),
            loaded.droppedForRoom + loaded.history.length - left.length,
          );
    if (next === null || !trySet(services, local, LOCAL_KEYS.history, next)) {
      services.warn("Steady Hold: could not store " + LOCAL_KEYS.damagedHistory + ": " + errorText(error));
      // The lines removed so far made no room for it: they go back (the room they took is free again);
      // when that fails, the text stored counts them.
      if (current !== text) trySet(services, local, LOCAL_KEYS.history, text);
      return {
        ok: false,
        problem:
          "the phone's storage is full and its history is damaged: sessions stay on the watch until there is room",
      };
    }
    current = next;
    step *= 2;
    error = setOrError(local, LOCAL_KEYS.damagedHistory, keeping);
  }
  let recovered = current === text ? loaded : parseHistory(current, offset);
  if (recordLeftOut) {
    // Its other damage kept, the history is written again without the record's torn line (a loss
    // logged above): what was read of it takes less room (review 46: the page's note did not fit).
    const mended = serializeHistory(recovered.history, recovered.droppedForRoom, recovered.pruned);
    if (trySet(services, local, LOCAL_KEYS.history, mended)) recovered = parseHistory(mended, offset);
  }
  const history = recovered.history;
  const droppedForRoom = loaded.history.length - history.length;
  if (droppedForRoom > 0)
    services.warn(
      "Steady Hold: the phone's storage is full: removed the " +
        droppedForRoom +
        " earliest-received sessions to keep the damaged history's unreadable lines",
    );
  return {
    ok: true,
    history: history,
    droppedForRoom: recovered.droppedForRoom,
    pruned: recovered.pruned,
    damage:
      "stored history was damaged: " +
      history.length +
      " sessions recovered; " +
      (loaded.errors.length - (loaded.damaged ? 1 : 0)) +
      " unreadable; " +
      (recordLeftOut ? "the removed sessions' days and holds are lost (storage full)" : "the damaged lines are kept"),
  };
}

/**
 * Stores `history`, whose last session (`newId`) just arrived. When the phone refuses the write for
 * lack of room, the earliest-arrived sessions make room for it (first about the new entry's size,
 * then what is still missing: stillMissing), never the new one; the page counts them: the history
 * written records how many went (`droppedForRoom`, in total from `droppedBefore`), and their days are
 * folded into `pruned` (judged by `goalChanges`, so the streak keeps them), in the same write, so no
 * kill loses either. A refusal (for the page) when even the new one alone does not fit, or the
 * refusal is not about room (see isStorageFullError): then nothing is dropped. Null when stored.
 */
export function storeHistory(
  services: PhoneServices,
  history: SessionResult[],
  newId: string,
  droppedBefore: number,
  pruned: PrunedSessions,
  goalChanges: number[],
): StorageRefusal | null {
  let kept = history;
  let dropped = 0;
  let step = storedEntryChars(history[history.length - 1]);
  const stored = services.local.getItem(LOCAL_KEYS.history);
  const fitted = stored === null ? 0 : stored.length;
  for (;;) {
    const text = serializeHistory(kept, droppedBefore + dropped, pruned);
    const error = setOrError(services.local, LOCAL_KEYS.history, text);
    if (error === null) break;
    // The first removal hoped the room there was held the record of it; when it did not, the next
    // frees only what is still missing, that record counted in (review 42, review 45).
    if (dropped > 0) step = stillMissing(text.length - fitted, step);
    const room = isStorageFullError(error)
      ? removeForRoom(kept, step, droppedBefore + dropped, pruned, goalChanges, phoneToday(services), dropped > 0)
      : null;
    if (room === null || room.dropped === 0) {
      services.warn("Steady Hold: could not store " + LOCAL_KEYS.history + ": " + errorText(error));
      return {
        ok: false,
        problem:
          room === null
            ? "the phone refused to store the history (" + errorText(error) + "): sessions stay on the watch meanwhile"
            : "the phone's storage is full: sessions stay on the watch until there is room",
      };
    }
    kept = room.history;
    pruned = room.pruned;
    dropped += room.dropped;
  }
  if (dropped > 0)
    services.warn(
      "Steady Hold: the phone's storage is full: removed the " +
        dropped +
        " earliest-received sessions to store session " +
        newId,
    );
  return null;
}

/**
 * Drops the earliest-arrived sessions (what the sync state grows by and SYNC_STATE_ROOM, then what
 * is still missing) until the sync state (`value`) fits with SYNC_STATE_ROOM to spare; the history written counts them in the same write (a kill before
 * the sync state is written keeps the count). Not when the stored history is damaged: its damage must
 * be kept first (loadHistory, at the next session). Null when stored, else the last error.
 */
export function writeSyncMakingRoom(services: PhoneServices, value: string, refusal: unknown): unknown {
  const { local } = services;
  const storedHistory = local.getItem(LOCAL_KEYS.history);
  const parsed = parseHistory(storedHistory, v1UtcOffset(services));
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
  // The history's length at which both fit where the texts stored did, SYNC_STATE_ROOM to spare: the
  // sync state grows again soon (a rejection counted, the routine confirmed), and a rejection's count
  // never removes a session (review 28's phone lost every count once the steps were exact).
  const fits = storedHistory.length - needed - SYNC_STATE_ROOM;
  let step = 0;
  let error = refusal;
  const goalChanges = readGoalChanges(services);
  while (error !== null && isStorageFullError(error)) {
    // First what it grows by and SYNC_STATE_ROOM, hoping the room there was holds the record of the
    // removal; then only what is still missing, that record counted in (review 45: the steps doubled,
    // 8 removed where 5 did).
    const first = step === 0;
    step = first
      ? needed + SYNC_STATE_ROOM
      : stillMissing(serializeHistory(kept, droppedBefore + dropped, pruned).length - fits, step);
    const room = removeForRoom(kept, step, droppedBefore + dropped, pruned, goalChanges, phoneToday(services), !first);
    if (room.dropped === 0) break;
    const historyError = setOrError(
      local,
      LOCAL_KEYS.history,
      serializeHistory(room.history, droppedBefore + dropped + room.dropped, room.pruned),
    );
    if (historyError !== null) {
      error = historyError;
      // The rewrite did not fit (version-1 entries rewritten are longer, review 28): drop more, while there is more.
      if (!isStorageFullError(historyError) || room.dropped === kept.length - 1) break;
      continue;
    }
    kept = room.history;
    pruned = room.pruned;
    dropped += room.dropped;
    error = setOrError(local, LOCAL_KEYS.sync, value);
  }
  if (dropped > 0)
    services.warn(
      "Steady Hold: the phone's storage is full: removed the " +
        dropped +
        " earliest-received sessions to store the sync state",
    );
  if (error !== null && dropped > 0) {
    // They made no room for it: they go back (the room they took is free again), with the count
    // as it was; else the history stays stored without them, and counts them.
    // The exact text read (review 27): a rewrite of version-1 entries would be longer and not fit.
    if (trySet(services, local, LOCAL_KEYS.history, storedHistory))
      services.warn("Steady Hold: the removed sessions are back: removing them made no room for the sync state");
  }
  return error;
}

/**
 * The earliest-arrived sessions of `history` (never its last) to remove so that they free at least
 * `chars` characters, and the record of the removal (the count of sessions removed for room, from
 * `droppedForRoom`, and their days, ids and holds folded into `pruned`, `today` the phone's day for
 * latestWeekDay), written in the same text. With `countRecord`, what that record grows by (about 120 characters the first time) is counted in,
 * so the text itself frees `chars`: a removal that did not fit for its record was followed by one
 * twice as large, 3 sessions removed where 2 were needed (review 42). `dropped` is 0 when only the
 * last session is left.
 */
function removeForRoom(
  history: SessionResult[],
  chars: number,
  droppedForRoom: number,
  pruned: PrunedSessions,
  goalChanges: number[],
  today: number,
  countRecord: boolean,
): { history: SessionResult[]; dropped: number; pruned: PrunedSessions } {
  const newest = history.slice(-1);
  const recordBefore = serializeHistory(newest, droppedForRoom, pruned).length;
  let dropped = 0;
  let sessionChars = 0;
  let freed = 0;
  let folded = pruned;
  while (dropped < history.length - 1 && (dropped === 0 || freed < chars)) {
    sessionChars += storedEntryChars(history[dropped]);
    // Their days still count for the streak, like pruned sessions' (review 38).
    // Their days and holds: this week's before days a watch dated ahead (reviews 47 and 48), the
    // phone's clock or the days of the sessions kept saying which are ahead.
    folded = foldRemovedForRoom(
      folded,
      [history[dropped]],
      goalChanges,
      latestWeekDay(history.slice(dropped + 1), today),
    );
    dropped++;
    freed = countRecord
      ? sessionChars - (serializeHistory(newest, droppedForRoom + dropped, folded).length - recordBefore)
      : sessionChars;
  }
  return { history: dropped === 0 ? history : history.slice(dropped), dropped: dropped, pruned: folded };
}

/**
 * What a removal must free after a write refused for room: `over`, what the text written exceeds the
 * room that held the texts stored by, is all that is missing while nothing else on the phone grew;
 * when that is nothing (something else did grow), twice the last `step`, so a few writes still do.
 */
function stillMissing(over: number, step: number): number {
  return over > 0 ? over : step * 2;
}

/** What is kept of damaged history text whose every line is readable: where the list's syntax broke. */
function syntaxDamageMarker(text: string): string {
  return (
    "every line readable, the list's brackets or separators damaged; it began " +
    JSON.stringify(text.slice(0, SYNTAX_DAMAGE_ENDS)) +
    " and ended " +
    JSON.stringify(text.slice(-SYNTAX_DAMAGE_ENDS))
  );
}
