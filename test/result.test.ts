import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTINE } from "../common/routine";
import {
  SessionResult,
  countBounces,
  countValidHolds,
  makeSessionId,
  sessionSteadiness,
  totalHoldMs,
  sessionResult,
} from "../common/result";
import { hold } from "./support/builders";

const result: SessionResult = {
  id: "x",
  startedAt: 0,
  endedAt: 100000,
  completed: false,
  routine: DEFAULT_ROUTINE,
  holds: [
    hold({}),
    hold({ rep: 2, achievedMs: 4000, endedEarly: true, steadiness: 20 }),
    hold({ rep: 3, achievedMs: 10000, bounceAtMs: [3000, 7000], steadiness: 40 }),
  ],
  utcOffsetMinutes: 0,
};

describe("session result summaries", () => {
  it("counts holds of at least 5 s as valid (the article: hold 5–30 s)", () => {
    expect(countValidHolds(result)).toBe(2);
  });
  it("adds up hold time and bounce warnings", () => {
    expect(totalHoldMs(result)).toBe(44000);
    expect(countBounces(result)).toBe(2);
  });
  it("weights steadiness by time held and skips holds without a score", () => {
    expect(sessionSteadiness(result)).toBe(Math.round((80 * 30000 + 20 * 4000 + 40 * 10000) / 44000));
    expect(sessionSteadiness({ ...result, holds: [hold({ steadiness: -1 })] })).toBe(-1);
  });
  it("makes ids from the start time and a random part", () => {
    expect(makeSessionId(1700000000000, 0)).toBe("loyw3v28-0000");
    expect(makeSessionId(1700000000000, 0.999999)).toMatch(/^loyw3v28-[0-9a-z]{4}$/);
    expect(makeSessionId(1, 0.5)).not.toBe(makeSessionId(1, 0.25));
  });
});

describe("sessionResult", () => {
  it("builds a result from a session's fields, its closed holds and its end, never ending before it started", () => {
    const fields = { id: "s1", startedAt: 1000, completed: false, routine: DEFAULT_ROUTINE, utcOffsetMinutes: 60 };
    const holds = [hold({ achievedMs: 30000 })];
    expect(sessionResult(fields, holds, 5000)).toEqual({ ...fields, endedAt: 5000, holds });
    expect(sessionResult(fields, holds, 500).endedAt).toBe(1000); // a clock set back meanwhile
    expect(sessionResult(fields, holds, 5000).holds).toBe(holds); // shared, not copied: the watch keeps each hold once
  });
});
