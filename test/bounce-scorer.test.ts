import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BounceDetector } from "../common/bounce";
import { generateHold, generateHoldSet } from "../model/holds";
import { warningTimes } from "../model/detector-run";
import { loadScorerDetector, scorerDetectorSource } from "../tools/bench-scorer-detector";
import { FEATURE_NAMES, auc, features, fitLogistic, probability } from "../tools/fit-bounce-scorer";

const holds = [
  generateHold(5, { kind: "bounce", envelope: "base" }),
  generateHold(6, { kind: "bounce-all", envelope: "wide", fsHz: 50 }),
  generateHold(7, { kind: "steady-regrip", envelope: "wide", fsHz: 25 }),
  generateHold(8, { kind: "bounce-late", envelope: "wide", fsHz: 12.5, filter: "iir-odr2" }),
];

describe("today's detector with a judge of its candidate runs (round seven)", () => {
  it("warns exactly as today's detector with no judge, and with a judge that lets every run warn under today's settling rules", async () => {
    const patched = await loadScorerDetector();
    for (const hold of holds) {
      const today = warningTimes(hold, new BounceDetector("normal"));
      patched.HOOK.judge = null;
      expect(warningTimes(hold, new patched.BounceDetector(1))).toEqual(today);
      patched.HOOK.judge = () => true;
      patched.HOOK.keepSettling = true;
      expect(warningTimes(hold, new patched.BounceDetector(1))).toEqual(today);
    }
    patched.HOOK.judge = null;
  });

  it("warns on no run the judge refuses, and gives the judge every feature of a candidate", async () => {
    const patched = await loadScorerDetector();
    const hold = holds[0];
    expect(warningTimes(hold, new BounceDetector("normal")).length).toBeGreaterThan(0);
    const seen: number[][] = [];
    const memory = { times: [NaN, NaN], length: [0, 0] };
    patched.HOOK.judge = (s, run) => {
      seen.push(features(s, run, patched.SLOTS, memory));
      return false;
    };
    expect(warningTimes(hold, new patched.BounceDetector(1))).toEqual([]);
    patched.HOOK.judge = null;
    expect(seen.length).toBeGreaterThan(0);
    for (const f of seen) {
      expect(f).toHaveLength(FEATURE_NAMES.length);
      for (const value of f) expect(Number.isFinite(value)).toBe(true);
    }
  });

  it("looser run rules give at least as many candidates", async () => {
    const patched = await loadScorerDetector();
    const count = () => {
      let n = 0;
      patched.HOOK.judge = () => (n++, false);
      for (const hold of holds) warningTimes(hold, new patched.BounceDetector(0.8));
      patched.HOOK.judge = null;
      return n;
    };
    const strict = count();
    patched.setConstant("MAX_INTERVAL_RATIO", 2);
    patched.setConstant("MIN_AMPLITUDE_RATIO", 0.2);
    const loose = count();
    patched.setConstant("MAX_INTERVAL_RATIO", 1.4);
    patched.setConstant("MIN_AMPLITUDE_RATIO", 0.45);
    expect(loose).toBeGreaterThan(strict);
    expect(() => patched.setConstant("NO_SUCH" as never, 1)).toThrow(/unknown constant/);
  });

  it("refuses a detector whose code the patches no longer fit", () => {
    const source = readFileSync(join(__dirname, "..", "common", "bounce.ts"), "utf8");
    expect(() => scorerDetectorSource(source)).not.toThrow();
    expect(() => scorerDetectorSource(source.replace("const STATE_SLOTS = CARRIED_SCORE + 1;", ""))).toThrow(
      /patch point/,
    );
  });
});

