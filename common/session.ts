// The session engine: a pure state machine over the phases of one stretch session.
// Time is always passed in and every duration is computed from timestamps, so a late or
// missed tick never stretches a hold. ES5-safe: the watch runs this code.
import { Leg, Routine, otherLeg } from "./routine-shape";
import { HoldResult, MAX_BOUNCES_PER_HOLD, SessionResult, sessionResult } from "./result";
import { fromRow } from "./rows";

export type Phase = "idle" | "get-ready" | "hold" | "rest" | "switch" | "done";
/**
 * The hold phase's name, written once: the watch's code compares phases with it often, and the
 * minifier keeps a constant used this often as one variable rather than the string at every use.
 */
export const HOLD = "hold";
/** The last phase's name, written once for the same reason (the watch's done screen has the same id). */
export const DONE = "done";
export type Cue = "hold-start" | "last-seconds" | "hold-complete" | "bounce" | "switch-legs" | "session-done";

// One pattern per cue, all distinct, from the watch's real pattern set.
export const CUE_PATTERN: { [C in Cue]: "alert" | "bump" | "confirmation-max" | "nudge-max" | "ping" | "ring" } = {
  "hold-start": "nudge-max",
  "last-seconds": "bump",
  "hold-complete": "confirmation-max",
  bounce: "alert",
  "switch-legs": "ring",
  "session-done": "ping",
};

/**
 * CUE_PATTERN's patterns in CUE_PRIORITY order: the Fitbit watch looks a pattern up by the rank it
 * needs anyway, so its bundle does not carry the cue names a second time (test/session.test.ts
 * checks that both tables agree).
 */
export const PATTERN_BY_RANK: Array<(typeof CUE_PATTERN)[Cue]> = [
  "ping",
  "ring",
  "confirmation-max",
  "alert",
  "nudge-max",
  "bump",
];

// When several cues fall due in one step (a late tick), only the most important is played:
// two buzzes at once would blur into one.
export const CUE_PRIORITY: Cue[] = [
  "session-done",
  "switch-legs",
  "hold-complete",
  "bounce",
  "hold-start",
  "last-seconds",
];

export interface SessionState {
  routine: Routine;
  id: string;
  startedAt: number;
  phase: Phase;
  leg: Leg;
  /** 1-based. In rest and switch it is the rep of the hold that comes next. */
  rep: number;
  /** Absolute ms, shifted forward by pauses. */
  phaseStartedAt: number;
  /** Absolute ms, shifted forward by pauses; -1 in idle and done. */
  phaseEndsAt: number;
  /** -1 while running. */
  pausedAt: number;
  /** Last-seconds cues already given (or skipped) in the running hold. */
  cuesGiven: number;
  /** Every started hold; while a hold runs it is the last one. */
  holds: HoldResult[];
  /** -1 until done. */
  endedAt: number;
  completed: boolean;
  /** Minutes east of UTC at the start (the day the session counts on); 0 until started. */
  utcOffsetMinutes: number;
}

export type SessionEvent =
  /** `utcOffsetMinutes`: minutes east of UTC on the watch now (default 0). */
  | { type: "start"; utcOffsetMinutes?: number }
  | { type: "tick" }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "skip" }
  | { type: "end-hold-early" }
  | { type: "abort" }
  | { type: "bounce" }
  | { type: "steadiness"; score: number; bouncingMs?: number };

/**
 * One step of the engine: the new state, and what a watch shell does with it. The engine fills the
 * actions in place as it goes (no list of effect objects to allocate and fold on the watch).
 */
export interface Step {
  state: SessionState;
  /** Absolute ms of the next moment the engine needs a tick; -1 when none is needed. */
  nextTickAt: number;
  /** The one cue to play: when several fall due in one step, only the most important (CUE_PRIORITY). */
  cue: Cue | null;
  /** A phase began; `holdBegan`: the last one that began is a hold (the detector starts afresh, also back to back). */
  phaseBegan: boolean;
  holdBegan: boolean;
  /** 1: turn the accelerometer on, -1: off, 0: leave it (the last change of the step wins). */
  sensor: number;
  /** Save the session. */
  persist: boolean;
  /** The session ended: its result, to store and send. */
  result: SessionResult | null;
}

// The key lists of a saved session's rows live with its format (./saved-session.ts), which needs
// nothing else of the engine: the watch's home part reads finished sessions without the engine.
export { HOLD_KEYS, STATE_KEYS } from "./saved-session";
import { HOLD_KEYS, STATE_KEYS } from "./saved-session";

