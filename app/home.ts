// The home part of the watch app (app/parts.ts): the launch (what earlier runs left: results to
// send, a session to resume or to close), the home screen, the done screen of the session that just
// ended, files from the phone. A session's result is stored here: the session part saves the ended
// session and hands it over, and home closes it as a launch closes any saved session.
import { me } from "appbit";
import { summarizeRoutine } from "../common/routine";
import { holdTotals } from "../common/hold-totals";
import { localDayNumber } from "../common/daily";
import { SessionResult, plannedHolds, sessionResult } from "../common/result";
import type { SessionState } from "../common/session";
import { removeFile, setAside } from "./files";
import { listFolder } from "./folder";
import { processInbox } from "./inbox";
import type { Handover, Host, Part } from "./parts";
import {
  damagedCount,
  ids,
  lastSyncAt,
  loadResults,
  sendResults,
  stopRetrying,
  storeResult,
  transferFailed,
  storedResult,
  unsaved,
  whenSavedLater,
} from "./results";
import { confirmRoutine, keepRoutine, loadRoutine, nextRoutine, revision } from "./routine-store";
import { RESUME, element, openDialog, showDialog, showScreen } from "./screens";
import { SESSION_FILE, parkResults, parkedFile, wallAge } from "./session-file";
import { parkSession, parkedSessions, readSaved } from "./session-store";
import { Countable, describeToday, loadStats, recordCompleted, statsToCarry, writeStats } from "./stats-store";

/** A session left less than this long ago is offered for resuming; an older one is kept as partial. */
const RESUME_WINDOW_MS = 5 * 60 * 1000;
/** How long the done screen keeps the app open although nobody touched the watch during the session. */
const DONE_GRACE_MS = 2 * 60 * 1000;

let host: Host;
/** The resume question shows for the session in "session.cbor". */
let offeringResume = false;
/** The session whose done screen shows; null on the home screen. */
let ended: SessionState | null = null;
let graceTimer = 0;

/**
 * Problems come first: a session that is not on storage, or a damaged one, is never hidden behind
 * "Synced". One line of at most 30 characters: the bottom of the screen has no room for more.
 */
function syncText(): string {
  if (unsaved.length > 0) return "⚠ " + unsaved.length + " not saved: storage full";
  const damaged = damagedCount > 0 ? "⚠ " + damagedCount + " damaged · " : "";
  // Nothing is unsaved here: every result waiting is on storage.
  return ids.length > 0
    ? (damaged || "Waiting for phone · ") + ids.length + " to send"
    : damaged + (lastSyncAt > 0 ? "Synced " + syncedWhen(lastSyncAt) : "Not synced yet");
}

/**
 * "09:12" for a sync today (or on a day the clock has not reached: it went back since); "28 Nov" for
 * one on an earlier day, which a bare time passed off as today's. The watch's own calendar, from the
 * local getters: toDateString is the UTC date on JerryScript (review 47).
 */
function syncedWhen(atMs: number): string {
  const at = new Date(atMs);
  const offset = new Date().getTimezoneOffset();
  return localDayNumber(atMs, offset) >= localDayNumber(Date.now(), offset)
    ? at.toTimeString().slice(0, 5)
    : at.getDate() + " " + "JanFebMarAprMayJunJulAugSepOctNovDec".substr(at.getMonth() * 3, 3);
}

/** "Holds 6/6 · 3:00 held\nBounce warnings 1\nSteadiness 87", read from the ended session itself (no copy). */
function describeResult(result: Pick<SessionResult, "id" | "routine" | "holds">): string {
  const totals = holdTotals(result.holds);
  const seconds = Math.round(totals.heldMs / 1000);
  return (
    "Holds " +
    totals.valid +
    "/" +
    plannedHolds(result.routine) +
    " · " +
    Math.floor(seconds / 60) +
    ":" +
    ("0" + (seconds % 60)).slice(-2) +
    " held\n" +
    "Bounce warnings " +
    totals.bounces +
    "\nSteadiness " +
    (totals.steadiness >= 0 ? totals.steadiness : "–") +
    // Only a result still in memory is unsaved: one the phone has acknowledged has left `ids` too.
    (unsaved.some((r) => r.id === result.id) ? "\n⚠ Not saved yet: storage full. Retrying" : "")
  );
}

