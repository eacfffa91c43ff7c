// Round six of issue 14: a rhythm score for the bounce detector's band-passed signal, and today's
// detector with that score wired in (for tools/bench-rhythm.ts).
//
// Bouncing is a rhythm (4+ tugs at a steady period); a hold's wobble, tremor and grip adjustments
// are not meant to be. The score is a running autocorrelation of the detector's band-passed,
// projected signal, decimated to TICK_S steps, at lags that cover one period of 0.7–3 Hz, normalised
// by the signal's energy: r(L) = C(L) / C(0), each C an exponential average over RHYTHM_TAU_S.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Samples } from "../model/detector-run";
import { bandPassed } from "./bench-snr";

/** Decimated stream: one value per tick, the mean of the samples in it (10 Hz: 0.7–3 Hz periods are 3–14 ticks). */
export const TICK_S = 0.1;
export const MIN_LAG = 3;
export const MAX_LAG = 14;
/** The detector's dominant direction (common/bounce.ts DIRECTION_TAU_S). */
const DIRECTION_TAU_S = 1.0;

/** Rhythm scores at each tick of the decimated stream, with the band rms (of the projection). */
export interface RhythmTrace {
  tMs: number[];
  rms: number[];
  /** max over one-period lags L of r(L): the signal repeats after some period */
  peak: number[];
  /** max over L of (r(L) − r(L/2)) / 2: in phase after a period, out of phase after half of one (1 for a sine) */
  comb: number[];
  /** max over L of min(r(L), r(2L)): in phase after one period and after two */
  twice: number[];
}
export type RhythmScore = keyof Omit<RhythmTrace, "tMs" | "rms">;
export const RHYTHM_SCORES: RhythmScore[] = ["peak", "comb", "twice"];

/** The detector's band-pass and dominant direction, then the rhythm scores, causally (a score uses only samples before it). */
export function rhythmTrace(samples: Samples, tauS: number): RhythmTrace {
  const band = bandPassed(samples);
  const cov = [0, 0, 0, 0, 0, 0];
  const dir = [1, 0, 0];
  const lags = 2 * MAX_LAG;
  const delay = new Float64Array(lags + 1);
  const corr = new Float64Array(lags + 1);
  const out: RhythmTrace = { tMs: [], rms: [], peak: [], comb: [], twice: [] };
  const gain = 1 - Math.exp(-TICK_S / tauS);
  let bin = NaN;
  let sum = 0;
  let count = 0;
  let ticks = 0;
  for (let i = 0; i < samples.t.length; i++) {
    const dt = i === 0 ? 0 : (samples.t[i] - samples.t[i - 1]) / 1000;
    const v = [band[0][i], band[1][i], band[2][i]];
    if (dt > 0) {
      const g = 1 - Math.exp(-dt / DIRECTION_TAU_S);
      const products = [v[0] * v[0], v[0] * v[1], v[0] * v[2], v[1] * v[1], v[1] * v[2], v[2] * v[2]];
      for (let k = 0; k < 6; k++) cov[k] += g * (products[k] - cov[k]);
      const n = [
        cov[0] * dir[0] + cov[1] * dir[1] + cov[2] * dir[2],
        cov[1] * dir[0] + cov[3] * dir[1] + cov[4] * dir[2],
        cov[2] * dir[0] + cov[4] * dir[1] + cov[5] * dir[2],
      ];
      const length = Math.hypot(n[0], n[1], n[2]);
      if (length >= 1e-12) for (let k = 0; k < 3; k++) dir[k] = n[k] / length;
    }
    const projected = v[0] * dir[0] + v[1] * dir[1] + v[2] * dir[2];
    const b = Math.floor(samples.t[i] / 1000 / TICK_S);
    if (b !== bin && count > 0) {
      delay.copyWithin(1, 0, lags);
      delay[0] = sum / count;
      ticks++;
      const g = Math.max(gain, 1 / ticks);
      for (let l = 0; l <= lags; l++) corr[l] += g * (delay[0] * delay[l] - corr[l]);
      const c0 = corr[0] || 1e-12;
      let peak = -1;
      let comb = -1;
      let twice = -1;
      for (let l = MIN_LAG; l <= MAX_LAG; l++) {
        peak = Math.max(peak, corr[l] / c0);
        comb = Math.max(comb, (corr[l] - corr[Math.round(l / 2)]) / (2 * c0));
        twice = Math.max(twice, Math.min(corr[l], corr[2 * l]) / c0);
      }
      // Until the delay line is full the longest lags compare with zeros: no score yet.
      const ready = ticks > lags;
      out.tMs.push(samples.t[i]);
      out.rms.push(Math.sqrt(corr[0]));
      out.peak.push(ready ? peak : 0);
      out.comb.push(ready ? comb : 0);
      out.twice.push(ready ? twice : 0);
      sum = count = 0;
    }
    bin = b;
    sum += projected;
    count++;
  }
  return out;
}

