import { describe, expect, it } from "vitest";
import { BounceDetector } from "../common/bounce";
import { generateHold } from "../model/holds";
import { warningTimes } from "../model/detector-run";
import { SHAPE, loadScorerDetector } from "../tools/bench-scorer-detector";
import { FEATURE_NAMES, FIRST_SHAPE_FEATURE, shapeFeatures } from "../tools/fit-bounce-scorer";
import { SHAPE_NAMES, parseRules, passes } from "../tools/bench-shape";

const holds = [
  generateHold(5, { kind: "bounce", envelope: "base" }),
  generateHold(6, { kind: "bounce-all", envelope: "wide", fsHz: 50 }),
  generateHold(7, { kind: "steady-regrip", envelope: "wide", fsHz: 25 }),
  generateHold(11, { kind: "bounce", envelope: "wide", fsHz: 100, shape: "asymmetric" }),
  generateHold(8, { kind: "bounce-late", envelope: "wide", fsHz: 12.5, filter: "iir-odr2" }),
];

/**
 * A steady bounce along x at `hz`, 50 Hz samples, gravity on z, after 6 s of calm: a wave that rises
 * from its trough to its crest in `rise` of the period and falls back in the rest (0.5: a sine), so
 * its positive lobes peak at about that share of their width and its negative ones at the rest
 * (`sign` -1: the other way round).
 */
function rhythm(hz: number, rise: number, sign = 1) {
  const t: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  for (let ms = 0; ms < 20000; ms += 20) {
    const u = ((ms / 1000) * hz) % 1;
    const wave = u < rise ? -Math.cos((Math.PI * u) / rise) : Math.cos((Math.PI * (u - rise)) / (1 - rise));
    t.push(ms);
    x.push(ms < 6000 ? 0 : 2 * sign * wave);
    y.push(0);
    z.push(9.81);
  }
  return { t, x, y, z };
}

describe("the detector following its lobes' shape (round ten)", () => {
  it("warns exactly as today's detector: the shape slots change no decision", async () => {
    const patched = await loadScorerDetector();
    for (const hold of holds) {
      expect(warningTimes(hold, new patched.BounceDetector(1))).toEqual(
        warningTimes(hold, new BounceDetector("normal")),
      );
    }
  });

  it("a shape veto that passes every run warns exactly as today's detector (the tool's veto keeps round seven's)", async () => {
    const patched = await loadScorerDetector();
    const S = patched.SLOTS;
    const tests = parseRules("0>-1");
    patched.HOOK.veto = (s, run) =>
      (s[S.GAIN_DT] < 0.05 && s[S.RUN_SCORE] < 6.2652) || !passes(tests, shapeFeatures(s, run, S));
    for (const hold of holds)
      expect(warningTimes(hold, new patched.BounceDetector(1))).toEqual(
        warningTimes(hold, new BounceDetector("normal")),
      );
    patched.HOOK.veto = null;
  });

  it("measures a sine bounce's lobes: like widths and gaps, half an interval wide, rising for half their width", async () => {
    const patched = await loadScorerDetector();
    const seen: number[][] = [];
    patched.HOOK.judge = (s, run) => (seen.push(shapeFeatures(s, run, patched.SLOTS)), true);
    expect(warningTimes(rhythm(2, 0.5), new patched.BounceDetector(1)).length).toBeGreaterThan(0);
    patched.HOOK.judge = null;
    expect(seen.length).toBeGreaterThan(1);
    // The first run still carries the band-pass's start from rest; the next ones are the steady bounce.
    const [widthRatio, riseDifference, gapRatio, widthOverInterval, riseShare] = seen[seen.length - 1];
    expect(widthRatio).toBeGreaterThan(0.95);
    expect(riseDifference).toBeLessThan(0.05);
    expect(gapRatio).toBeGreaterThan(0.9);
    expect(widthOverInterval).toBeCloseTo(0.5, 1);
    expect(riseShare).toBeCloseTo(0.5, 1);
  });

  it("tells a quick pull from a quick release: each side's lobes rise for the share of their width the wave's do", async () => {
    const patched = await loadScorerDetector();
    const S = patched.SLOTS;
    for (const rise of [0.2, 0.8]) {
      // One side's lobes peak at about a fifth of their width, the other side's at four fifths (which
      // side is which depends on the direction the detector projects on, whose sign is arbitrary).
      const runSide: number[] = [];
      const otherSide: number[] = [];
      patched.HOOK.judge = (s, run) => {
        runSide.push(shapeFeatures(s, run, S)[4]);
        const other = run === S.UP ? S.SHAPE_DOWN : S.SHAPE_UP;
        otherSide.push(s[other + SHAPE.RISES + 2] / s[other + SHAPE.WIDTHS + 2]);
        return true;
      };
      warningTimes(rhythm(1.5, rise), new patched.BounceDetector(1));
      patched.HOOK.judge = null;
      expect(runSide.length).toBeGreaterThan(1);
      // The band-pass rounds the shape (and the first run carries its start from rest), and being
      // causal it delays the wave's quicker parts less than its slower ones, so the two waves are no
      // mirror images (0.41 and 0.54 for a rise in a fifth, 0.43 and 0.51 in four fifths); the lean
      // survives it. The quick side's third lobe crosses the threshold first, so it makes the runs.
      for (let i = 1; i < runSide.length; i++) {
        expect(runSide[i]).toBeLessThan(0.45);
        expect(otherSide[i]).toBeGreaterThan(0.5);
        expect(otherSide[i] - runSide[i]).toBeGreaterThan(0.07);
      }
    }
  });

  it("names its features after the scorer's and refuses a rule it cannot read", () => {
    expect(SHAPE_NAMES).toEqual(FEATURE_NAMES.slice(FIRST_SHAPE_FEATURE));
    expect(SHAPE_NAMES[0]).toBe("lobe width ratio");
    expect(parseRules("0>0.5,1<0.2")).toEqual([
      [0, ">", 0.5],
      [1, "<", 0.2],
    ]);
    expect(passes(parseRules("0>0.5,1<0.2"), [0.6, 0.1, 0, 0, 0])).toBe(true);
    expect(passes(parseRules("0>0.5,1<0.2"), [0.6, 0.3, 0, 0, 0])).toBe(false);
    expect(() => parseRules("9>1")).toThrow(/bad rule/);
    expect(() => parseRules("0=1")).toThrow(/bad rule/);
  });
});