// The engine builds its records from rows of the key lists the saved session needs anyway: an
// object literal would spell every key out again in the watch's bundle (and its heap).
// test/session.test.ts checks every field of both.
export function newSession(routine: Routine, id: string): SessionState {
  return fromRow<SessionState>(
    [routine, id, -1, "idle", routine.firstLeg, 1, -1, -1, -1, 0, [], -1, false, 0],
    STATE_KEYS,
  ) as SessionState;
}

/** A copy of a record's own fields (the saved-session file reuses it). Generic copies keep the watch bundle small. */
export function shallowCopy<T extends object>(source: T): T {
  const copy = {} as T;
  for (const key in source) copy[key] = source[key];
  return copy;
}

/**
 * Only the last hold can change (the engine never touches a closed hold), so the earlier ones are
 * shared with the old state: a step allocates the same whatever the number of holds and warnings.
 */
function copyState(s: SessionState): SessionState {
  const copy = shallowCopy(s);
  const holds = s.holds.slice();
  if (holds.length > 0) {
    const running = shallowCopy(holds[holds.length - 1]);
    running.bounceAtMs = running.bounceAtMs.slice(); // the one list a step may add to
    holds[holds.length - 1] = running;
  }
  copy.holds = holds;
  return copy;
}

function haptic(fx: Step, cue: Cue): void {
  if (fx.cue === null || CUE_PRIORITY.indexOf(cue) < CUE_PRIORITY.indexOf(fx.cue)) fx.cue = cue;
}

/** A phase's length from the routine: "<phase>Seconds" (getReadySeconds for get-ready); 0 for idle and done. */
function phaseSeconds(routine: Routine, phase: Phase): number {
  return (
    (routine as unknown as { [key: string]: number })[phase === "get-ready" ? "getReadySeconds" : phase + "Seconds"] ||
    0
  );
}

/** Time held in the running hold at `at` (a pause freezes it), never more than the target. */
function heldMs(s: SessionState, at: number): number {
  return Math.max(0, Math.min(s.routine.holdSeconds * 1000, (s.pausedAt >= 0 ? s.pausedAt : at) - s.phaseStartedAt));
}

/** Closes a hold at the time held so far. */
function closeHold(hold: HoldResult, held: number): void {
  hold.achievedMs = held;
  hold.endedEarly = held < hold.targetSeconds * 1000;
}

/** The running hold's record; null outside holds, and when a damaged saved session lacks it. */
export function currentHold(s: SessionState): HoldResult | null {
  if (s.phase !== HOLD || s.holds.length === 0) return null;
  const last = s.holds[s.holds.length - 1];
  return last.leg === s.leg && last.rep === s.rep ? last : null;
}

/** Enters `phase` at `at`. Zero-length waiting phases fall straight through to the hold. */
function enter(s: SessionState, phase: Phase, leg: Leg, rep: number, at: number, fx: Step): void {
  const seconds = phaseSeconds(s.routine, phase);
  // Also when a zero-length break falls through to the hold: haptic keeps the cue that ranks first.
  if (phase === "switch") haptic(fx, "switch-legs");
  // The waiting phases (get ready, rest, switch): enter never gets idle, and done has no length.
  if (seconds === 0 && phase !== HOLD && phase !== DONE) {
    enter(s, HOLD, leg, rep, at, fx);
    return;
  }
  const wasHolding = s.phase === HOLD && s.pausedAt < 0;
  s.phase = phase;
  s.leg = leg;
  s.rep = rep;
  s.phaseStartedAt = at;
  s.phaseEndsAt = phase === DONE ? -1 : at + seconds * 1000;
  s.pausedAt = -1;
  s.cuesGiven = 0;
  if (phase === HOLD) {
    s.holds.push(fromRow<HoldResult>([leg, rep, s.routine.holdSeconds, 0, false, [], -1, 0], HOLD_KEYS) as HoldResult);
    // Cues that would fall in the first second would collide with the hold-start buzz.
    const cues = s.routine.lastSecondsCue;
    s.cuesGiven = cues > seconds - 1 ? cues - Math.max(0, seconds - 1) : 0;
    haptic(fx, "hold-start");
    if (!wasHolding) fx.sensor = 1;
  } else if (wasHolding) {
    fx.sensor = -1;
  }
  fx.phaseBegan = fx.persist = true;
  fx.holdBegan = phase === HOLD;
}

/**
 * Closes the running hold at `at` and moves to whatever follows it; "abort" ends the session there
 * (partial). A hold phase without its hold record (a damaged saved session) still moves on: the
 * catch-up loop must always leave "hold". The session's end is here alone (one function less on the watch).
 */
