// Builders for test data: one place that knows every field of a hold, so a new field is added once.
import type { HoldResult, SessionResult } from "../../common/result";
import { encodeResultMessage } from "../../common/protocol";

/** A complete 30 s left hold, rep 1, no bounce warnings, steadiness 80; `over` changes any field. */
export function hold(over: Partial<HoldResult> = {}): HoldResult {
  return {
    leg: "left",
    rep: 1,
    targetSeconds: 30,
    achievedMs: 30000,
    endedEarly: false,
    bounceAtMs: [],
    steadiness: 80,
    bouncingMs: 0,
    ...over,
  };
}

/** `result` as the version-1 app wrote it: no time zone (8 fields), seven fields per hold (no bouncing time). */
export function asVersion1Message(result: SessionResult): unknown[] {
  const message = (encodeResultMessage(result) as unknown[]).slice(0, 8);
  message[0] = 1;
  message[7] = (message[7] as unknown[][]).map((h) => h.slice(0, 7));
  return message;
}