/**
 * Home's texts (they may change while another screen shows: a routine arrives), and the done
 * screen's while it shows (a result written later changes it).
 */
function redraw(): void {
  const routine = nextRoutine;
  element("routine-summary").text = summarizeRoutine(routine);
  element("today-text").text = describeToday(Date.now(), routine.dailyGoal);
  element("sync-text").text = syncText();
  if (ended !== null) {
    element("phase-title").text = "Done"; // the phase contract (README) reads phase-title on every screen
    element("done-summary").text = describeResult(ended);
    showScreen("done");
  }
}

/**
 * The done screen's grace is over: the OS may close the app once no result waits in memory only. One
 * still waiting keeps it open (storage full: it would be parked only at unload), and a retry may
 * write it later, so this checks again every DONE_GRACE_MS until it can let go (goHome and leaving
 * for a session stop it).
 */
function endGrace(): void {
  if (unsaved.length > 0) graceTimer = setTimeout(endGrace, DONE_GRACE_MS);
  else me.appTimeoutEnabled = true;
}

function goHome(): void {
  clearTimeout(graceTimer);
  ended = null;
  me.appTimeoutEnabled = true;
  redraw();
  showScreen("home");
}

/** The files from the phone; `folder`: the app's files as listed at home's start, for acks a power cut left there. */
function readInbox(folder: string[]): void {
  processInbox(Date.now(), folder);
  redraw();
}

/**
 * A result is on storage: count it for its day and drop the session file. Idempotent, so a power
 * loss between any two steps is finished by the next launch (finishEnded) without counting twice.
 */
function settle(result: Countable, file: string): void {
  recordCompleted(result);
  removeFile(file);
}

/**
 * Stores the result of a finished session `state` (saved in `file`), counts it and drops the file.
 * When it cannot be written (storage full) the result waits in memory, and a session file is parked
 * so the next session cannot overwrite it. A damaged one is set aside (logged), never half-stored.
 */
function finishEnded(state: SessionState, file: string): void {
  try {
    const stored = storedResult(state.id);
    if (stored !== null) return settle(stored, file); // stored before the power went: finish what was left
    const result = state.holds.length > 0 ? sessionResult(state, state.holds, state.endedAt) : null;
    if (result === null)
      removeFile(file); // an attempt, not a session: its file just goes
    else if (storeResult(result)) settle(result, file);
    else if (file === SESSION_FILE) parkSession(state.id);
    // Otherwise the session file stays parked (the next launch tries again) and the result waits in memory.
  } catch (e) {
    console.error("session: " + file + " damaged (" + e + ")");
    setAside(file);
  }
}

function answerResume(resume: boolean): void {
  if (!offeringResume) return;
  offeringResume = false;
  showDialog(null);
  // The session part resumes it, or ends it where it was saved (home has no engine) and comes back.
  leaveFor(resume ? { resume: true, unsaved: unsaved } : { close: [SESSION_FILE], unsaved: unsaved });
}

/**
 * Hands the watch to the session part: nothing of home may run on (its code is freed). The routine
 * in use and its revision go along and come back, whatever the session part does.
 */
function leaveFor(handover: Handover): void {
  clearTimeout(graceTimer);
  stopRetrying();
  parkResults(unsaved);
  handover.stats = statsToCarry();
  handover.routine = nextRoutine;
  handover.revision = revision;
  host.load("session", handover);
}

