// The session part of the watch app (app/parts.ts): runs one session on the engine
// (common/session.ts): feeds it events, carries out its effects on the device, and keeps exactly one
// timer for the engine's next deadline. Timing lives in timestamps, so the timer may fire late
// (screen off, busy watch) without stretching a hold; a timer that fires early just gets re-armed
// for the same deadline. Time is "session time" (common/session.ts SessionClock): a change of the
// watch's clock counts like a pause. When the session ends it is saved and handed to home, which
// stores its result and shows the done screen.
import { me } from "appbit";
import { display } from "display";
import { makeSessionId } from "../common/result";
import { Routine } from "../common/routine-shape";
import {
  SessionClock,
  SessionEvent,
  SessionState,
  DONE,
  HOLD,
  Step,
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
import { carryIntoHold, endMotion, setUpMotion, startMotion, stopMotion } from "./motion";
import { ABANDON, openDialog, showDialog } from "./screens";
import { renderSession } from "./session-screen";
import { SavedSession, encodeSavedSession } from "../common/saved-session";
import { SESSION_FILE, parkResults, saveSession, wallAge } from "./session-file";
import { loadSession } from "./saved-check";
import { STATS_FILE, removeFile, writeCbor } from "./files";
import type { ClosedSession, Handover, Host, Part } from "./parts";

const BOUNCE_MESSAGE_MS = 3000;
/** Redraw just after the displayed second has changed, not just before. */
const REDRAW_MARGIN_MS = 10;
/**
 * A running hold is saved every this many ms, so a hold of 5 s or more (MIN_VALID_HOLD_MS) that
 * is cut short by a crash or power loss still counts with the seconds held.
 */
const HOLD_CHECKPOINT_MS = 5000;
/** While paused, the clock is checked for jumps this often. */
const PAUSED_CHECK_MS = 60 * 1000;

/** The running session (null once it is handed to home). */
let session: SessionState | null = null;
let host: Host;
/** What home hands over for the way back: results and day stats not written yet (storage full). */
let carried: Handover;
/** The carried results are on storage as their finished sessions (none carried counts as done). */
let resultsParked = false;
/** Set by startSession and resumeSession before anything reads it (only a running session reads it). */
let clock: SessionClock;
let tickTimer = 0;
/** Session time of the tick timer's deadline (-1: none armed). */
let tickDueAt = -1;
let checkpointTimer = 0;
let redrawTimer = 0;
let bounceShownAt = -BOUNCE_MESSAGE_MS;

/** Session time now; `timerFired` when called by the engine's own timer. */
function now(timerFired: boolean): number {
  return readSessionClock(clock, Date.now(), timerFired);
}

function startSession(routine: Routine): void {
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
function resumeSession(saved: SavedSession): void {
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

/** Feeds the engine an event that happens now; `timerFired` when the engine's own timer calls. */
function dispatch(event: SessionEvent, timerFired = false): void {
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
function control(endOrSkip: boolean): void {
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

/**
 * Saves the running session. Results and day stats home could not write, kept in memory only, are
 * tried again at every save until they are on storage (it may have room now), so a crash during
 * this session, or home failing to load after it, does not lose them (parkResults; review 35).
 * Written stats leave the hand-over: home reads them from "stats.cbor".
 */
function save(state: SessionState, nowMs: number): void {
  saveSession(state, nowMs);
  keepCarried();
}

/** What home handed over in memory only, tried on storage again: at every save and before home takes over. */
function keepCarried(): void {
  if (!resultsParked) resultsParked = parkResults(carried.unsaved);
  if (carried.stats !== undefined && writeCbor(STATS_FILE, carried.stats)) carried.stats = undefined;
}

/**
 * Home takes over. What it handed over and storage has not taken yet is tried once more first, so a
 * session that ends (or is closed) before a save could write it, followed by home failing to load,
 * loses nothing (review 40).
 */
function toHome(): void {
  keepCarried();
  host.load("home", carried);
}

/**
 * Saves a running hold every HOLD_CHECKPOINT_MS of hold time; false when no hold runs (nothing armed).
 * Also gives the clock its deadline: the earliest timer armed (the tick's or this one's), so in a
 * hold a forward jump of the wall clock is seen by the next read after at most one checkpoint
 * interval, not only after the tick (which can be a whole hold away).
 */
function armCheckpoint(state: SessionState, nowMs: number): boolean {
  clearTimeout(checkpointTimer);
  clock.dueAtMs = tickDueAt;
  if (state.phase !== HOLD || state.pausedAt >= 0) return false;
  const next =
    state.phaseStartedAt + (Math.floor((nowMs - state.phaseStartedAt) / HOLD_CHECKPOINT_MS) + 1) * HOLD_CHECKPOINT_MS;
  if (next < state.phaseEndsAt) {
    clock.dueAtMs = Math.min(tickDueAt, next); // a running hold always has a tick armed (its end at the latest)
    checkpointTimer = setTimeout(() => {
      const s = session;
      const at = now(false);
      if (s !== null && armCheckpoint(s, at)) save(s, at); // the next checkpoint is armed first: a timer, no save
    }, next - nowMs);
  }
  return true;
}

/**
 * The session has ended (`ended`, `saved` in its file): nothing of this part may run on (its code is
 * freed), home takes over. A saved session is handed over by its id, so its holds are garbage while home loads.
 */
function handOver(ended: SessionState, saved: boolean): void {
  clearTimeout(tickTimer);
  clearTimeout(redrawTimer);
  clearTimeout(checkpointTimer);
  endMotion();
  showDialog(null); // an abandon question still open when the last hold ended
  session = null;
  if (saved) carried.endedId = ended.id;
  else carried.ended = ended;
  toHome();
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
  if (state.phase === DONE) {
    // Saved first, so a power loss from here on leaves the finished session for the next launch to
    // store; an attempt that ended before its first hold has nothing to keep or resume.
    const saved = step.result !== null && saveSession(state, nowMs);
    if (step.result === null) removeFile(SESSION_FILE);
    return handOver(state, saved);
  }
  if (step.persist) save(state, nowMs);
  clearTimeout(tickTimer);
  // While paused the engine needs no tick, but the clock needs a deadline to tell a jump of the
  // wall clock (the phone setting it) from the pause going on: a slow tick keeps one armed.
  const due = step.nextTickAt >= 0 || state.pausedAt < 0 ? step.nextTickAt : nowMs + PAUSED_CHECK_MS;
  tickDueAt = due;
  // A closure per step rather than a named tick function kept for good: it is garbage at the next step.
  if (due >= 0) tickTimer = setTimeout(() => dispatch({ type: "tick" }, true), Math.max(0, due - nowMs));
  armCheckpoint(state, nowMs); // sets the clock's deadline
  redraw();
}

/** Draws the session; while the screen is on and time runs, again when the shown second changes. */
function redraw(): void {
  clearTimeout(redrawTimer);
  const state = session;
  if (state === null) return;
  const nowMs = now(false);
  const hold = currentHold(state);
  renderSession(
    describeScreen(state, nowMs),
    hold !== null,
    hold !== null ? hold.steadiness : -1,
    // Paused: "Paused — tap to resume", not a warning that came just before (nothing redraws until resumed).
    state.pausedAt < 0 && nowMs - bounceShownAt < BOUNCE_MESSAGE_MS,
  );
  if (display.on && state.pausedAt < 0)
    redrawTimer = setTimeout(redraw, (remainingMs(state, nowMs) % 1000 || 1000) + REDRAW_MARGIN_MS);
}

function onEvent(event: string): boolean {
  if (event === "session-tap" || event === "end-hold-button") control(event === "end-hold-button");
  else if (event === "abandon-yes") {
    showDialog(null);
    dispatch({ type: "abort" });
  } else if (event === "abandon-no") showDialog(null);
  else if (event === "change") {
    // The screen went on or off.
    if (display.on) redraw();
    else clearTimeout(redrawTimer);
  }
  // The app is being closed: the next launch offers to resume. What home could not write gets one more try.
  else if (event === "unload" && session !== null) save(session, now(false));
  else if (event === "back") {
    // The back button is easy to hit with a towel in hand: ask before abandoning (none yet: still loading).
    if (session !== null) showDialog(openDialog === ABANDON ? null : ABANDON, host.tap);
    return true;
  }
  // Files from the phone wait in the inbox for home; so does a failed transfer.
  return false;
}

/**
 * Ends saved sessions that will not be resumed where they were saved, each written back as done
 * (home stores their results: it has no engine); an attempt's file just goes. Ones that could not
 * be written back (storage full) are handed to home in memory; a damaged one is set aside.
 */
function closeSaved(files: string[]): ClosedSession[] {
  const closed: ClosedSession[] = [];
  files.forEach((file) => {
    const saved = loadSession(file);
    if (saved === null) return;
    const state = reduceSession(saved.state, { type: "abort" }, saved.savedAt).state;
    if (state.holds.length === 0) removeFile(file);
    else if (!writeCbor(file, encodeSavedSession(state, saved.savedAt))) closed.push({ file: file, state: state });
  });
  return closed;
}

/**
 * Starts the session part: a new session on `handover.routine`, the saved one (`resume`), or it ends
 * saved sessions for home (`close`) and hands back at once.
 */
export function start(entry: Host, handover: Handover): Part {
  host = entry;
  // Handed back to home as they came: never a saved session (the running one replaces it).
  carried = {
    unsaved: handover.unsaved,
    stats: handover.stats,
    routine: handover.routine,
    revision: handover.revision,
  };
  if (handover.close !== undefined) {
    carried.closed = closeSaved(handover.close);
    toHome();
    return onEvent;
  }
  const saved = handover.resume ? loadSession(SESSION_FILE) : null;
  if (handover.resume && saved === null)
    toHome(); // damaged: set aside, nothing to resume
  else {
    setUpMotion(dispatch);
    if (saved !== null) resumeSession(saved);
    else startSession(handover.routine as Routine);
  }
  return onEvent;
}
