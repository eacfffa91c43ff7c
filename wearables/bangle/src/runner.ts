// Runs one session at a time on the engine (common/session.ts), as the Fitbit app's
// session-runner does: feeds it events, carries out its effects on the watch, and keeps exactly
// one timer for the engine's next deadline. Timing lives in timestamps, so a late timer never
// stretches a hold; a redraw timer shows the countdown while time runs.
import {
  SessionResult,
  countBounces,
  countValidHolds,
  makeSessionId,
  plannedHolds,
  sessionSteadiness,
  totalHoldMs,
} from "../../../common/result";
import { Routine } from "../../../common/routine";
import {
  MAX_TIMER_LATE_MS,
  SessionEvent,
  SessionState,
  Step,
  closedResult,
  currentHold,
  isSessionActive,
  newSession,
  reduceSession,
  remainingMs,
  resultOf,
} from "../../../common/session";
import { describeScreen } from "../../../common/screen-text";
import { moveCueClock, playCue } from "./cues";
import { carryIntoHold, moveMotionClock, startMotion, stopMotion } from "./motion";
import { renderDone, renderRefused, renderSession } from "./screen";
import {
  SavedSession,
  forgetSession,
  hasRoomForSaves,
  keepLegacySessionsAside,
  keepSpare,
  pendingIds,
  saveSession,
  unplacedIds,
  useSpare,
} from "./store";
import { clockJumped, isThisClockRun, keepResult, savedTimeline, unsetTimeline } from "./clock";
import { isClockSet, shiftResult } from "../../../common/clock-correction";
import { wholeNow } from "./time";

const BOUNCE_MESSAGE_MS = 3000;
/** Redraw just after the displayed second has changed, not just before. */
const REDRAW_MARGIN_MS = 10;
/**
 * While paused, the clock is looked at this often (as on the Fitbit app): with no tick or redraw
 * armed, this slow check is the deadline that tells the clock set forward (setTime over the UART)
 * from the pause going on, and the moment a forgotten pause is ended.
 */
const PAUSED_CHECK_MS = 60 * 1000;
/**
 * A pause longer than this is a forgotten one: the session ends as a partial result where the pause
 * began. The same 5 minutes as the resume window (app.ts): the app left for as long is not resumed
 * either, and the Fitbit app, closed after 2 minutes paused, keeps such a session as partial at its
 * relaunch. The result's duration then never holds the pause, so its record always encodes.
 */
export const FORGOTTEN_PAUSE_MS = 5 * 60 * 1000;

/** What the rest of the app hears: every engine step (GATT live state) and every stored result. */
export interface RunnerListener {
  changed(state: SessionState, nowMs: number): void;
  resultStored(result: SessionResult): void;
}

let session: SessionState | null = null;
let tickTimer = 0;
let redrawTimer = 0;
let bounceShownAt = -BOUNCE_MESSAGE_MS;
let listener: RunnerListener | null = null;
/** Wall time the session last saw, and when its tick and redraw timers are due (-1: none), to see clock jumps. */
let lastWall = -1;
let tickDueAt = -1;
let redrawDueAt = -1;
let pauseCheckTimer = 0;
let pauseCheckDueAt = -1;
/**
 * A finished session's result the full flash refused in every form (record, JSON copy, and maybe
 * the session file's last save): it exists only here until keepUnkept writes it.
 */
let unkept: SessionResult | null = null;
/**
 * The timeline `unkept` was recorded on (clock.ts keepResult's `recordedOn`): null for this run's
 * clock, or an earlier run's (a saved session finished after a power loss), which this run's
 * corrections never move: its time is unknown once kept, never placed by them.
 */
let unkeptOn: number | null = null;
/** True when the running session's latest save was refused (flash full): the session screen says so. */
let saveRefused = false;

export function setRunnerListener(l: RunnerListener): void {
  listener = l;
}

/** The session on screen (running, paused or done), or null at home. */
export function currentSession(): SessionState | null {
  return session;
}

export function isRunning(): boolean {
  return session !== null && isSessionActive(session);
}

export function isPaused(): boolean {
  return session !== null && session.pausedAt >= 0;
}

