import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTINE } from "../common/routine";
import {
  SessionResult,
  countBounces,
  countValidHolds,
  makeSessionId,
  sessionSteadiness,
  totalHoldMs,
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