function onEvent(event: string): boolean {
  if (event === "start-button") {
    if (openDialog !== RESUME) leaveFor({ unsaved: unsaved });
  } else if (event === "done-button") goHome();
  else if (event === "resume-yes" || event === "resume-no") answerResume(event === "resume-yes");
  else if (event === "newfile") readInbox([]);
  else if (event === "send-failed") transferFailed();
  else if (event === "unload") {
    // The app's last chance for what storage could not take: a day count, results waiting in memory.
    writeStats();
    parkResults(unsaved);
  } else if (event === "back" && ended !== null) {
    goHome();
    return true;
  }
  // Back on home or at the resume question leaves the app (a saved session is offered again next launch).
  return false;
}

/**
 * Loads what earlier runs, or the session that just ended (`handover.endedId`, `.ended`), left; shows the home
 * screen, the done screen or the resume question. Its lists are locals, not globals kept for good.
 */
export function start(entry: Host, handover: Handover): Part {
  host = entry;
  // A result written after its first write failed (by a retry, or along with the next session's): its session was parked.
  whenSavedLater((result) => {
    settle(result, parkedFile(result.id));
    redraw();
  });
  if (handover.routine !== undefined) keepRoutine(handover.routine, handover.revision as number);
  else loadRoutine(false);
  // Every launch tells the phone the revision it runs: the built-in default (0: first run, reinstall,
  // damaged file) asks for the routine, and an older one than the phone sent (its write-back failed
  // after the newer copy arrived first) gets the newer one again. Back from the session part (it
  // hands the routine back), nothing changed.
  if (handover.routine === undefined) confirmRoutine();
  loadStats(handover.stats);
  const folder = listFolder();
  loadResults(folder, handover.unsaved, entry.watchTransfer);
  if (handover.ended !== undefined) {
    // Its save failed (the file holds an earlier one), or an attempt: the session in memory is the one to finish.
    ended = handover.ended;
    finishEnded(ended, SESSION_FILE);
  }
  if (handover.endedId !== undefined || handover.ended !== undefined) {
    // The done screen keeps the app open a while (a result may still be sending), then lets the OS close it.
    me.appTimeoutEnabled = false;
    graceTimer = setTimeout(endGrace, DONE_GRACE_MS);
  }
  // Sessions the session part ended for home but could not write back (storage full): from memory.
  const closed = handover.closed || [];
  closed.forEach((c) => finishEnded(c.state, c.file));
  // The views open on the home screen with both dialogs hidden. Finished sessions whose result could
  // not be written last time (parked: try again now), then the session the app was running. One
  // caller of readSaved, and no loop around it, so the minifier inlines it into this code. What is
  // not finished, and not offered for resuming, goes to the session part to be ended (once a run:
  // after `close` it is not asked again).
  const sessionFiles = parkedSessions(folder); // as listed before the ended session was parked, if it was
  sessionFiles.push(SESSION_FILE);
  const toClose: string[] = [];
  sessionFiles.forEach((file) => {
    const saved = readSaved(file);
    if (saved === null) return;
    const state = saved.state;
    // Its result waits in memory (storage full): that one is the newer, the file may hold an earlier
    // save (the session's last one failed too); writing the result removes the file (whenSavedLater).
    if (unsaved.some((r) => r.id === state.id)) return;
    if (state.phase === "done") finishEnded(state, file);
    else if (state.phase === "idle")
      removeFile(file); // never started: an attempt, nothing to keep or resume
    else if (ids.indexOf(state.id) >= 0)
      finishEnded(state, file); // stored: the power went before its file was removed
    else if (file === SESSION_FILE && wallAge(file, saved.savedAt) <= RESUME_WINDOW_MS) {
      offeringResume = true;
      showDialog(RESUME, host.tap);
    } else toClose.push(file);
    if (state.id === handover.endedId) ended = state; // the session that just ended: its done screen
  });
  if (toClose.length > 0 && handover.closed === undefined) {
    leaveFor({ close: toClose, unsaved: unsaved });
    return onEvent; // the entry drops it: the session part is loading
  }
  readInbox(folder);
  sendResults(); // anything the phone has not acknowledged yet, from this run or earlier ones
  if (ended === null) showScreen("home"); // redraw showed the done screen
  return onEvent;
}