/** True while the bounce message is on screen. */
export function isBouncingNow(nowMs: number): boolean {
  return session !== null && session.phase === "hold" && nowMs - bounceShownAt < BOUNCE_MESSAGE_MS;
}

/**
 * Tries again to keep the result the full flash refused (at home, and before a new session starts);
 * once it is kept, the session file (its last save) goes. Also keeps aside a session file of
 * version 0.02 the full flash left where it is (store.ts keepLegacySessionsAside): a new session's
 * saves would overwrite it. True when nothing is left unkept.
 */
export function keepUnkept(): boolean {
  if (!keepLegacySessionsAside()) return false;
  const result = unkept;
  if (result === null) return true;
  if (!storeAndTell(result, unkeptOn)) return false;
  unkept = null;
  unkeptOn = null;
  // The session file is its last save (nothing else starts while it is unkept), unless a session runs.
  if (session === null || !isSessionActive(session)) forgetSession();
  return true;
}

/** True while a finished session's result is kept only in memory (the full flash refused it). */
export function isResultUnkept(): boolean {
  return unkept !== null;
}

/**
 * Tries again to keep a result the full flash refused (the done screen's button, or a central's
 * acknowledgement freeing room), and shows what came of it on the done screen (home: the caller).
 */
export function retryUnkept(): void {
  if (unkept === null) return;
  keepUnkept();
  if (session !== null && session.phase === "done") redraw();
}

/**
 * Draws "Flash full", `why` and what can help; false. A sync frees only the room of results waiting
 * to be sent: with none, only freeing flash (other apps' files) helps.
 */
function refuseForRoom(why: string[]): false {
  const waiting = pendingIds().length + unplacedIds().length > 0;
  renderRefused("Flash full", why.concat(waiting ? ["Sync, or free", "flash."] : ["Free flash", "(other apps)."]));
  return false;
}

/**
 * True when a session may start now. Not while a finished result is still not kept: the new
 * session's saves would overwrite the session file, the only copy of it on flash, and its own result
 * would not fit either. Nor without room kept for its result (store.ts keepSpare), nor without room
 * for its saves (hasRoomForSaves: a reset would lose the holds done). Then the reason is drawn (at
 * home, or for a control point START) and nothing starts; the next tap tries again.
 */
export function mayStart(routine: Routine): boolean {
  // "session": a finished one's result, or a session file of version 0.02 to keep aside (review 18).
  if (!keepUnkept()) return refuseForRoom(["Last session", "not kept yet."]);
  if (!keepSpare(routine)) return refuseForRoom(["No room for", "its result."]);
  return hasRoomForSaves(routine) || refuseForRoom(["No room to", "save it."]);
}

/** Starts a session when it may (mayStart: else the reason is shown). */
export function startSession(routine: Routine): void {
  if (!mayStart(routine)) return;
  lastWall = -1;
  saveRefused = false;
  const nowMs = wholeNow();
  session = newSession(routine, makeSessionId(nowMs, Math.random()));
  // The session counts on the local date where it started, in the zone of its start (as on the Fitbit).
  dispatch({ type: "start", utcOffsetMinutes: -new Date(nowMs).getTimezoneOffset() });
}

/**
 * Continues a session saved by an earlier run of the app. The time the app was gone counts as a
 * pause, and it stays paused: the user taps to go on when back in position.
 */
export function resumeSaved(saved: SavedSession): void {
  lastWall = -1;
  const nowMs = wholeNow();
  // Saved after now: the clock went back while the app was gone. The session moves with it (as with
  // any clock change, moveSession) so that it left just now, and its times are on today's clock.
  const ahead = saved.savedAt - nowMs;
  if (ahead > 0) shiftSession(saved.state, -ahead);
  const step = reduceSession(saved.state, { type: "pause" }, ahead > 0 ? nowMs : saved.savedAt);
  apply(step, nowMs);
  if (endForgottenPause(nowMs)) return; // paused before the app was left, for longer than a pause lasts
  // The same hold goes on (pausing moves the times only): with its sensitivity and what it had.
  const hold = currentHold(step.state);
  if (hold !== null) carryIntoHold(step.state.routine.sensitivity, hold.bouncingMs, hold.steadiness);
}