function endHold(s: SessionState, at: number, how: "complete" | "early" | "abort", fx: Step): void {
  const hold = currentHold(s);
  if (hold !== null) {
    closeHold(hold, heldMs(s, at));
    if (how === "complete") haptic(fx, "hold-complete");
  }
  const completed = how !== "abort";
  if (completed && s.rep < s.routine.repsPerLeg) {
    enter(s, "rest", s.leg, s.rep + 1, at, fx);
  } else if (completed && s.leg === s.routine.firstLeg) {
    enter(s, "switch", otherLeg(s.leg), 1, at, fx);
  } else {
    enter(s, DONE, s.leg, s.rep, at, fx);
    s.endedAt = at;
    s.completed = completed;
    if (completed) haptic(fx, "session-done");
    // Abandoned before its first hold: an attempt, not a session — nothing to keep or send.
    if (s.holds.length > 0) fx.result = resultOf(s, at);
  }
}

/**
 * Moves through every phase boundary that has passed by `nowMs`, giving the last-seconds cues that
 * have fallen due in a running hold; returns when the next tick is due (-1: none, paused or over).
 */
function advance(s: SessionState, nowMs: number, fx: Step): number {
  const cues = s.routine.lastSecondsCue;
  // Each pass ends one phase; a session has at most 2 + 4 × reps phases, so this terminates.
  while (s.pausedAt < 0 && isSessionActive(s)) {
    if (s.phase === HOLD) {
      const cueNow = Math.min(nowMs, s.phaseEndsAt - 1);
      let due = false;
      while (s.cuesGiven < cues && cueNow >= s.phaseEndsAt - (cues - s.cuesGiven) * 1000) {
        s.cuesGiven++;
        due = true;
      }
      if (due) haptic(fx, "last-seconds");
    }
    if (nowMs < s.phaseEndsAt) break;
    const endedAt = s.phaseEndsAt;
    if (s.phase === HOLD) endHold(s, endedAt, "complete", fx);
    else enter(s, HOLD, s.leg, s.rep, endedAt, fx);
  }
  if (s.pausedAt >= 0 || s.phaseEndsAt < 0) return -1;
  if (s.phase === HOLD && s.cuesGiven < cues) return s.phaseEndsAt - (cues - s.cuesGiven) * 1000;
  return s.phaseEndsAt;
}

/** A session between start and done (running or paused). */
export function isSessionActive(s: SessionState): boolean {
  return s.phase !== "idle" && s.phase !== DONE;
}

export function reduceSession(state: SessionState, event: SessionEvent, nowMs: number): Step {
  const s = copyState(state);
  const fx: Step = {
    state: s,
    nextTickAt: -1,
    cue: null,
    phaseBegan: false,
    holdBegan: false,
    sensor: 0,
    persist: false,
    result: null,
  };
  switch (event.type) {
    case "start":
      if (s.phase === "idle") {
        s.startedAt = nowMs;
        const zone = event.utcOffsetMinutes;
        s.utcOffsetMinutes = typeof zone === "number" && isFinite(zone) ? Math.round(zone) : 0;
        enter(s, "get-ready", s.routine.firstLeg, 1, nowMs, fx); // a zero-length get-ready falls through to the hold
      }
      break;
    case "tick":
      break;
    case "pause":
      if (isSessionActive(s) && s.pausedAt < 0) {
        advance(s, nowMs, fx);
        if (isSessionActive(s)) {
          s.pausedAt = nowMs;
          if (s.phase === HOLD) fx.sensor = -1;
          fx.persist = true;
        }
      }
      break;
    case "resume":
      if (isSessionActive(s) && s.pausedAt >= 0) {
        const pausedFor = Math.max(0, nowMs - s.pausedAt);
        s.phaseStartedAt += pausedFor;
        s.phaseEndsAt += pausedFor;
        s.pausedAt = -1;
        if (s.phase === HOLD) fx.sensor = 1;
        fx.persist = true;
      }
      break;
    case "skip":
    case "end-hold-early":
      advance(s, nowMs, fx);
      // The button was pressed on a phase a late tick has only now ended: the press is dropped, or a
      // skip meant for a rest would end the hold that has just begun.
      if (fx.phaseBegan) break;
      if (s.phase === HOLD) {
        endHold(s, nowMs, "early", fx);
      } else if (event.type === "skip" && isSessionActive(s)) {
        enter(s, HOLD, s.leg, s.rep, nowMs, fx);
      }
      break;
    case "abort":
      advance(s, nowMs, fx);
      if (isSessionActive(s)) endHold(s, nowMs, "abort", fx); // closes the running hold, if any
      break;
    case "bounce": {
      const hold = currentHold(s);
      // Before any catching up: a warning that comes after its hold's end (a late tick) is dropped,
      // or it would count for the next hold when there is no rest between them.
      if (hold !== null && s.pausedAt < 0 && nowMs < s.phaseEndsAt) {
        // Bounded: the list lives in the watch's small heap and in every save (the wire keeps as many).
        if (hold.bounceAtMs.length < MAX_BOUNCES_PER_HOLD) hold.bounceAtMs.push(heldMs(s, nowMs));
        haptic(fx, "bounce");
        fx.persist = true;
      }
      break;
    }
    case "steadiness": {
      const hold = currentHold(s);
      const score = event.score;
      // The detector's running total of the hold's bouncing time comes with its score.
      const bouncing = event.bouncingMs;
      if (hold !== null) {
        if (typeof score === "number" && isFinite(score))
          hold.steadiness = Math.round(Math.max(0, Math.min(100, score)));
        // Whole ms from the detector (the encoder rounds anyway); NaN, negatives and nothing are ignored.
        if ((bouncing as number) >= 0) hold.bouncingMs = Math.min(heldMs(s, nowMs), bouncing as number);
      }
      break;
    }
  }
  fx.nextTickAt = advance(s, nowMs, fx);
  return fx;
}