/** Alarm times: the score at or above `bar` while the band rms is at or above `floorRms`, one per `refractoryMs`. */
export function rhythmAlarms(
  trace: RhythmTrace,
  score: RhythmScore,
  bar: number,
  floorRms: number,
  refractoryMs: number,
): number[] {
  const times: number[] = [];
  let until = -Infinity;
  for (let i = 0; i < trace.tMs.length; i++) {
    if (trace.tMs[i] < until || trace[score][i] < bar || trace.rms[i] < floorRms) continue;
    times.push(trace.tMs[i]);
    until = trace.tMs[i] + refractoryMs;
  }
  return times;
}

/** The score at a time: the last tick at or before it (0 before the first). */
export function rhythmAt(trace: RhythmTrace, score: RhythmScore, tMs: number): number {
  let lo = 0;
  let hi = trace.tMs.length - 1;
  if (hi < 0 || trace.tMs[0] > tMs) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (trace.tMs[mid] <= tMs) lo = mid;
    else hi = mid - 1;
  }
  return trace[score][lo];
}

/**
 * How the rhythm enters today's detector (common/bounce.ts, patched at load time so that these
 * figures always measure the current detector): `veto` — a run warns only when r at the run's own
 * tug interval (`"period"`), the smaller of r at one and two intervals (`"twice"`) or the best
 * one-period r (`"max"`) reaches `bar`; `confirm` — every run
 * waits for one more tug, as in the settling seconds (four tugs instead of three).
 */
export interface RhythmOptions {
  veto: "off" | "period" | "twice" | "max";
  bar: number;
  tauS: number;
  confirm: boolean;
}
export interface RhythmDetector {
  reset(sensitivity?: number): void;
  push(tMs: number, x: number, y: number, z: number): boolean;
}
export interface RhythmDetectorModule {
  RHYTHM: RhythmOptions;
  BounceDetector: new (sensitivity: number) => RhythmDetector;
}

