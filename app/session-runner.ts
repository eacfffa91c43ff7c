// Runs one session at a time on the engine (common/session.ts): feeds it events, carries out its
// effects on the device, and keeps exactly one timer for the engine's next deadline. Timing lives
// in timestamps, so the timer may fire late (screen off, busy watch) without stretching a hold;
// a timer that fires early just gets re-armed for the same deadline.
import { me } from "appbit";
import { display } from "display";
import { SessionResult, countBounces, countValidHolds, makeSessionId, plannedHolds, sessionSteadiness, totalHoldMs } from "../common/result";
import { Routine } from "../common/routine";
import { SessionEvent, SessionState, Step, describeScreen, isSessionActive, newSession, reduceSession, remainingMs, resultOf } from "../common/session";
import { playCue } from "./haptics";
import { startMotion, stopMotion } from "./motion";
import { sendResults, storeResult } from "./results";
import { renderDone, renderSession } from "./screens";
import { SavedSession, forgetSession, saveSession } from "./session-store";
import { recordCompleted } from "./stats-store";

const BOUNCE_MESSAGE_MS = 3000;
/** How long the done screen keeps the app open although nobody touched the watch during the session. */
const DONE_GRACE_MS = 2 * 60 * 1000;
/** Redraw just after the displayed second has changed, not just before. */
const REDRAW_MARGIN_MS = 10;

let session: SessionState | null = null;
let tickTimer = 0;
let redrawTimer = 0;
let graceTimer = 0;
let bounceShownAt = -BOUNCE_MESSAGE_MS;

/** "Holds 6/6 · 3:00 held\nBounce warnings 1\nSteadiness 87" */
function describeResult(result: SessionResult): string {
  const seconds = Math.round(totalHoldMs(result) / 1000);
  const steadiness = sessionSteadiness(result);
  return (
    "Holds " + countValidHolds(result) + "/" + plannedHolds(result.routine) + " · " + Math.floor(seconds / 60) + ":" + (seconds % 60 < 10 ? "0" : "") + (seconds % 60) + " held\n" +
    "Bounce warnings " + countBounces(result) + "\nSteadiness " + (steadiness >= 0 ? steadiness : "–")
  );
}

/** Session phase, or "none" on the home screen. */
export function sessionPhase(): string {
  return session === null ? "none" : session.phase;
}

export function isRunning(): boolean {
  return session !== null && isSessionActive(session);
}

export function isPaused(): boolean {
  return session !== null && session.pausedAt >= 0;
}

export function startSession(routine: Routine): void {
  clearTimeout(graceTimer);
  session = newSession(routine, makeSessionId(Date.now(), Math.random()));
  dispatch({ type: "start" });
}

/** Continues a session saved by an earlier run: the time the app was gone counts as a pause. */
export function resumeSession(saved: SavedSession): void {
  session = reduceSession(saved.state, { type: "pause" }, saved.savedAt).state;
  dispatch({ type: "resume" });
}

/** Closes a saved session that will not be resumed: it is kept as a (partial) result. */
export function finishSaved(saved: SavedSession): void {
  const state = saved.state;
  // A "done" state means the app was killed after the session ended: storing it again is harmless.
  if (state.phase === "done") storeResult(resultOf(state, state.endedAt));
  else if (state.phase !== "idle") storeResult(resultOf(reduceSession(state, { type: "abort" }, saved.savedAt).state, saved.savedAt));
  forgetSession();
}

/** Feeds the engine an event that happens now. */
export function dispatch(event: SessionEvent): void {
  const nowMs = Date.now();
  if (session !== null) apply(reduceSession(session, event, nowMs), nowMs);
}

/** Saves the running session now (the app is being closed). */
export function saveIfRunning(): void {
  if (session !== null && isSessionActive(session)) saveSession(session, Date.now());
}

/** Back to the home screen: the app may time out again. */
export function leaveSession(): void {
  clearTimeout(graceTimer);
  clearTimeout(redrawTimer);
  session = null;
  me.appTimeoutEnabled = true;
}

function apply(step: Step, nowMs: number): void {
  const state = step.state;
  session = state;
  let sensor = 0; // 1 on, -1 off
  let newHold = false;
  let persist = false;
  let result: SessionResult | null = null;
  for (let i = 0; i < step.effects.length; i++) {
    const effect = step.effects[i];
    if (effect.type === "haptic") {
      playCue(effect.cue, nowMs);
      if (effect.cue === "bounce") bounceShownAt = nowMs;
    } else if (effect.type === "phase") {
      newHold = effect.phase === "hold";
      bounceShownAt = -BOUNCE_MESSAGE_MS;
    } else if (effect.type === "sensor") sensor = effect.on ? 1 : -1;
    else if (effect.type === "persist") persist = true;
    else if (effect.type === "send-result") result = effect.result;
  }
  // Every hold starts the detector afresh, also back to back (no rest) where the sensor stays on.
  if (sensor > 0 || newHold) startMotion(state.routine.sensitivity, newHold);
  if (sensor < 0) stopMotion();
  // The OS must not close the app while time runs. While paused it may, after its 2 minutes without
  // a touch: pausing saved the session, unload saves it again and the next launch offers to resume,
  // so a forgotten pause does not keep the app open for good.
  me.appTimeoutEnabled = state.pausedAt >= 0;
  if (result !== null) {
    // Result on storage first, then the day's count, then the session file goes; sending comes last.
    storeResult(result);
    if (result.completed) recordCompleted(nowMs, result.routine.dailyGoal);
    forgetSession();
    sendResults();
    graceTimer = setTimeout(() => (me.appTimeoutEnabled = true), DONE_GRACE_MS);
  } else if (persist) saveSession(state, nowMs);
  clearTimeout(tickTimer);
  if (step.nextTickAt >= 0) tickTimer = setTimeout(() => dispatch({ type: "tick" }), Math.max(0, step.nextTickAt - nowMs));
  redraw();
}

/** Draws the session; while the screen is on and time runs, again when the shown second changes. */
export function redraw(): void {
  clearTimeout(redrawTimer);
  const state = session;
  if (state === null) return;
  const nowMs = Date.now();
  if (state.phase === "done") return renderDone(describeResult(resultOf(state, state.endedAt)));
  const holding = state.phase === "hold";
  renderSession(describeScreen(state, nowMs), holding, holding ? state.holds[state.holds.length - 1].steadiness : -1, nowMs - bounceShownAt < BOUNCE_MESSAGE_MS);
  if (display.on && state.pausedAt < 0) redrawTimer = setTimeout(redraw, (remainingMs(state, nowMs) % 1000 || 1000) + REDRAW_MARGIN_MS);
}

display.addEventListener("change", () => (display.on ? redraw() : clearTimeout(redrawTimer)));
