// Runs one session at a time on the engine (common/session.ts): feeds it events, carries out its
// effects on the device, and keeps exactly one timer for the engine's next deadline. Timing lives
// in timestamps, so the timer may fire late (screen off, busy watch) without stretching a hold;
// a timer that fires early just gets re-armed for the same deadline. Time is "session time"
// (common/session.ts SessionClock): a change of the watch's clock counts like a pause.
import { me } from "appbit";
import { display } from "display";
import { SessionResult, holdTotals, makeSessionId, plannedHolds } from "../common/result";
import { Routine } from "../common/routine";
import {
  SessionClock,
  SessionEvent,
  SessionState,
  DONE,
  HOLD,
  Step,
  closedResult,
  currentHold,
  isSessionActive,
  newSession,
  readSessionClock,
  reduceSession,
  remainingMs,
  startSessionClock,
} from "../common/session";
import { describeScreen } from "../common/screen-text";
import { playCue } from "./haptics";
import { carryIntoHold, startMotion, stopMotion } from "./motion";
import { sendResults, storeResult, storedResult, unsaved, whenSavedLater } from "./results";
import { ABANDON, openDialog, renderDone, renderSession } from "./screens";
import { SavedSession } from "../common/saved-session";
import { SESSION_FILE, parkSession, parkedFile, saveSession, wallAge } from "./session-store";
import { removeFile } from "./files";
import { Countable, recordCompleted } from "./stats-store";

const BOUNCE_MESSAGE_MS = 3000;
/** How long the done screen keeps the app open although nobody touched the watch during the session. */
const DONE_GRACE_MS = 2 * 60 * 1000;
/** Redraw just after the displayed second has changed, not just before. */
const REDRAW_MARGIN_MS = 10;
/**
 * A running hold is saved every this many ms, so a hold of 5 s or more (MIN_VALID_HOLD_MS) that
 * is cut short by a crash or power loss still counts with the seconds held.
 */
const HOLD_CHECKPOINT_MS = 5000;
/** While paused, the clock is checked for jumps this often. */
const PAUSED_CHECK_MS = 60 * 1000;

/** The running session (null on the home screen). Read-only outside this module (ES live binding). */
export let session: SessionState | null = null;
/** Set by startSession and resumeSession before anything reads it (only a running session reads it). */
let clock: SessionClock;
let tickTimer = 0;
let checkpointTimer = 0;
let redrawTimer = 0;
let graceTimer = 0;
let bounceShownAt = -BOUNCE_MESSAGE_MS;

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

/** Session time now; `timerFired` when called by the engine's own timer. */
function now(timerFired: boolean): number {
  return readSessionClock(clock, Date.now(), timerFired);
}

/**
 * A result is on storage: count it for its day and drop the session file. Idempotent, so a power
 * loss between any two steps is finished by the next launch (finishSaved) without counting twice.
 */
function settle(result: Countable, file: string): void {
  recordCompleted(result);
  removeFile(file);
}

// A result written after its first write failed (by a retry, or along with the next session's): its session was parked.
whenSavedLater((result) => {
  settle(result, parkedFile(result.id));
  redraw();
});

export function startSession(routine: Routine): void {
  clearTimeout(graceTimer);
  const wall = Date.now();
  clock = startSessionClock(wall, wall);
  session = newSession(routine, makeSessionId(wall, Math.random()));
  dispatch({ type: "start", utcOffsetMinutes: -new Date(wall).getTimezoneOffset() });
}

/**
 * Continues a session saved by an earlier run: the time the app was gone, by the wall clock (the
 * file's age; session time may have absorbed a clock change), counts as a pause. A save that came
 * after the session's last boundary (the tick was late) ends it here: its result is stored as at
 * any end. A resumed hold buzzes as it starts again, and its detector starts with the routine's
 * sensitivity and the bouncing time saved before (a new app has a new detector).
 */
export function resumeSession(saved: SavedSession): void {
  const wall = Date.now();
  clock = startSessionClock(wall, saved.savedAt + wallAge(SESSION_FILE, saved.savedAt));
  const caughtUp = reduceSession(saved.state, { type: "pause" }, saved.savedAt);
  if (caughtUp.result !== null) return apply(caughtUp, now(false));
  session = caughtUp.state;
  dispatch({ type: "resume" });
  const hold = currentHold(caughtUp.state); // resuming moves the times only: the same hold
  if (hold !== null) {
    carryIntoHold(caughtUp.state.routine.sensitivity, hold.bouncingMs, hold.steadiness);
    playCue("hold-start", now(false));
  }
}

/** Closes a saved session (in `file`) that will not be resumed: it is kept as a (partial) result. */
export function finishSaved(saved: SavedSession, file: string): void {
  const state = saved.state;
  const stored = storedResult(state.id);
  if (stored !== null) return settle(stored, file); // stored before the power went: finish what was left
  const result = closedResult(state, saved.savedAt);
  if (result === null)
    removeFile(file); // an attempt, not a session: its file just goes
  else if (storeResult(result)) settle(result, file);
  else if (file === SESSION_FILE) parkSession(state.id);
  // Otherwise the session file stays parked (the next launch tries again) and the result waits in memory.
}

