// The settings page's data: the summary of the history and sync state it shows, and the exports it asks for.
import { parseHistory } from "../common/history-store";
import { recordGoal, summarizeHistory } from "../common/history-summary";
import { localDayNumber } from "../common/daily";
import { exportCsv, exportJson } from "../common/history-export";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { readGoalChanges, storeGoalChanges } from "./goal-records";
import { LOCAL_KEYS, PhoneServices, tryRemove, trySet, v1UtcOffset } from "./phone-services";
import { lastRejectionInFull } from "./rejections";
import { currentRoutineQuietly } from "./routine-sync";
import { readSync } from "./sync-state";

/**
 * Writes the page's summary (history, week, sync state). `storageProblem` is the note that a session
 * could not be stored (StorageNote: kept also where the full sync state could not hold it); `uncounted`
 * the unreadable results this run could not count.
 */
export function writePageSummary(services: PhoneServices, storageProblem: string, uncounted: number): void {
  const now = services.now();
  const stored = parseHistory(services.local.getItem(LOCAL_KEYS.history), v1UtcOffset(services));
  const history = stored.history;
  const routine = currentRoutineQuietly(services);
  const sync = readSync(services);
  if (storageProblem !== "") sync.storageProblem = storageProblem;
  sync.lastRejection = lastRejectionInFull(services, sync.lastRejection);
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
  const tzOffset = services.tzOffsetMinutes();
  // The goal the page shows for today is the one today is judged by once it is past.
  const goalChanges = readGoalChanges(services);
  const changed = recordGoal(goalChanges, localDayNumber(now, tzOffset), routine.dailyGoal);
  if (changed !== goalChanges && !storeGoalChanges(services, changed, history))
    sync.storageProblem =
      (sync.storageProblem === "" ? "" : sync.storageProblem + "; ") +
      "the phone's storage is full: the daily goal set today is not kept; once today is over it will be judged by its sessions' goal";
  const records = { pruned: stored.pruned.days, held: stored.pruned.held, goalChanges: changed };
  const summary = summarizeHistory(history, routine, sync, now, tzOffset, records);
  trySet(services, services.settings, SETTINGS_KEYS.history, JSON.stringify(summary));
}

/**
 * Answers the page's export buttons (exportRequest): the history as CSV or JSON in exportText, and
 * in exportNote how many sessions it holds and which are not in it.
 */
export function handleExportRequest(services: PhoneServices): void {
  const { settings } = services;
  const request = settings.getItem(SETTINGS_KEYS.exportRequest);
  if (request === null) return;
  // Not removed, the request is answered again at the next launch: better than no export (review 45).
  tryRemove(services, settings, SETTINGS_KEYS.exportRequest);
  const format = request.slice(0, 4) === "json" ? "json" : "csv";
  const stored = parseHistory(services.local.getItem(LOCAL_KEYS.history), v1UtcOffset(services));
  const history = stored.history;
  // Sessions removed for room are a gap like those left out to fit: the JSON file counts them.
  const removedForRoom = stored.droppedForRoom + readSync(services).sessionsDroppedForRoom;
  // So are the sessions pruned over the history's limit (the earliest received).
  const pruned = stored.pruned.count;
  const exported =
    format === "json" ? exportJson(history, services.now(), undefined, removedForRoom, pruned) : exportCsv(history);
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
  if (!trySet(services, settings, SETTINGS_KEYS.exportText, exported.text)) {
    // The box must not go on showing an earlier export under this one's note.
    tryRemove(services, settings, SETTINGS_KEYS.exportText);
    note = format.toUpperCase() + ": not exported, the phone's storage is full";
  }
  trySet(services, settings, SETTINGS_KEYS.exportNote, note);
}
