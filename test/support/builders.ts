// Builders for test data: one place that knows every field of a hold, so a new field is added once.
import type { HoldResult } from "../../common/result";

/** A complete 30 s left hold, rep 1, no bounce warnings, steadiness 80; `over` changes any field. */
export function hold(over: Partial<HoldResult> = {}): HoldResult {
  return { leg: "left", rep: 1, targetSeconds: 30, achievedMs: 30000, endedEarly: false, bounceAtMs: [], steadiness: 80, bouncingMs: 0, ...over };
}