describe("the detector's own veto (round seven)", () => {
  const source = readFileSync(join(__dirname, "..", "common", "bounce.ts"), "utf8");
  const constant = (name: string) => {
    const match = new RegExp(`^const ${name} = (-?[0-9.]+);`, "m").exec(source);
    if (!match) throw new Error(`no ${name} in common/bounce.ts`);
    return Number(match[1]);
  };
  // The wide model at 25–100 Hz, where the veto is on, and its 12.5 Hz holds, where it is off.
  const wide = generateHoldSet(4, 60, "wide-4", "wide");

  it("holds back exactly the runs whose fitted score (the tool's features, the file's weights) is under the bar", async () => {
    const patched = await loadScorerDetector();
    const S = patched.SLOTS;
    const weights = [
      constant("SCORE_SIZE"),
      -constant("SCORE_SWING"),
      constant("SCORE_SIMILAR"),
      constant("SCORE_HELD"),
    ];
    const picked = [1, 5, 8, 11];
    expect(FEATURE_NAMES[11]).toBe(`seconds held (≤ ${constant("SCORE_HELD_MAX_S")})`);
    const memory = { times: [NaN, NaN], length: [0, 0] };
    let heldBack = 0;
    patched.HOOK.veto = (s, run) => {
      const f = features(s, run, S, memory);
      const score = picked.reduce((sum, j, i) => sum + weights[i] * f[j], 0);
      const refused = s[S.GAIN_DT] < 0.05 && score < constant("SCORE_BAR");
      if (refused) heldBack++;
      return refused;
    };
    for (const hold of wide) {
      const today = warningTimes(hold, new BounceDetector("normal"));
      expect(warningTimes(hold, new patched.BounceDetector(1))).toEqual(today);
    }
    patched.HOOK.veto = null;
    expect(heldBack).toBeGreaterThan(0);
  });

  it("warns at 12.5 Hz exactly as without it, and at 25–100 Hz no earlier than without it", async () => {
    const patched = await loadScorerDetector();
    let later = 0;
    for (const hold of wide) {
      const today = warningTimes(hold, new BounceDetector("normal"));
      patched.HOOK.veto = () => false;
      const without = warningTimes(hold, new patched.BounceDetector(1));
      if (hold.fsHz < 20) expect(today).toEqual(without);
      else if (today.join() !== without.join()) {
        later++;
        if (today.length > 0 && without.length > 0) expect(today[0]).toBeGreaterThanOrEqual(without[0]);
      }
    }
    patched.HOOK.veto = null;
    expect(later).toBeGreaterThan(0);
  });
});

describe("the scorer's fit", () => {
  it("recovers the weights of a logistic model from its own draws", () => {
    // Deterministic draws: x1, x2 on a grid, labels from a known model by a fixed pseudo-random sequence.
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const row = [4 * random() - 2, 4 * random() - 2];
      const p = 1 / (1 + Math.exp(-(1.5 * row[0] - 2 * row[1] + 0.5)));
      x.push(row);
      y.push(random() < p ? 1 : 0);
    }
    const model = fitLogistic(x, y, undefined, 1e-6);
    expect(model.weights[0]).toBeCloseTo(1.5, 0);
    expect(model.weights[1]).toBeCloseTo(-2, 0);
    expect(model.bias).toBeCloseTo(0.5, 0);
    expect(probability(model, [0, 0])).toBeCloseTo(1 / (1 + Math.exp(-model.bias)), 10);
  });

  it("weighs samples: a doubled sample weighs as two copies (without the ridge, which acts on unweighted standardised features)", () => {
    const x = [[0], [1], [2], [3], [1], [2]];
    const y = [0, 0, 1, 1, 1, 0];
    const copied = fitLogistic([...x, [3]], [...y, 1], undefined, 1e-12);
    const weighted = fitLogistic(x, y, [1, 1, 1, 2, 1, 1], 1e-12);
    expect(weighted.weights[0]).toBeCloseTo(copied.weights[0], 6);
    expect(weighted.bias).toBeCloseTo(copied.bias, 6);
  });

  it("ranks: AUC 1 when every bouncing candidate scores above every calm one, 0 when below, 0.5 half way", () => {
    expect(
      auc([
        [0.9, 1],
        [0.8, 1],
        [0.1, 0],
      ]),
    ).toBe(1);
    expect(
      auc([
        [0.1, 1],
        [0.9, 0],
      ]),
    ).toBe(0);
    expect(
      auc([
        [0.2, 1],
        [0.6, 1],
        [0.4, 0],
        [0.8, 0],
      ]),
    ).toBe(0.25);
  });
});

describe("tools/fit-bounce-scorer.ts", () => {
  const tool = (...args: string[]) =>
    spawnSync(join(__dirname, "..", "node_modules", ".bin", "tsx"), ["tools/fit-bounce-scorer.ts", ...args], {
      cwd: join(__dirname, ".."),
      encoding: "utf8",
    });

  it("prints its usage for --help and does nothing else", () => {
    const help = tool("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npx tsx tools\/fit-bounce-scorer.ts \[--help\] \[--scale S\]/);
    expect(help.stdout.trim().split("\n")).toHaveLength(1);
  });

  it("refuses a threshold scale that is not positive, with its usage", () => {
    const refused = tool("--scale", "0");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^fit-bounce-scorer: --scale needs a positive number\nusage: /);
  });
});
