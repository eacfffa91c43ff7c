// What one stretch session produced. Written to the watch's storage before it is sent,
// shown in the phone's history. ES5-safe: the watch imports it.
import { Leg, Routine } from "./routine-shape";
// The hold totals live in their own module, which only home's code imports on the watch (app/parts.ts):
// re-exported here for every other caller.
export type { HoldTotals } from "./hold-totals";
export {
  MIN_VALID_HOLD_MS,
  holdTotals,
  countValidHolds,
  totalHoldMs,
  countBounces,
  sessionSteadiness,
} from "./hold-totals";

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

export function plannedHolds(routine: Routine): number {
  return routine.repsPerLeg * 2;
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
