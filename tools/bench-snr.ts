// How far a modelled bout stands out of its hold's own motion, measured from the model itself, not
// from the detector: the hold is rendered a second time without its tugs (same seed, same draws),
// both renderings go through the detector's band-pass (and, behind Bangle.js 2's ODR/9 filter,
// through that filter's inverse first, as the detector's input does), and over the bout's span
// [start, end] the tugs' energy (full − tugless, summed over the three axes) is divided by the
// tugless rendering's energy (wobble, tremor, breathing, settling, re-grips, noise) in the same samples.
// A bout with a ratio well under 1 is one no detector could tell from the wobble without warning
// on the wobble as often; a missed bout with a high ratio is one the detector's rules lose.
import type { Samples } from "../model/detector-run";

/** The detector's band (common/bounce.ts): two one-pole high-pass stages and a Butterworth low-pass, per sample step. */
const HIGH_PASS_HZ = 0.6;
const LOW_PASS_HZ = 3.5;
const MAX_CORNER_SHARE = 0.45;
const MAX_GAP_S = 1.0;

/** Each axis band-passed as the detector does it (restarting after a gap of more than 1 s). */
export function bandPassed(samples: Samples): [Float64Array, Float64Array, Float64Array] {
  const n = samples.t.length;
  const out: [Float64Array, Float64Array, Float64Array] = [
    new Float64Array(n),
    new Float64Array(n),
    new Float64Array(n),
  ];
  const axes = [samples.x, samples.y, samples.z];
  const high1 = [0, 0, 0];
  const high2 = [0, 0, 0];
  const low1 = [0, 0, 0];
  const low2 = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const dt = i === 0 ? Infinity : (samples.t[i] - samples.t[i - 1]) / 1000;
    if (!(dt <= MAX_GAP_S)) {
      for (let a = 0; a < 3; a++) {
        high1[a] = axes[a][i];
        high2[a] = low1[a] = low2[a] = 0;
      }
      continue;
    }
    if (dt <= 0) continue;
    const highGain = 1 - Math.exp(-dt * 2 * Math.PI * HIGH_PASS_HZ);
    const g = Math.tan(Math.PI * Math.min(LOW_PASS_HZ * dt, MAX_CORNER_SHARE));
    const a1 = 1 / (1 + g * (g + Math.SQRT2));
    const a2 = g * a1;
    const a3 = g * a2;
    for (let a = 0; a < 3; a++) {
      high1[a] += highGain * (axes[a][i] - high1[a]);
      const passed = axes[a][i] - high1[a];
      high2[a] += highGain * (passed - high2[a]);
      const input = passed - high2[a] - low2[a];
      const band = low2[a] + a2 * low1[a] + a3 * input;
      low1[a] = 2 * (a1 * low1[a] + a2 * input) - low1[a];
      low2[a] = 2 * band - low2[a];
      out[a][i] = band;
    }
  }
  return out;
}

/**
 * Tug energy over the rest's energy in the detector's band, over [startMs, endMs], from the full
 * rendering and the one without tugs (the same sample times).
 */
export function tugToRestEnergy(full: Samples, tugless: Samples, startMs: number, endMs: number): number {
  const withTugs = bandPassed(full);
  const rest = bandPassed(tugless);
  let tugEnergy = 0;
  let restEnergy = 0;
  for (let i = 0; i < full.t.length; i++) {
    if (full.t[i] < startMs || full.t[i] > endMs) continue;
    for (let a = 0; a < 3; a++) {
      const tug = withTugs[a][i] - rest[a][i];
      tugEnergy += tug * tug;
      restEnergy += rest[a][i] * rest[a][i];
    }
  }
  return restEnergy > 0 ? tugEnergy / restEnergy : Infinity;
}

/** SNR buckets (energy ratio): lower edges. */
export const SNR_EDGES = [0, 0.25, 0.5, 1, 2, 4, 8];

export function snrBucket(snr: number): number {
  let bucket = 0;
  for (let i = 1; i < SNR_EDGES.length; i++) if (snr >= SNR_EDGES[i]) bucket = i;
  return bucket;
}

export function snrBucketName(bucket: number): string {
  const lo = SNR_EDGES[bucket];
  return bucket === 0
    ? `< ${SNR_EDGES[1]}`
    : bucket === SNR_EDGES.length - 1
      ? `≥ ${lo}`
      : `${lo}–${SNR_EDGES[bucket + 1]}`;
}

/** The span (ms) where the tugs' band-passed motion (full − tugless) is above 5 % of its peak. */
export function tugSpan(full: Samples, tugless: Samples): [number, number] {
  const withTugs = bandPassed(full);
  const rest = bandPassed(tugless);
  const size: number[] = [];
  let peak = 0;
  for (let i = 0; i < full.t.length; i++) {
    let sum = 0;
    for (let a = 0; a < 3; a++) sum += (withTugs[a][i] - rest[a][i]) ** 2;
    size.push(Math.sqrt(sum));
    if (size[i] > peak) peak = size[i];
  }
  let first = -1;
  let last = -1;
  for (let i = 0; i < size.length; i++) {
    if (size[i] <= 0.05 * peak) continue;
    if (first < 0) first = i;
    last = i;
  }
  return first < 0 ? [0, -1] : [full.t[first], full.t[last]];
}
