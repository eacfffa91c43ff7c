import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BounceDetector } from "../common/bounce";
import { generateHold, generateHoldSet } from "../model/holds";
import { Samples, warningTimes } from "../model/detector-run";
import { loadScorerDetector } from "../tools/bench-scorer-detector";
import { mergeWarnings, runDirection } from "../tools/bench-direction";

/** Six tugs on the towel at 50 Hz, each `turnDeg` degrees round from the last in the horizontal plane. */
function turningTugs(turnDeg: number): Samples {
  const t: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  for (let k = 0; k < 1000; k++) {
    const tS = k / 50;
    let ax = 0;
    let ay = 0;
    for (let i = 0; i < 6; i++) {
      const u = (tS - 4 - 0.5 * i) / 0.3;
      if (u <= 0 || u >= 1) continue;
      const a = 3 * Math.sin(2 * Math.PI * u);
      const angle = (i * turnDeg * Math.PI) / 180;
      ax += a * Math.cos(angle);
      ay += a * Math.sin(angle);
    }
    t.push(k * 20);
    x.push(ax);
    y.push(ay);
    z.push(9.81);
  }
  return { t, x, y, z };
}

// The wide model at every rate, and a few base holds.
const holds = [...generateHoldSet(4, 60, "wide-4", "wide"), ...generateHoldSet(5, 26, "base-5", "base")];

describe("round ten's lobe directions in the patched detector", () => {
  it("warns exactly as the detector with its new parts idle, the vectors kept at the peak or at the crossing", async () => {
    const patched = await loadScorerDetector();
    for (const atPeak of [true, false]) {
      patched.KEPT_VECTOR.atPeak = atPeak;
      for (const hold of holds)
        expect(warningTimes(hold, new patched.BounceDetector(1))).toEqual(
          warningTimes(hold, new BounceDetector("normal")),
        );
    }
    patched.KEPT_VECTOR.atPeak = true;
  });

  it("measures a run along one line as alike (cosines near 1) and tugs turning 120° each as apart (under 0)", async () => {
    const patched = await loadScorerDetector();
    patched.KEPT_VECTOR.atPeak = false;
    patched.HOOK.directionRule = false;
    const seen = (samples: Samples) => {
      const mins: number[] = [];
      patched.HOOK.judge = (s, run) => (mins.push(runDirection(patched, s, run).min), true);
      warningTimes(samples, new patched.BounceDetector(1));
      patched.HOOK.judge = null;
      return mins;
    };
    const straight = seen(turningTugs(0));
    const turning = seen(turningTugs(120));
    patched.HOOK.directionRule = true;
    expect(straight.length).toBeGreaterThan(0);
    for (const min of straight) expect(min).toBeGreaterThan(0.95);
    expect(turning.length).toBeGreaterThan(0);
    for (const min of turning) expect(min).toBeLessThan(0);
  });

  it("is the detector's own rule: with it off, refusing runs whose lobes (at the crossing) are over 90° apart warns exactly as the detector", async () => {
    const patched = await loadScorerDetector();
    patched.KEPT_VECTOR.atPeak = false;
    let differs = 0;
    for (const hold of [...holds, { ...turningTugs(120), name: "turning" }]) {
      const today = warningTimes(hold, new BounceDetector("normal"));
      patched.HOOK.directionRule = false;
      if (warningTimes(hold, new patched.BounceDetector(1)).join() !== today.join()) differs++;
      patched.HOOK.judge = (s, run) => runDirection(patched, s, run).min >= 0;
      expect(warningTimes(hold, new patched.BounceDetector(1))).toEqual(today);
      patched.HOOK.judge = null;
      patched.HOOK.directionRule = true;
    }
    patched.KEPT_VECTOR.atPeak = true;
    expect(differs).toBeGreaterThan(0);
  });
});

describe("tools/bench-direction.ts", () => {
  it("merges two detectors' warnings: one within the refractory time (4 s) after a kept one is the same warning", () => {
    expect(mergeWarnings([1000, 9000], [3000, 5500, 20000])).toEqual([1000, 5500, 20000]);
    expect(mergeWarnings([], [2000])).toEqual([2000]);
  });

  it("prints its usage for --help and does nothing else", () => {
    const help = spawnSync(
      join(__dirname, "..", "node_modules", ".bin", "tsx"),
      ["tools/bench-direction.ts", "--help"],
      {
        cwd: join(__dirname, ".."),
        encoding: "utf8",
      },
    );
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npx tsx tools\/bench-direction.ts \[--help\] \[--sets N\]/);
    expect(help.stdout.trim().split("\n")).toHaveLength(1);
  });

  it("gives a fresh hold the same direction measure at every run whether or not other holds came before", async () => {
    const patched = await loadScorerDetector();
    const hold = generateHold(6, { kind: "bounce-all", envelope: "wide", fsHz: 50 });
    const mins = () => {
      const out: number[] = [];
      patched.HOOK.judge = (s, run) => (out.push(runDirection(patched, s, run).min), true);
      warningTimes(hold, new patched.BounceDetector(1));
      patched.HOOK.judge = null;
      return out;
    };
    const first = mins();
    warningTimes(turningTugs(120), new patched.BounceDetector(1));
    expect(mins()).toEqual(first);
    expect(first.length).toBeGreaterThan(0);
  });
});
