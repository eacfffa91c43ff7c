// Steady Hold on Bangle.js 2: wires the watch (button, touchscreen, exit) to the session runner
// and the GATT profile. All session logic is in common/session.ts; see docs/bangle.md.
//   home:    tap or button starts a session with the routine in force
//   session: tap pauses / goes on; the button pauses, and when paused ends the session (kept as partial)
//   done:    tap goes home; the button leaves for the clock — unless the full flash refused the
//            result: then the screen (and home) says so, and the button tries to keep it again
//            (runner.ts retryUnkept) instead of leaving it in memory only for the app's exit to lose
// The button acts on a short press, at its release; a long press is the firmware's (it leaves the app).
import { Routine, summarizeRoutine } from "../../../common/routine";
import { GattApp, gattResultsChanged, gattSessionChanged, startGatt } from "./gatt";
import { currentSteadiness, setUpMotion } from "./motion";
import { isThisClockRun, savedTimeline, startClockWatch } from "./clock";
import {
  clockMoved,
  currentSession,
  dispatch,
  finishSaved,
  isPaused,
  isResultUnkept,
  isRunning,
  leaveSession,
  resumeSaved,
  retryUnkept,
  saveIfRunning,
  setRunnerListener,
  startSession,
} from "./runner";
import { renderHome } from "./screen";
import {
  eraseTornPlacedRecords,
  eraseTornResult,
  forgetSession,
  hasResult,
  isResultKept,
  loadRoutine,
  loadSession,
  pendingIds,
  recoverTornSetAside,
  setAsideCount,
  setAsideResults,
  unplacedIds,
} from "./store";
import { wholeNow } from "./time";
import { isLegacyResultLeft, rescueFractionalIds } from "./rescue";

/** A session left less than this long ago is resumed (paused); an older one is kept as partial. */
const RESUME_WINDOW_MS = 5 * 60 * 1000;

let routine: Routine = loadRoutine();

export function routineInForce(): Routine {
  return routine;
}

/** A routine written by the companion applies from the next session. */
export function useRoutine(next: Routine): void {
  routine = next;
  if (currentSession() === null) showHome();
}

export function showHome(): void {
  leaveSession();
  drawHome();
  gattSessionChanged(routine, gattApp);
}

function refreshHome(): void {
  if (currentSession() === null) drawHome();
}

function drawHome(): void {
  // Version 0.01's results set aside for an unset clock wait for the time like those recorded since.
  const stranded = setAsideResults(true).length;
  renderHome(
    summarizeRoutine(routine),
    pendingIds().length,
    unplacedIds().length + stranded,
    setAsideCount(stranded),
    isResultUnkept(),
  );
}

/**
 * A central acknowledged a result (room freed): a result the full flash refused is tried again.
 * Declared before its use: Espruino does not hoist a function declared later in the bundle's scope.
 */
function queueChanged(): void {
  retryUnkept();
  refreshHome();
}

const gattApp: GattApp = {
  routine: routineInForce,
  useRoutine: useRoutine,
  steadiness: currentSteadiness,
  queueChanged: queueChanged,
};

function onTap(): void {
  const s = currentSession();
  if (s === null) startSession(routine);
  else if (s.phase === "done") showHome();
  else dispatch({ type: isPaused() ? "resume" : "pause" });
}

/**
 * A press held this long or longer is not the app's: holding the button is how the user leaves any
 * app (the firmware loads the clock at 1.5 s, its btnLoadTimeout). Acting on the press's down edge
 * ran before that timeout: leaving from home started a session, leaving while paused ended it.
 */
const SHORT_PRESS_MAX_S = 1;

/**
 * The button's release (a falling-edge watch): `lastTime` is when it went down (the pin's previous
 * change; null when that came before the watch was set, e.g. held while the app was launched).
 */
function onButtonReleased(e: { time: number; lastTime?: number | null }): void {
  const last = e.lastTime;
  if (typeof last === "number" && e.time - last < SHORT_PRESS_MAX_S) onButton();
}

function onButton(): void {
  const s = currentSession();
  if (s === null) startSession(routine);
  else if (s.phase === "done" && isResultUnkept()) retryUnkept();
  else if (s.phase === "done") load();
  else if (isPaused()) dispatch({ type: "abort" });
  else if (isRunning()) dispatch({ type: "pause" });
}

export function startApp(): void {
  g.clear();
  Bangle.loadWidgets();
  Bangle.drawWidgets();
  setUpMotion(
    () => dispatch({ type: "bounce" }),
    (score, bouncingMs) => dispatch({ type: "steadiness", score: score, bouncingMs: bouncingMs }),
  );
  setRunnerListener({
    changed: () => gattSessionChanged(routine, gattApp),
    resultStored: () => {
      gattResultsChanged();
      refreshHome();
    },
  });
  // Before anything reads, offers or places results: those version 0.02 kept under a fractional-ms
  // id go on under the id 0.03 makes (rescue.ts; its session file is rescued as it is read).
  rescueFractionalIds();
  // Before GATT offers any result: a record a reset tore as the clock placed it goes (its waiting
  // file, still there, writes it again when the clock is set; store.ts eraseTornPlacedRecords).
  eraseTornPlacedRecords();
  // Before GATT offers any result or the clock places any: a result a reset tore as it was written
  // goes (the session file, which still holds the finished session, writes it again below), or the
  // peripheral would set it aside as damaged and the session would never reach the central.
  const saved = loadSession();
  // Finished too: a 0.02 session whose result 0.02 wrote is still under its old name (the full flash
  // refused its rescue above). Its session file is an earlier save: closed, its partial result would
  // take the whole-ms id, and the next rescue would take that for its own copy and drop the complete one.
  const finished =
    saved !== null &&
    (isResultKept(saved.state.id) || (saved.legacyId !== undefined && isLegacyResultLeft(saved.legacyId)));
  if (saved !== null && !finished && hasResult(saved.state.id)) eraseTornResult(saved.state.id);
  // Before GATT offers any result: records an app before 0.06 tore and set aside give their sessions back.
  recoverTornSetAside();
  startGatt(gattApp);
  // Before the saved session is finished: its result may need the unset clock's timeline.
  startClockWatch(() => {
    gattResultsChanged();
    refreshHome();
  }, clockMoved);
  setWatch(onButtonReleased, BTN, { repeat: true, edge: "falling", debounce: 50 });
  Bangle.on("touch", onTap);
  // Leaving for another app (or the clock) saves the session and gives back power saving.
  E.on("kill", saveIfRunning);
  showHome();
  if (finished) {
    // A reset came after its result was kept whole (a record, waiting for the clock, or set aside;
    // or 0.02's, rescued at a later launch) and before the session file went: it is finished.
    forgetSession();
  } else if (saved !== null) {
    // Saved "in the future": the clock was set back since (Gadgetbridge sets it on reconnecting), and
    // how long ago is unknown: taken as just saved, as on the Fitbit (app/session-file.ts wallAge).
    const age = Math.max(0, wholeNow() - saved.savedAt);
    const unfinished = saved.state.phase !== "done" && saved.state.phase !== "idle";
    // Saved on another run of the clock (an unset clock's earlier timeline: the power went since),
    // its age cannot be told: kept, never resumed.
    const sameClock = isThisClockRun(savedTimeline(saved.timeline, saved.savedAt));
    if (unfinished && sameClock && age <= RESUME_WINDOW_MS) resumeSaved(saved);
    else {
      finishSaved(saved);
      showHome();
    }
  }
}