/**
 * Closes a saved session that is not resumed (too old, or saved on an unset clock's earlier
 * timeline: the power went since): it is kept as a (partial) result, on the timeline it was saved on.
 * The session file goes only once the result is written.
 */
export function finishSaved(saved: SavedSession): void {
  const state = saved.state;
  const recordedOn = savedTimeline(saved.timeline, saved.savedAt);
  // A finished session keeps its own end; one abandoned before its first hold has no result (an
  // attempt, not a session; an idle one neither): its file just goes. One left paused ends where its
  // pause began (a forgotten pause: its length is not the session's, and may exceed the record's bound).
  const result = closedResult(state, state.pausedAt >= 0 ? state.pausedAt : saved.savedAt);
  if (result === null || storeAndTell(result, recordedOn)) forgetSession();
  else {
    // Not kept (flash full): the session file is its only copy, so no session starts over it until it is.
    unkept = result;
    // This run's timeline (a session too old to resume): it moves with this run's clock, as null does.
    unkeptOn = recordedOn !== null && isThisClockRun(recordedOn) ? null : recordedOn;
  }
}

/** Saves the session, with the unset clock's timeline when the clock is not set. */
function save(state: SessionState, nowMs: number): void {
  saveRefused = !saveSession(state, nowMs, unsetTimeline(wholeNow()));
}

/** Feeds the engine an event that happens now; false when no session is on screen. */
export function dispatch(event: SessionEvent): boolean {
  if (session === null) return false;
  const nowMs = wallNow();
  // The tap or press that finds a forgotten pause shows the session ended (where its pause began).
  if (!endForgottenPause(nowMs)) apply(reduceSession(session, event, nowMs), nowMs);
  return true;
}

/**
 * Ends the session as partial where its pause began when it has been paused for more than
 * FORGOTTEN_PAUSE_MS (a clock set forward meanwhile is not pause: wallNow moved the session with it).
 * True when it did.
 */
export function endForgottenPause(nowMs: number): boolean {
  const s = session;
  if (s === null || s.pausedAt < 0 || !isSessionActive(s) || nowMs - s.pausedAt <= FORGOTTEN_PAUSE_MS) return false;
  console.log("session: paused for " + Math.round((nowMs - s.pausedAt) / 60000) + " min: ended where the pause began");
  apply(reduceSession(s, { type: "abort" }, s.pausedAt), nowMs);
  return true;
}

/** The slow check while paused: sees a clock jump at its deadline, and ends a forgotten pause. */
function checkPause(): void {
  pauseCheckTimer = 0;
  const nowMs = readClock(true);
  if (endForgottenPause(nowMs)) return; // the session is done: the check went with the pause
  const s = session;
  if (s !== null && s.pausedAt >= 0 && isSessionActive(s)) armPauseCheck(nowMs);
  else disarmPauseCheck();
}

function armPauseCheck(nowMs: number): void {
  clearTimeout(pauseCheckTimer);
  pauseCheckDueAt = nowMs + PAUSED_CHECK_MS;
  pauseCheckTimer = setTimeout(checkPause, PAUSED_CHECK_MS);
}

function disarmPauseCheck(): void {
  clearTimeout(pauseCheckTimer);
  pauseCheckTimer = 0;
  pauseCheckDueAt = -1;
}

/** Saves the running session now (the app is being left); the next launch resumes it. */
export function saveIfRunning(): void {
  keepUnkept(); // a last try: once the app is gone only the session file's last save is left
  if (session !== null && isSessionActive(session)) save(session, wallNow());
  stopMotion();
}

/** Back to the home screen. */
export function leaveSession(): void {
  keepUnkept();
  clearTimeout(redrawTimer);
  clearTimeout(tickTimer);
  disarmPauseCheck();
  tickDueAt = -1;
  redrawDueAt = -1;
  session = null;
}

/**
 * The clock was set (SET_CLOCK from a central that connected mid-session) and moved by `deltaMs`.
 * The session's times are wall-clock times: they move with it, so the jump neither ends phases at
 * once (forward) nor stretches them (back), and the start is told in the corrected clock.
 */
export function clockMoved(deltaMs: number): void {
  moveMotionClock(deltaMs);
  moveSession(deltaMs);
}