/** Time left in the current phase, frozen while paused; 0 in idle and done. */
export function remainingMs(state: SessionState, nowMs: number): number {
  if (state.phaseEndsAt < 0) return 0;
  return Math.max(0, state.phaseEndsAt - (state.pausedAt >= 0 ? state.pausedAt : nowMs));
}

/**
 * The result of a saved session that will not go on, closed at `at` (a finished one keeps its own
 * end); null when it has no hold once caught up to `at` (a get-ready a late tick left behind may
 * have one by then): abandoned before its first hold, it is an attempt, not a session.
 */
export function closedResult(state: SessionState, at: number): SessionResult | null {
  const ended = reduceSession(state, { type: "abort" }, at).state;
  return ended.holds.length === 0 ? null : resultOf(ended, at);
}

/** The session as a result: completed, or partial with the running hold closed at `nowMs`. */
export function resultOf(state: SessionState, nowMs: number): SessionResult {
  // Closed holds never change again (a step copies only the running one), so the result shares
  // them: at a session's end the watch keeps each hold once, not twice, while it stores the result.
  const holds = state.holds.slice();
  if (currentHold(state) !== null) {
    // Closing sets only its scalars: the copy shares the bounce list, which no later step changes
    // (a step adds warnings to a copy of it, copyState).
    const running = shallowCopy(holds[holds.length - 1]);
    closeHold(running, heldMs(state, nowMs));
    holds[holds.length - 1] = running;
  }
  return sessionResult(state, holds, state.endedAt >= 0 ? state.endedAt : nowMs);
}

// ---- session time that survives wall-clock changes ----

/**
 * The watch has no monotonic clock for apps, only Date.now(), which jumps when the user or the
 * phone sets the time. The session runs on "session time": wall time plus an offset that changes
 * whenever a jump is seen, so a jump counts like a pause and no hold gets negative or inflated.
 * A jump is seen when time goes backwards, or when it is later than the armed timer's deadline
 * plus the lateness a timer can plausibly have.
 */
export interface SessionClock {
  /** Session time − wall time. */
  offsetMs: number;
  /** Session time last read. */
  lastMs: number;
  /** Session time of the armed timer's deadline; -1 when no timer runs (idle, paused). */
  dueAtMs: number;
}

/** More than this late, a timer's wake-up means the wall clock moved forward. */
export const MAX_TIMER_LATE_MS = 5000;

/** A clock that reads session time `sessionMs` at wall time `wallMs`. */
export function startSessionClock(wallMs: number, sessionMs: number): SessionClock {
  return { offsetMs: sessionMs - wallMs, lastMs: sessionMs, dueAtMs: -1 };
}

/**
 * Session time at wall time `wallMs`; `timerFired`: read by the armed timer's callback (then at
 * least its delay really passed). Updates the clock in place (the watch reads it often).
 */
export function readSessionClock(clock: SessionClock, wallMs: number, timerFired: boolean): number {
  const candidate = wallMs + clock.offsetMs;
  const backwards = candidate < clock.lastMs;
  const forwards = clock.dueAtMs >= 0 && candidate > clock.dueAtMs + MAX_TIMER_LATE_MS;
  let now = candidate;
  if (backwards || forwards) now = timerFired && clock.dueAtMs > clock.lastMs ? clock.dueAtMs : clock.lastMs;
  clock.offsetMs = now - wallMs;
  clock.lastMs = now;
  return now;
}
