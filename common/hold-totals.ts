// What the done screen and the history show of a session's holds. Its own module (re-exported by
// result.ts) so that the watch's session part, which imports result.ts, does not load it: rollup puts a
// module in the file both parts load only when both use it (docs/watches.md, "Heap, round eleven").
// ES5-safe: the watch imports it.
import type { HoldResult, SessionResult } from "./result";

/** A hold shorter than this does not count (the article: hold 5–30 s). */
export const MIN_VALID_HOLD_MS = 5000;

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
