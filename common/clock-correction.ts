// Sessions recorded on a wearable clock that was never set (Bangle.js 2 after a power loss counts
// from 1970: Espruino keeps the time across resets in RAM that a power loss clears), and how they
// are placed in time once the clock is set. Pure and ES5-safe (the Bangle app runs it); time passed in.
//
// The rule (docs/bangle.md): a correction — the clock moved by deltaMs, from unset to set — seen by
// the app applies to the results recorded on the same unset clock, i.e. since that clock last
// started from zero (one "timeline"). A result from an earlier timeline (the power went between),
// or one whose correction the app did not see (the clock was set while the app was not running),
// cannot be placed: it is sent with its time marked unknown instead of a made-up time.
import { SessionResult } from "./result";
import { MIN_TIMESTAMP_MS } from "./gatt-profile";
import { MAX_TIMER_LATE_MS } from "./session";

/** A clock reading before this cannot be a set clock: the profile's earliest time, 2020-01-01. */
export const CLOCK_SET_FROM_MS = MIN_TIMESTAMP_MS;

export function isClockSet(wallMs: number): boolean {
  return wallMs >= CLOCK_SET_FROM_MS;
}

/**
 * One run of the unset clock, from zero until it is set or lost. `number` tells runs apart;
 * `latestMs` is the latest reading of this run the app has noted: a later reading below it means
 * the clock started again from zero (a power loss) — a new timeline.
 */
export interface ClockTimeline {
  number: number;
  latestMs: number;
}

/** The timeline after noting the unset clock's reading `wallMs` (`known`: as last noted, or null). */
export function noteUnsetClock(known: ClockTimeline | null, wallMs: number): ClockTimeline {
  if (known === null) return { number: 1, latestMs: wallMs };
  if (wallMs < known.latestMs) return { number: known.number + 1, latestMs: wallMs };
  return { number: known.number, latestMs: wallMs };
}

/** A result recorded on the unset clock, and the timeline it was recorded on. */
export interface UnplacedResult {
  timeline: number;
  result: SessionResult;
}

/** The result moved by `deltaMs` (its holds carry only times relative to their start). */
export function shiftResult(result: SessionResult, deltaMs: number): SessionResult {
  return {
    id: result.id,
    startedAt: result.startedAt + deltaMs,
    endedAt: result.endedAt + deltaMs,
    completed: result.completed,
    routine: result.routine,
    holds: result.holds,
    utcOffsetMinutes: result.utcOffsetMinutes,
  };
}

/**
 * The result with its time marked unknown: it ends at `foundAtMs` (the set clock's time when the
 * app found it could not place it; the session happened at some time before), with its duration,
 * in the set clock's zone `utcOffsetMinutes`.
 */
export function timeUnknownResult(result: SessionResult, foundAtMs: number, utcOffsetMinutes: number): SessionResult {
  const duration = Math.max(0, result.endedAt - result.startedAt);
  const placed = shiftResult(result, foundAtMs - duration - result.startedAt);
  placed.utcOffsetMinutes = utcOffsetMinutes;
  placed.timeUnknown = true;
  return placed;
}

/**
 * Where an unplaced result goes when the clock is set at `nowMs` in zone `utcOffsetMinutes`: moved
 * by the correction `deltaMs` seen on timeline `timeline` (null when no correction was seen), or
 * marked unknown. Either way it takes the set clock's zone: the unset clock's (often 0 after a
 * power loss) says nothing about where the session took place.
 */
export function placeResult(
  unplaced: UnplacedResult,
  timeline: number,
  deltaMs: number | null,
  nowMs: number,
  utcOffsetMinutes: number,
): SessionResult {
  if (deltaMs !== null && unplaced.timeline === timeline) {
    const moved = shiftResult(unplaced.result, deltaMs);
    moved.utcOffsetMinutes = utcOffsetMinutes;
    // A correction that leaves it unset or in the future (beyond how late a jump can be seen) cannot
    // be right: unknown rather than wrong.
    if (isClockSet(moved.startedAt) && moved.endedAt <= nowMs + MAX_TIMER_LATE_MS) return moved;
  }
  return timeUnknownResult(unplaced.result, nowMs, utcOffsetMinutes);
}