function moveSession(deltaMs: number): void {
  // A result not kept yet moves with the unset clock as a kept one would (clock.ts); one recorded on a
  // set clock is placed, and one recorded on an earlier run's timeline is not this run's to move.
  if (unkept !== null && unkeptOn === null && !isClockSet(unkept.startedAt)) unkept = shiftResult(unkept, deltaMs);
  bounceShownAt += deltaMs;
  moveCueClock(deltaMs);
  if (lastWall >= 0) lastWall += deltaMs;
  if (tickDueAt >= 0) tickDueAt += deltaMs;
  if (redrawDueAt >= 0) redrawDueAt += deltaMs;
  if (pauseCheckDueAt >= 0) pauseCheckDueAt += deltaMs;
  const s = session;
  if (s === null || deltaMs === 0) return;
  // Started on the unset clock and now on a set one: the zone the clock was set with is the one to keep.
  if (!isClockSet(s.startedAt) && isClockSet(s.startedAt + deltaMs))
    s.utcOffsetMinutes = -new Date(wholeNow()).getTimezoneOffset();
  shiftSession(s, deltaMs);
  if (isSessionActive(s)) save(s, wholeNow());
}

/** Moves a session's wall-clock times by `deltaMs` (its holds carry only times relative to their start). */
function shiftSession(s: SessionState, deltaMs: number): void {
  s.startedAt += deltaMs;
  s.phaseStartedAt += deltaMs;
  if (s.phaseEndsAt >= 0) s.phaseEndsAt += deltaMs;
  if (s.pausedAt >= 0) s.pausedAt += deltaMs;
  if (s.endedAt >= 0) s.endedAt += deltaMs;
}

/** The earlier of two deadlines (-1: none). */
function earlier(a: number, b: number): number {
  return a < 0 || (b >= 0 && b < a) ? b : a;
}

/**
 * Date.now() for the session (whole ms). The clock can also be set behind the app's back
 * (Gadgetbridge or the App Loader call setTime over the UART): time going back, or running more
 * than MAX_TIMER_LATE_MS past the earliest armed timer (the tick, the redraw, or while paused the
 * slow check), is such a jump, and the session moves with it (as on the Fitbit app, a forward jump
 * shorter than that goes unseen).
 */
export function wallNow(): number {
  return readClock(false);
}

/** wallNow; `checkFired`: read by the paused check's own timer, so its deadline is now. */
function readClock(checkFired: boolean): number {
  const now = wholeNow();
  if (session !== null && lastWall >= 0) {
    const due = earlier(earlier(tickDueAt, redrawDueAt), pauseCheckDueAt);
    // Past the slow check's deadline, but not at its own firing: all that is known is that the
    // check had not fired, so the time since the session last looked is taken as the jump (the
    // pause counts less, never more: up to a minute of it, never the jump's days).
    const since = pauseCheckDueAt >= 0 && !checkFired ? lastWall : due;
    const jump = now < lastWall ? now - lastWall : due >= 0 && now > due + MAX_TIMER_LATE_MS ? now - since : 0;
    if (jump !== 0) {
      moveSession(jump);
      clockJumped(jump); // results recorded on an unset clock move with it too (clock.ts)
    }
  }
  lastWall = now;
  return now;
}

/** Keeps a result (recorded on `recordedOn`: see keepResult) and tells the listener; false when not written. */
function storeAndTell(result: SessionResult, recordedOn: number | null): boolean {
  // A session saved by an app version that did not record its zone at the start has 0: the zone now stands in.
  if (result.utcOffsetMinutes === 0) result.utcOffsetMinutes = -new Date(result.startedAt).getTimezoneOffset();
  let kept = keepResult(result, recordedOn); // a record, or (clock never set) kept until the clock is set
  // Refused (flash full): the spare kept since the session's start gives its room (store.ts keepSpare).
  if (!kept && useSpare()) kept = keepResult(result, recordedOn);
  if (listener !== null) listener.resultStored(result);
  return kept;
}

/** Carries out a step computed elsewhere (a GATT control command) as if it were the runner's own. */
export function applyStep(step: Step, nowMs: number): void {
  apply(step, nowMs);
}

