import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BounceDetector } from "../common/bounce";
import { generateHold } from "../model/holds";
import { warningTimes } from "../model/detector-run";
import {
  loadRhythmDetector,
  rhythmAlarms,
  rhythmAt,
  rhythmDetectorSource,
  rhythmTrace,
  type RhythmTrace,
} from "../tools/bench-rhythm-score";

/** `seconds` of samples at `hz`: x = f(t in s), y and z still (gravity on z). */
function samples(hz: number, seconds: number, f: (tS: number) => number) {
  const t: number[] = [];
  const x: number[] = [];
  for (let i = 0; i < hz * seconds; i++) {
    t.push((1000 * i) / hz);
    x.push(f(i / hz));
  }
  return { t, x, y: t.map(() => 0), z: t.map(() => 9.81) };
}

describe("rhythm score", () => {
  it("is close to 1 for a steady 2 Hz oscillation (a period of whole ticks), by every measure, and gives its band rms", () => {
    const trace = rhythmTrace(
      samples(50, 20, (t) => Math.sin(2 * Math.PI * 2 * t)),
      2.5,
    );
    const late = trace.tMs.findIndex((t) => t >= 15000);
    for (const score of ["peak", "comb", "twice"] as const) expect(trace[score][late]).toBeGreaterThan(0.9);
    // The band-pass passes most of 2 Hz: rms of a unit sine (0.71) less the high-pass stages and the ticks' averaging.
    expect(trace.rms[late]).toBeGreaterThan(0.5);
    expect(trace.rms[late]).toBeLessThan(0.75);
  });

  it("is causal: changing what comes later leaves the earlier scores alone", () => {
    const sine = (t: number) => Math.sin(2 * Math.PI * 2 * t);
    const first = rhythmTrace(samples(25, 12, sine), 2.5);
    const second = rhythmTrace(
      samples(25, 12, (t) => (t < 8 ? sine(t) : 0)),
      2.5,
    );
    const before = first.tMs.findIndex((t) => t >= 7900);
    expect(second.peak.slice(0, before)).toEqual(first.peak.slice(0, before));
    expect(second.peak[second.peak.length - 1]).not.toBe(first.peak[first.peak.length - 1]);
  });

  it("rises through a modelled bout of strong tugs above where it was before the bout", () => {
    // 12 tugs of 2.2 cm at 1.5 Hz; each of the model's tug intervals varies (here by a standard
    // deviation of 2–10 % of the period), so even this bout's score stays near 0.6, not 1.
    const hold = generateHold(21, { kind: "bounce", fsHz: 50, bounceHz: 1.5, bounceTugs: 12, tugMetres: 0.03 });
    const bout = hold.bouts[0];
    const trace = rhythmTrace(hold, 2.5);
    const most = (from: number, to: number) =>
      Math.max(...trace.peak.filter((_, i) => trace.tMs[i] >= from && trace.tMs[i] <= to));
    expect(most(bout.startMs, bout.endMs)).toBeGreaterThan(0.5);
    expect(most(bout.startMs, bout.endMs)).toBeGreaterThan(most(0, bout.startMs));
  });

  it("raises alarms at the bar and band-rms floor, one per refractory time", () => {
    const trace: RhythmTrace = {
      tMs: [0, 100, 200, 300, 4200, 4300],
      rms: [0.2, 0.2, 0.05, 0.2, 0.2, 0.2],
      peak: [0.5, 0.9, 0.9, 0.9, 0.9, 0.9],
      comb: [0, 0, 0, 0, 0, 0],
      twice: [0, 0, 0, 0, 0, 0],
    };
    expect(rhythmAlarms(trace, "peak", 0.8, 0.1, 4000)).toEqual([100, 4200]);
    expect(rhythmAlarms(trace, "comb", 0.8, 0.1, 4000)).toEqual([]);
    expect(rhythmAt(trace, "peak", 250)).toBe(0.9);
    expect(rhythmAt(trace, "peak", -1)).toBe(0);
  });
});

describe("today's detector with the rhythm wired in", () => {
  const holds = [
    generateHold(5, { kind: "bounce", envelope: "base" }),
    generateHold(6, { kind: "bounce-all", envelope: "wide", fsHz: 50 }),
    generateHold(7, { kind: "steady-regrip", envelope: "wide", fsHz: 25 }),
    generateHold(8, { kind: "bounce-late", envelope: "wide", fsHz: 12.5, filter: "iir-odr2" }),
  ];

  it("warns exactly as today's detector while the rhythm is off", async () => {
    const patched = await loadRhythmDetector();
    Object.assign(patched.RHYTHM, { veto: "off", bar: 0, tauS: 2.5, confirm: false });
    for (const hold of holds) {
      const today = warningTimes(hold, new BounceDetector("normal"));
      expect(warningTimes(hold, new patched.BounceDetector(1) as unknown as BounceDetector)).toEqual(today);
    }
  });

  it("warns on no run that the veto's bar refuses, and later with four-tug runs", async () => {
    const patched = await loadRhythmDetector();
    const hold = holds[0];
    const today = warningTimes(hold, new BounceDetector("normal"));
    expect(today.length).toBeGreaterThan(0);
    Object.assign(patched.RHYTHM, { veto: "period", bar: 2, tauS: 2.5, confirm: false });
    expect(warningTimes(hold, new patched.BounceDetector(1) as unknown as BounceDetector)).toEqual([]);
    Object.assign(patched.RHYTHM, { veto: "off", bar: 0, confirm: true });
    const confirmed = warningTimes(hold, new patched.BounceDetector(1) as unknown as BounceDetector);
    expect(confirmed.length).toBeGreaterThan(0);
    expect(confirmed[0]).toBeGreaterThan(today[0]);
  });

  it("refuses a detector whose code the patches no longer fit", () => {
    const source = readFileSync(join(__dirname, "..", "common", "bounce.ts"), "utf8");
    expect(() => rhythmDetectorSource(source)).not.toThrow();
    expect(() => rhythmDetectorSource(source.replace("const STATE_SLOTS = CARRIED_SCORE + 1;", ""))).toThrow(
      /patch anchor/,
    );
  });
});

describe("tools/bench-rhythm.ts", () => {
  const tool = (...args: string[]) =>
    spawnSync(join(__dirname, "..", "node_modules", ".bin", "tsx"), ["tools/bench-rhythm.ts", ...args], {
      cwd: join(__dirname, ".."),
      encoding: "utf8",
    });

  it("prints its usage for --help and does nothing else", () => {
    const help = tool("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npx tsx tools\/bench-rhythm.ts \[--help\] \[--sets N\] \[--tau S\]\n$/);
  });

  it("refuses a number of sets that is not positive, with its usage", () => {
    const refused = tool("--sets", "0");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^bench-rhythm: --sets needs a positive number\nusage: /);
  });
});
