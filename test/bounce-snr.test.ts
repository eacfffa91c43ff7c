import { describe, expect, it } from "vitest";
import { BounceDetector } from "../common/bounce";
import { generateHold } from "../model/holds";
import { bandPassed, snrBucket, snrBucketName, tugSpan, tugToRestEnergy } from "../tools/bench-snr";

describe("a hold rendered without its tugs", () => {
  it("draws everything else the same: a calm hold without tugs is the same hold", () => {
    for (const envelope of ["base", "wide"] as const) {
      const steady = generateHold(77, { kind: "steady", envelope });
      expect(generateHold(77, { kind: "steady", envelope, withoutTugs: true })).toEqual(steady);
    }
  });

  it("differs from the full hold only while its tugs move the wrist", () => {
    const options = { kind: "bounce" as const, envelope: "wide" as const, fsHz: 50, bounceTugs: 6 };
    const full = generateHold(3, options);
    const tugless = generateHold(3, { ...options, withoutTugs: true });
    expect(tugless.t).toEqual(full.t);
    expect(tugless.bouts).toEqual(full.bouts);
    const bout = full.bouts[0];
    for (let i = 0; i < full.t.length; i++) {
      // The sensor's filter (first order at ODR/2 or a period average) lets a tug ring for well under 100 ms.
      if (full.t[i] < bout.startMs - 20 || full.t[i] > bout.endMs + 100) expect(tugless.x[i]).toBe(full.x[i]);
    }
    expect(tugless.x).not.toEqual(full.x);
  });

  it("has no unreadable samples when two time stamps fall into one step of the period average", () => {
    // Round five found NaN readings in 122 of the 2,340 wide tuning holds (100 Hz, jittery stamps).
    const hold = generateHold(437584093, { kind: "bounce-late", envelope: "wide" }); // wide tuning seed 12, hold 206
    expect(hold.x.concat(hold.y, hold.z).every((v) => isFinite(v))).toBe(true);
  });
});

describe("bout signal-to-noise ratio", () => {
  it("band-passes as the detector does: the same motion energy as its steadiness reports", () => {
    const hold = generateHold(8, { kind: "bounce", envelope: "wide", fsHz: 50 });
    const band = bandPassed(hold);
    let energy = 0;
    for (let i = 1; i < hold.t.length; i++) {
      const dt = (hold.t[i] - hold.t[i - 1]) / 1000;
      energy += (band[0][i] ** 2 + band[1][i] ** 2 + band[2][i] ** 2) * dt;
    }
    const seconds = (hold.t[hold.t.length - 1] - hold.t[0]) / 1000;
    const ratio = Math.sqrt(energy / seconds) / 0.5;
    const detector = new BounceDetector("normal");
    for (let i = 0; i < hold.t.length; i++) detector.push(hold.t[i], hold.x[i], hold.y[i], hold.z[i]);
    expect(detector.steadiness()).toBe(Math.round(100 / (1 + ratio * ratio)));
  });

  it("grows with the tugs' size and is measured over the tugs' span", () => {
    const ratios = [1, 3].map((size) => {
      const options = {
        kind: "bounce" as const,
        envelope: "base" as const,
        fsHz: 50,
        bounceHz: 2,
        // Small enough that no pull reaches the model's 1 g limit and is cut back.
        tugMetres: 0.003 * size,
        tugDegrees: 0.5 * size,
      };
      const full = generateHold(12, options);
      const tugless = generateHold(12, { ...options, withoutTugs: true });
      const [start, end] = tugSpan(full, tugless);
      expect(start).toBeGreaterThanOrEqual(full.bouts[0].startMs - 50);
      expect(end).toBeLessThanOrEqual(full.bouts[0].endMs + 1500);
      return tugToRestEnergy(full, tugless, full.bouts[0].startMs, full.bouts[0].endMs);
    });
    expect(ratios[0]).toBeGreaterThan(0);
    // Energy goes with the square of the size (3× the tug: 9× its energy; the tilt is not quite linear).
    expect(ratios[1] / ratios[0]).toBeGreaterThan(7);
    expect(ratios[1] / ratios[0]).toBeLessThan(11);
  });

  it("puts ratios in buckets by their lower edges", () => {
    expect(snrBucketName(snrBucket(0.1))).toBe("< 0.25");
    expect(snrBucketName(snrBucket(0.5))).toBe("0.5–1");
    expect(snrBucketName(snrBucket(100))).toBe("≥ 8");
  });
});
