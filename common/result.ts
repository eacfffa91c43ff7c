// What one stretch session produced. Written to the watch's storage before it is sent,
// shown in the phone's history. ES5-safe: the watch imports it.
import { Leg, Routine } from "./routine-shape";

/** More bounce warnings than this in one hold are not plausible (the watch keeps the first ones). */
export const MAX_BOUNCES_PER_HOLD = 100;

export interface HoldResult {
  leg: Leg;
  /** 1-based repetition on this leg. */
  rep: number;
  targetSeconds: number;
  /** Time actually held, in ms, never more than the target. */
  achievedMs: number;
  /** The user ended the hold before the target (or the session stopped during it). */
  endedEarly: boolean;
  /** Bounce warnings, in ms since the hold started. */
  bounceAtMs: number[];
  /** Time of the hold spent bouncing, ms (0–achievedMs); -1 when unknown (a result from protocol version 1). */
  bouncingMs: number;
  /** 0–100, 100 = perfectly still; -1 when no motion data was available (sensor missing). */
  steadiness: number;
}

export interface SessionResult {
  /** Unique id: start time in base 36 plus a random suffix. */
  id: string;
  startedAt: number;
  endedAt: number;
  /** Every planned hold was started and the session reached "done". */
  completed: boolean;
  routine: Routine;
  holds: HoldResult[];
  /**
   * Minutes east of UTC where the session started (-new Date(startedAt).getTimezoneOffset() on the
   * watch): the session counts on the local date of its start, on both sides (docs/data-safety.md).
   */
  utcOffsetMinutes: number;
  /**
   * Set (true) only when the wearable recorded the session on a clock that was never set and could
   * not correct it later (docs/bangle.md): startedAt is then when the wearable found that out, and
   * the session happened at an unknown time before it. Absent on every other result.
   */
  timeUnknown?: boolean;
}

/** A hold shorter than this does not count (the article: hold 5–30 s). */
export const MIN_VALID_HOLD_MS = 5000;

export function plannedHolds(routine: Routine): number {
  return routine.repsPerLeg * 2;
}

/** What the done screen and the history show of a session's holds, counted in one pass. */
export interface HoldTotals {
  /** Holds of at least MIN_VALID_HOLD_MS. */
  valid: number;
  heldMs: number;
  bounces: number;
  /** Mean steadiness over holds that have a score, weighted by time held; -1 when none has one. */
  steadiness: number;
}

/** One loop for all four figures: on the watch every function costs heap, so they share it. */
export function holdTotals(holds: HoldResult[]): HoldTotals {
  const totals: HoldTotals = { valid: 0, heldMs: 0, bounces: 0, steadiness: -1 };
  let weighted = 0;
  let weight = 0;
  for (let i = 0; i < holds.length; i++) {
    const h = holds[i];
    if (h.achievedMs >= MIN_VALID_HOLD_MS) totals.valid++;
    totals.heldMs += h.achievedMs;
    totals.bounces += h.bounceAtMs.length;
    if (h.steadiness < 0 || h.achievedMs <= 0) continue;
    weighted += h.steadiness * h.achievedMs;
    weight += h.achievedMs;
  }
  if (weight > 0) totals.steadiness = Math.round(weighted / weight);
  return totals;
}

export function countValidHolds(result: Pick<SessionResult, "holds">): number {
  return holdTotals(result.holds).valid;
}

export function totalHoldMs(result: Pick<SessionResult, "holds">): number {
  return holdTotals(result.holds).heldMs;
}

export function countBounces(result: Pick<SessionResult, "holds">): number {
  return holdTotals(result.holds).bounces;
}

/** Mean steadiness over holds that have a score, weighted by time held; -1 when none has one. */
export function sessionSteadiness(result: Pick<SessionResult, "holds">): number {
  return holdTotals(result.holds).steadiness;
}

/** Ids must be unique across app restarts and watches; the random part is passed in to keep this pure. */
export function makeSessionId(startedAt: number, random: number): string {
  const suffix = Math.floor(random * 1679616); // 36^4
  return startedAt.toString(36) + "-" + ("0000" + suffix.toString(36)).slice(-4);
}

/**
 * A session's result from its fields, `holds` (all closed) and its end: the engine's (resultOf), and
 * the watch's home part's for a session saved when it ended, which it reads without the engine.
 */
export function sessionResult(
  s: Pick<SessionResult, "id" | "startedAt" | "completed" | "routine" | "utcOffsetMinutes">,
  holds: HoldResult[],
  endedAt: number,
): SessionResult {
  return {
    id: s.id,
    startedAt: s.startedAt,
    // Never before the start, whatever clock the end came from.
    endedAt: Math.max(s.startedAt, endedAt),
    completed: s.completed,
    routine: s.routine,
    holds: holds,
    utcOffsetMinutes: s.utcOffsetMinutes,
  };
}