function apply(step: Step, nowMs: number): void {
  const state = step.state;
  session = state;
  const act = step;
  if (act.phaseBegan) bounceShownAt = -BOUNCE_MESSAGE_MS;
  if (act.cue !== null) {
    playCue(act.cue, nowMs);
    if (act.cue === "bounce") bounceShownAt = nowMs;
  }
  // Every hold starts the detector afresh: back to back (the sensor stays on), and also when the same
  // step pauses the new hold (a late tick), so its resume does not carry the last hold's state.
  if (act.sensor > 0 || act.holdBegan) startMotion(state.routine.sensitivity, act.holdBegan);
  if (act.sensor < 0) stopMotion();
  const result = act.result;
  if (result !== null) {
    // The finished session is saved first: a reset can tear the result's file as it is written, and
    // the next launch then writes it again from this save (app.ts). The result is on flash before
    // anything offers it; then the session file goes. If it could not be written (flash full), the
    // session file stays (the finished session if it fits): the next launch keeps it.
    // Kept in memory too, so it is not lost when the next session's saves overwrite that file.
    save(state, nowMs);
    if (storeAndTell(result, null)) forgetSession();
    else {
      unkept = result;
      unkeptOn = null;
    }
  } else if (state.phase === "done")
    forgetSession(); // an attempt ended before its first hold: nothing to keep or resume
  else if (act.persist) save(state, nowMs);
  clearTimeout(tickTimer);
  tickDueAt = step.nextTickAt >= 0 ? Math.max(nowMs, step.nextTickAt) : -1;
  tickTimer = tickDueAt >= 0 ? setTimeout(() => dispatch({ type: "tick" }), tickDueAt - nowMs) : 0;
  if (state.pausedAt >= 0 && isSessionActive(state)) {
    if (pauseCheckDueAt < 0) armPauseCheck(nowMs); // armed at the pause; other steps while paused keep it
  } else disarmPauseCheck();
  redraw();
}

function describeResult(result: SessionResult): string[] {
  const seconds = Math.round(totalHoldMs(result) / 1000);
  const steadiness = sessionSteadiness(result);
  return [
    "Holds " + countValidHolds(result) + "/" + plannedHolds(result.routine),
    Math.floor(seconds / 60) + ":" + (seconds % 60 < 10 ? "0" : "") + (seconds % 60) + " held",
    "Bounces " + countBounces(result),
    "Steady " + (steadiness >= 0 ? steadiness : "-"),
  ];
}

/**
 * Draws the session and tells the listener (the GATT live state, which notifies only real changes —
 * such as the bounce flag going off 3 s after a warning); while time runs, again each second.
 */
export function redraw(): void {
  const nowMs = wallNow(); // before the redraw's own deadline is dropped: a late redraw shows a jump
  clearTimeout(redrawTimer);
  redrawTimer = 0;
  redrawDueAt = -1;
  const state = session;
  if (state === null) return;
  if (listener !== null) listener.changed(state, nowMs);
  if (state.phase === "done" && unkept !== null) {
    // The result is only in memory: said so, and the button tries to keep it again instead of
    // leaving (the app's exit would lose it). Home keeps it in memory too (and says so); holding the
    // button, the firmware's way out of any app, leaves and loses it.
    renderDone(
      state.completed ? "Well done" : "Ended",
      ["Not kept:", "flash full.", "Sync or free", "room, press."],
      ["Tap: home  Button: keep it", "Hold button: leave, lose it"],
    );
    return;
  }
  if (state.phase === "done") {
    renderDone(state.completed ? "Well done" : "Ended", describeResult(resultOf(state, state.endedAt)), [
      "Tap: home  Button: exit",
    ]);
    return;
  }
  renderSession(
    describeScreen(state, nowMs),
    isBouncingNow(nowMs),
    state.pausedAt >= 0,
    saveRefused ? "Flash full: not saved" : "",
  );
  if (state.pausedAt < 0) {
    const delay = (remainingMs(state, nowMs) % 1000 || 1000) + REDRAW_MARGIN_MS;
    redrawDueAt = nowMs + delay;
    redrawTimer = setTimeout(redraw, delay);
  }
}
