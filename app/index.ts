// Steady Hold on the watch: wires the device (buttons, back key, files from the phone, unload) to
// the session runner. All session logic is in common/session.ts; see README "The watch app".
import { me } from "appbit";
import document from "document";
import { inbox } from "file-transfer";
import { summarizeRoutine } from "../common/routine";
import { listFolder } from "./files";
import { processInbox } from "./inbox";
import { setUpMotion } from "./motion";
import { damagedCount, ids, lastSyncAt, loadResults, sendResults, unsaved } from "./results";
import { confirmRoutine, loadRoutine, nextRoutine } from "./routine-store";
import { ABANDON, RESUME, onClicks, openDialog, renderHome, showDialog, showScreen } from "./screens";
import {
  control,
  dispatch,
  finishSaved,
  leaveSession,
  resumeSession,
  saveIfRunning,
  session,
  startSession,
} from "./session-runner";
import { SavedSession } from "../common/saved-session";
import { DONE, isSessionActive } from "../common/session";
import { SESSION_FILE, loadSession, parkedSessions, wallAge } from "./session-store";
import { describeToday, loadStats, writeStats } from "./stats-store";

/** A session left less than this long ago is offered for resuming; an older one is kept as partial. */
const RESUME_WINDOW_MS = 5 * 60 * 1000;

let savedToResume: SavedSession | null = null;

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
    : damaged + (lastSyncAt > 0 ? "Synced " + new Date(lastSyncAt).toTimeString().slice(0, 5) : "Not synced yet");
}

function refreshHome(): void {
  const routine = nextRoutine;
  renderHome(summarizeRoutine(routine), describeToday(Date.now(), routine.dailyGoal), syncText());
}

function goHome(): void {
  leaveSession();
  refreshHome();
  showScreen("home");
}

function readInbox(): void {
  processInbox(Date.now());
  refreshHome();
}

function answerResume(resume: boolean): void {
  const saved = savedToResume;
  savedToResume = null;
  showDialog(null);
  if (saved === null) return;
  if (resume) resumeSession(saved);
  else {
    finishSaved(saved, SESSION_FILE);
    sendResults(); // the partial result was stored after the launch's sending
    refreshHome();
  }
}

onClicks({
  "start-button": () => {
    if (session === null && openDialog !== RESUME) startSession(nextRoutine);
  },
  "session-tap": () => control(false),
  "end-hold-button": () => control(true),
  "done-button": goHome,
  "abandon-yes": () => {
    showDialog(null);
    dispatch({ type: "abort" });
  },
  "abandon-no": () => showDialog(null),
  "resume-yes": () => answerResume(true),
  "resume-no": () => answerResume(false),
});

document.addEventListener("keypress", (evt) => {
  if (evt.key !== "back") return;
  if (openDialog === ABANDON) showDialog(null);
  // The back button is easy to hit with a towel in hand: ask before abandoning.
  else if (session !== null && isSessionActive(session)) showDialog(ABANDON);
  else if (session !== null && session.phase === DONE) goHome();
  // Home or the resume question: back leaves the app (a saved session is offered again next launch).
  else return;
  evt.preventDefault(); // back handled here: the app stays open
});

me.addEventListener("unload", () => {
  saveIfRunning();
  writeStats(); // a day count whose write failed: the app's last chance to keep it
});
inbox.addEventListener("newfile", readInbox);

/** The launch: reads what earlier runs left and shows the home screen. Its lists are locals, not globals kept for good. */
function launch(): void {
  setUpMotion(dispatch);
  loadRoutine(false);
  // Every launch tells the phone the revision it runs: the built-in default (0: first run, reinstall,
  // damaged file) asks for the routine, and an older one than the phone sent (its write-back failed
  // after the newer copy arrived first) gets the newer one again.
  confirmRoutine();
  const folder = listFolder();
  loadResults(folder);
  loadStats();
  // The views open on the home screen with both dialogs hidden: nothing to show or hide here.
  // Finished sessions whose result could not be written last time (parked: try again now), then the
  // session the app was running. One caller of loadSession, and no loop around it, so the minifier
  // inlines it into this launch code, whose bytecode JerryScript frees once the launch is over.
  const sessionFiles = parkedSessions(folder);
  sessionFiles.push(SESSION_FILE);
  sessionFiles.forEach((file) => {
    const saved = loadSession(file);
    if (saved === null) return;
    const age = wallAge(file, saved.savedAt);
    const unfinished = file === SESSION_FILE && isSessionActive(saved.state) && ids.indexOf(saved.state.id) < 0; // stored: the power went before its file was removed
    if (unfinished && age <= RESUME_WINDOW_MS) {
      savedToResume = saved;
      showDialog(RESUME);
    } else finishSaved(saved, file);
  });
  readInbox();
  sendResults(); // anything the phone has not acknowledged yet, from this run or earlier ones
}
launch();
