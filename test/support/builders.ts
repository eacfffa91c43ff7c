// Builders for test data: one place that knows every field of a hold, so a new field is added once.
import type { HoldResult, SessionResult } from "../../common/result";
import { encodeResultMessage } from "../../common/protocol";
import { DEFAULT_ROUTINE } from "../../common/routine";
import { decode, encode } from "cbor-x";
import type { IncomingFile } from "../../companion/phone-services";

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

/** A completed session of the default routine (3 × 30 s a leg, all held) started at `startedAt`, UTC+1. */
export function completedSession(id: string, startedAt: number): SessionResult {
  const holds: HoldResult[] = [];
  for (const leg of ["left", "right"] as const) for (let rep = 1; rep <= 3; rep++) holds.push(hold({ leg, rep }));
  return {
    id,
    startedAt,
    endedAt: startedAt + 300000,
    completed: true,
    routine: DEFAULT_ROUTINE,
    holds,
    utcOffsetMinutes: 60,
  };
}

/** `result` as the version-1 app wrote it: no time zone (8 fields), seven fields per hold (no bouncing time). */
export function asVersion1Message(result: SessionResult): unknown[] {
  const message = (encodeResultMessage(result) as unknown[]).slice(0, 8);
  message[0] = 1;
  message[7] = (message[7] as unknown[][]).map((h) => h.slice(0, 7));
  return message;
}

/** A file in the phone's inbox carrying `payload` as CBOR, as the watch's transfer delivers it. */
export function fileOf(name: string, payload: unknown): IncomingFile {
  const bytes = encode(payload);
  return { name, cbor: async () => decode(bytes) };
}