/** Feeds the engine an event that happens now; `timerFired` when the engine's own timer calls. */
export function dispatch(event: SessionEvent, timerFired = false): void {
  if (session !== null) {
    const nowMs = now(timerFired);
    apply(reduceSession(session, event, nowMs), nowMs);
  }
}

/**
 * The session's two controls: a tap on the session screen (and, on the older watches, the up
 * button) pauses or resumes; the lower button (and the down button) ends the hold or skips the
 * wait (`endOrSkip`). One function for both: each function costs the watch heap beyond its body.
 */
export function control(endOrSkip: boolean): void {
  // A tap that lands while the abandon question covers the screen belongs to the question.
  if (session !== null && isSessionActive(session) && openDialog !== ABANDON)
    dispatch({
      type: endOrSkip
        ? session.phase === HOLD
          ? "end-hold-early"
          : "skip"
        : session.pausedAt >= 0
          ? "resume"
          : "pause",
    });
}

/** Saves the running session now (the app is being closed). */
export function saveIfRunning(): void {
  if (session !== null && isSessionActive(session)) saveSession(session, now(false));
}

/** Saves a running hold every HOLD_CHECKPOINT_MS of hold time; false when no hold runs (nothing armed). */
function armCheckpoint(state: SessionState, nowMs: number): boolean {
  clearTimeout(checkpointTimer);
  if (state.phase !== HOLD || state.pausedAt >= 0) return false;
  const next =
    state.phaseStartedAt + (Math.floor((nowMs - state.phaseStartedAt) / HOLD_CHECKPOINT_MS) + 1) * HOLD_CHECKPOINT_MS;
  if (next < state.phaseEndsAt)
    checkpointTimer = setTimeout(() => {
      const s = session;
      const at = now(false);
      if (s !== null && armCheckpoint(s, at)) saveSession(s, at); // the next checkpoint is armed first: a timer, no save
    }, next - nowMs);
  return true;
}

/** Back to the home screen: the app may time out again. */
export function leaveSession(): void {
  clearTimeout(graceTimer);
  clearTimeout(redrawTimer);
  clearTimeout(checkpointTimer);
  session = null;
  me.appTimeoutEnabled = true;
}

function apply(step: Step, nowMs: number): void {
  const state = step.state;
  session = state;
  if (step.phaseBegan) bounceShownAt = -BOUNCE_MESSAGE_MS;
  if (step.cue !== null) {
    playCue(step.cue, nowMs);
    if (step.cue === "bounce") bounceShownAt = nowMs;
  }
  // Every hold starts the detector afresh, also back to back (no rest) where the sensor stays on.
  if (step.sensor > 0 || step.holdBegan) startMotion(state.routine.sensitivity, step.holdBegan);
  if (step.sensor < 0) stopMotion();
  // The OS must not close the app while time runs. While paused it may, after its 2 minutes without
  // a touch: pausing saved the session, unload saves it again and the next launch offers to resume,
  // so a forgotten pause does not keep the app open for good.
  me.appTimeoutEnabled = state.pausedAt >= 0;
  const result = step.result;
  if (state.phase === DONE) {
    if (result === null)
      removeFile(SESSION_FILE); // an attempt ended before its first hold: nothing to keep or resume
    else {
      // Result on storage first, then the day's count, then the session file goes; sending comes last.
      // When it cannot be written (storage full) the session file keeps the finished session and
      // the done screen says so; results.ts retries while the app is open.
      if (storeResult(result)) settle(result, SESSION_FILE);
      else {
        saveSession(state, nowMs);
        parkSession(state.id);
      }
      sendResults();
    }
    // The done screen keeps the app open a while (a result may still be sending), then lets the OS close it.
    graceTimer = setTimeout(() => (me.appTimeoutEnabled = unsaved.length === 0), DONE_GRACE_MS);
  } else if (step.persist) saveSession(state, nowMs);
  clearTimeout(tickTimer);
  // While paused the engine needs no tick, but the clock needs a deadline to tell a jump of the
  // wall clock (the phone setting it) from the pause going on: a slow tick keeps one armed.
  const due = step.nextTickAt >= 0 || state.pausedAt < 0 ? step.nextTickAt : nowMs + PAUSED_CHECK_MS;
  clock.dueAtMs = due;
  // A closure per step rather than a named tick function kept for good: it is garbage at the next step.
  if (due >= 0) tickTimer = setTimeout(() => dispatch({ type: "tick" }, true), Math.max(0, due - nowMs));
  armCheckpoint(state, nowMs);
  redraw();
}

/** Draws the session; while the screen is on and time runs, again when the shown second changes. */
export function redraw(): void {
  clearTimeout(redrawTimer);
  const state = session;
  if (state === null) return;
  const nowMs = now(false);
  if (state.phase === DONE) return renderDone(describeResult(state));
  const hold = currentHold(state);
  renderSession(
    describeScreen(state, nowMs),
    hold !== null,
    hold !== null ? hold.steadiness : -1,
    nowMs - bounceShownAt < BOUNCE_MESSAGE_MS,
  );
  if (display.on && state.pausedAt < 0)
    redrawTimer = setTimeout(redraw, (remainingMs(state, nowMs) % 1000 || 1000) + REDRAW_MARGIN_MS);
}

display.addEventListener("change", () => (display.on ? redraw() : clearTimeout(redrawTimer)));