/** [anchor in common/bounce.ts, its replacement]: each anchor must occur exactly once. */
const PATCHES: Array<[string, string]> = [
  [
    "const STATE_SLOTS = CARRIED_SCORE + 1;",
    `const RHYTHM_LAGS = ${2 * MAX_LAG + 1};
const RHYTHM_DELAY = CARRIED_SCORE + 1;
const RHYTHM_CORR = RHYTHM_DELAY + RHYTHM_LAGS + 1;
const RHYTHM_BIN = RHYTHM_CORR + RHYTHM_LAGS + 1;
const RHYTHM_SUM = RHYTHM_BIN + 1;
const RHYTHM_COUNT = RHYTHM_BIN + 2;
const RHYTHM_TICKS = RHYTHM_BIN + 3;
const STATE_SLOTS = RHYTHM_BIN + 4;
export const RHYTHM = { veto: "off", bar: 0, tauS: 2.5, confirm: false };
function rhythmTick(s: Float64Array, value: number): void {
  for (let l = RHYTHM_LAGS; l > 0; l--) s[RHYTHM_DELAY + l] = s[RHYTHM_DELAY + l - 1];
  s[RHYTHM_DELAY] = value;
  s[RHYTHM_TICKS]++;
  const g = Math.max(1 - Math.exp(-${TICK_S} / RHYTHM.tauS), 1 / s[RHYTHM_TICKS]);
  for (let l = 0; l <= RHYTHM_LAGS; l++) s[RHYTHM_CORR + l] += g * (value * s[RHYTHM_DELAY + l] - s[RHYTHM_CORR + l]);
}
function rhythmPasses(s: Float64Array, run: number): boolean {
  if (RHYTHM.veto === "off") return true;
  const c0 = s[RHYTHM_CORR] || 1e-12;
  if (RHYTHM.veto === "max") {
    let best = -1;
    for (let l = ${MIN_LAG}; l <= ${MAX_LAG}; l++) best = Math.max(best, s[RHYTHM_CORR + l] / c0);
    return best >= RHYTHM.bar;
  }
  const lag = (s[run + NEWEST_TIME] - s[run + TIMES]) / NEWEST / ${TICK_S};
  const r = RHYTHM.veto === "twice" ? Math.min(rhythmAtLag(s, lag), rhythmAtLag(s, 2 * lag)) : rhythmAtLag(s, lag);
  return r / c0 >= RHYTHM.bar;
}
/** C at a fractional lag (ticks), interpolated; beyond the delay line as C(0) (no veto). */
function rhythmAtLag(s: Float64Array, lag: number): number {
  const lo = Math.floor(lag);
  if (lo + 1 > RHYTHM_LAGS) return s[RHYTHM_CORR];
  const f = lag - lo;
  return (1 - f) * s[RHYTHM_CORR + lo] + f * s[RHYTHM_CORR + lo + 1];
}`,
  ],
  [
    "    s[THRESHOLD] = s[SCALE] * Math.max(",
    `    const rhythmBin = Math.floor(tS / ${TICK_S});
    if (rhythmBin !== s[RHYTHM_BIN] && s[RHYTHM_COUNT] > 0) {
      rhythmTick(s, s[RHYTHM_SUM] / s[RHYTHM_COUNT]);
      s[RHYTHM_SUM] = s[RHYTHM_COUNT] = 0;
    }
    s[RHYTHM_BIN] = rhythmBin;
    s[RHYTHM_SUM] += projected;
    s[RHYTHM_COUNT]++;
    s[THRESHOLD] = s[SCALE] * Math.max(`,
  ],
  [
    "      const run = isRun(s, UP) ? UP : isRun(s, DOWN) ? DOWN : 0;",
    `      let run = isRun(s, UP) ? UP : isRun(s, DOWN) ? DOWN : 0;
      if (run && !rhythmPasses(s, run)) run = 0;`,
  ],
  ["      const settling =\n", "      const settling =\n        RHYTHM.confirm ||\n"],
  [
    "    s[MOTION_ENERGY] = s[MOTION_TIME] = s[BOUT_OPEN] = s[BOUTS_S] = 0;\n",
    `    s[MOTION_ENERGY] = s[MOTION_TIME] = s[BOUT_OPEN] = s[BOUTS_S] = 0;
    for (let i = RHYTHM_DELAY; i < STATE_SLOTS; i++) s[i] = 0;
    s[RHYTHM_BIN] = -1;
`,
  ],
];

/** common/bounce.ts with the rhythm wired in; throws when an anchor is not there exactly once (the detector changed). */
export function rhythmDetectorSource(source: string): string {
  let patched = source;
  for (const [anchor, replacement] of PATCHES) {
    const at = patched.indexOf(anchor);
    if (at < 0 || patched.indexOf(anchor, at + 1) >= 0)
      throw new Error(`bench-rhythm: common/bounce.ts changed, the patch anchor is not there once: ${anchor.trim()}`);
    patched = patched.slice(0, at) + replacement + patched.slice(at + anchor.length);
  }
  return patched;
}

/** Loads today's detector with the rhythm wired in (written to a temporary file, imported, and the file removed). */
export async function loadRhythmDetector(): Promise<RhythmDetectorModule> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const source = rhythmDetectorSource(readFileSync(join(root, "common", "bounce.ts"), "utf8"));
  const folder = mkdtempSync(join(tmpdir(), "steady-hold-rhythm-"));
  const file = join(folder, "bounce-rhythm.ts");
  writeFileSync(file, source);
  try {
    return (await import(pathToFileURL(file).href)) as RhythmDetectorModule;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
