// Streaming bounce detector for one hold, fed the wrist accelerometer (m/s², gravity included).
// ES5-safe and allocation-free per sample: the watch runs this exact code on a 64 KB heap.
//
// Method: each axis is band-passed to the bouncing band (two one-pole high-pass stages at 0.6 Hz
// remove gravity, drift and most breathing tilt; two one-pole low-pass stages at 3.5 Hz remove
// tremor and noise). The filters use each sample's own time step, so any rate and jittery time
// stamps work. The band-passed vector is projected on its dominant direction (one power-iteration
// step per sample on a running covariance), which makes the signal independent of how the watch
// sits on the wrist. Lobes of that signal above a threshold (3 × the calm background, learnt while
// nothing happens) are candidate tugs, counted per polarity. A warning fires when three lobes of one
// polarity come at intervals of 0.25–1.7 s (bouncing is 0.7–3 Hz) that agree within 1.5×, have
// similar sizes, and each follows a swing the other way — the first one too: that is what tells
// three tugs of a run from two pulls in a row, whose side lobes also make three rhythmic lobes but
// start from rest. Then the detector is quiet for a refractory time. A re-grip is one big swing.
import { Sensitivity } from "./routine";

const TWO_PI = 2 * Math.PI;
/** Band edges of the bouncing band (0.7–3 Hz tugs, with margin). */
const HIGH_PASS_TAU_S = 1 / (TWO_PI * 0.6);
const LOW_PASS_TAU_S = 1 / (TWO_PI * 3.5);
/** Running covariance for the dominant direction: long enough to span a tug, short enough to follow it. */
const DIRECTION_TAU_S = 1.0;
/** The calm background is learnt slowly and only while no tug is in progress. */
const BACKGROUND_TAU_S = 3.0;
const BACKGROUND_QUIET_S = 1.5;
/** A sample's energy counts at most this many times the current background (one spike cannot inflate it). */
const BACKGROUND_CLIP = 4;
const INITIAL_BACKGROUND_RMS = 0.05;

/** Tug intervals that can be bouncing: 3 Hz … 0.7 Hz, with room for irregular rhythm. */
const MIN_INTERVAL_S = 0.25;
const MAX_INTERVAL_S = 1.7;
/** Lobes in a run: three, so that the warning comes with the third tug. */
const LOBES = 3;
/** Longest interval over shortest interval among the counted tugs. */
const MAX_INTERVAL_RATIO = 1.5;
/** Smallest tug over biggest tug among the counted tugs. */
const MIN_AMPLITUDE_RATIO = 0.35;
/** A lobe counts only when it reaches this share of the previous one (suppresses a tug's side lobes). */
const SIDE_LOBE_SHARE = 0.3;
/** The newest lobe must reach this share of the smaller earlier one (a noise lobe cannot complete a run). */
const NEWEST_LOBE_SHARE = 0.6;
/**
 * Each lobe must follow a swing the other way of this share of the lobes. Two pulls in a row make
 * three lobes of their side lobes, but nothing swings before the first one; three tugs of a run do.
 */
const SWING_SHARE = 0.3;
const REFRACTORY_S = 4.0;
/** A gap longer than this (sensor paused) restarts the filters. */
const MAX_GAP_S = 1.0;

/** Threshold = max(floor, factor × background rms), both scaled by sensitivity. */
const THRESHOLD_FLOOR = 0.15;
const THRESHOLD_FACTOR = 3.0;
const SENSITIVITY_SCALE: { [S in Sensitivity]: number } = { low: 1.3, normal: 1, high: 0.85 };

/** Steadiness: 100 / (1 + (rms / STEADINESS_HALF_RMS)²) of the band-passed motion since reset. */
const STEADINESS_HALF_RMS = 0.5;
const STEADINESS_MIN_S = 1.0;

function scaleOf(sensitivity: Sensitivity): number {
  const scale = SENSITIVITY_SCALE[sensitivity];
  return typeof scale === "number" ? scale : 1;
}

// All state lives in one Float64Array, addressed by the slot numbers below. Why: the watch bundle
// has a size budget and a minifier cannot shorten property names, while `state[SLOT]` minifies to
// `s[12]`; a typed array also stores numbers unboxed, so updating it allocates nothing (closure
// variables holding fractions would allocate a heap number per store in V8).
const SCALE = 0;
const STARTED = 1;
const LAST_T = 2;
/** Filter gains, cached for the last time step (most steps repeat). */
const GAIN_DT = 3;
const HIGH_GAIN = 4;
const LOW_GAIN = 5;
const DIRECTION_GAIN = 6;
const BACKGROUND_GAIN = 7;
/** Current sample per axis (x, y, z), then per axis: two high-pass stages (their internal low-pass), two low-pass stages. */
const SAMPLE = 8;
const HIGH_1 = 11;
const HIGH_2 = 14;
const LOW_1 = 17;
const LOW_2 = 20;
/** Running covariance of the band-passed vector (xx, xy, xz, yy, yz, zz) and its dominant direction (x, y, z). */
const COVARIANCE = 23;
const DIRECTION = 29;
const BACKGROUND = 32;
const QUIET_UNTIL = 33;
const REFRACTORY_UNTIL = 34;
const MOTION_ENERGY = 35;
const MOTION_TIME = 36;
/** Inputs of the lobe counters for the current sample (passing fractions as arguments would box them). */
const NOW_S = 37;
const PROJECTED = 38;
const THRESHOLD = 39;
/** The two lobe counters (positive and negative polarity), LOBE_SLOTS each. */
const UP = 40;

// Slots of one lobe counter, relative to its base. Each lobe remembers how deep the signal swung the
// other way before it: a run of tugs is an oscillation, so every lobe of the run, the first one
// included, follows a swing to the other side.
/** Start time of the newest lobe, -Infinity before the first one. */
const LAST_LOBE = 0;
const ARMED = 1;
const IN_LOBE = 2;
/** Deepest swing to the other side since the last lobe, and when it happened. */
const SWING_DEPTH = 3;
const SWING_TIME = 4;
const COUNT = 5;
/** Start times (s), peaks and preceding swings of the last LOBES lobes, oldest first. */
const TIMES = 6;
const PEAKS = TIMES + LOBES;
const SWINGS = PEAKS + LOBES;
const LOBE_SLOTS = SWINGS + LOBES;

const DOWN = UP + LOBE_SLOTS;
const STATE_SLOTS = DOWN + LOBE_SLOTS;

function clearLobes(s: Float64Array, base: number): void {
  s[base + ARMED] = 1;
  s[base + IN_LOBE] = 0;
  s[base + SWING_DEPTH] = 0;
  s[base + COUNT] = 0;
  s[base + LAST_LOBE] = -Infinity;
}

/** Follows the lobes of one polarity (`sign` 1 or -1) of the projected signal. */
function updateLobes(s: Float64Array, base: number, sign: number): void {
  const tS = s[NOW_S];
  const value = sign * s[PROJECTED];
  const threshold = s[THRESHOLD];
  const newest = LOBES - 1;
  const newestPeak = base + PEAKS + newest;
  if (-value > s[base + SWING_DEPTH] || tS - s[base + SWING_TIME] > MAX_INTERVAL_S) {
    s[base + SWING_DEPTH] = value < 0 ? -value : 0;
    s[base + SWING_TIME] = tS;
  }
  if (s[base + IN_LOBE]) {
    if (value > s[newestPeak]) s[newestPeak] = value;
    if (value < 0.5 * threshold) s[base + IN_LOBE] = 0;
    return;
  }
  if (!s[base + ARMED]) {
    // Re-arm only after the signal swings to the other side: one swing is one lobe.
    if (value < -0.1 * threshold) s[base + ARMED] = 1;
    return;
  }
  const needed = s[base + COUNT] > 0 ? Math.max(threshold, SIDE_LOBE_SHARE * s[newestPeak]) : threshold;
  if (value <= needed) return;
  s[base + ARMED] = 0;
  s[base + IN_LOBE] = 1;
  if (s[base + COUNT] > 0) {
    const interval = tS - s[base + TIMES + newest];
    if (interval < MIN_INTERVAL_S) {
      // Too quick to be the next tug: the same movement continues.
      if (value > s[newestPeak]) s[newestPeak] = value;
      return;
    }
    if (interval > MAX_INTERVAL_S) s[base + COUNT] = 0;
  }
  for (let i = base; i < base + newest; i++) {
    s[i + TIMES] = s[i + TIMES + 1];
    s[i + PEAKS] = s[i + PEAKS + 1];
    s[i + SWINGS] = s[i + SWINGS + 1];
  }
  s[base + TIMES + newest] = tS;
  s[newestPeak] = value;
  s[base + SWINGS + newest] = s[base + SWING_DEPTH];
  s[base + SWING_DEPTH] = 0;
  s[base + LAST_LOBE] = tS;
  if (s[base + COUNT] < LOBES) s[base + COUNT]++;
}

/** True when the last three lobes form a run: intervals that agree, sizes alike, each lobe after a swing the other way, the newest recent. */
function isRun(s: Float64Array, base: number): boolean {
  const newest = LOBES - 1;
  if (s[base + COUNT] < LOBES || s[NOW_S] - s[base + TIMES + newest] > MAX_INTERVAL_S) return false;
  let shortest = Infinity;
  let longest = 0;
  let smallest = Infinity;
  let biggest = 0;
  for (let i = base; i < base + newest; i++) {
    const interval = s[i + TIMES + 1] - s[i + TIMES];
    if (interval < shortest) shortest = interval;
    if (interval > longest) longest = interval;
    // The newest lobe is still rising: it only has to be comparable, below.
    if (s[i + PEAKS] < smallest) smallest = s[i + PEAKS];
    if (s[i + PEAKS] > biggest) biggest = s[i + PEAKS];
  }
  if (longest > MAX_INTERVAL_RATIO * shortest) return false;
  if (smallest < MIN_AMPLITUDE_RATIO * biggest || s[base + PEAKS + newest] < NEWEST_LOBE_SHARE * smallest) return false;
  for (let i = base; i <= base + newest; i++) if (s[i + SWINGS] < SWING_SHARE * smallest) return false;
  return true;
}

/** Starts the filters at the current sample (in SAMPLE, time in LAST_T): the high-pass memories at the reading, so gravity causes no step. */
function restartFilters(s: Float64Array): void {
  s[STARTED] = 1;
  for (let axis = 0; axis < 3; axis++) {
    s[HIGH_1 + axis] = s[SAMPLE + axis];
    s[HIGH_2 + axis] = s[LOW_1 + axis] = s[LOW_2 + axis] = 0;
  }
  for (let i = COVARIANCE; i < DIRECTION; i++) s[i] = 0;
  s[DIRECTION] = 1;
  s[DIRECTION + 1] = s[DIRECTION + 2] = 0;
  s[QUIET_UNTIL] = s[LAST_T];
  clearLobes(s, UP);
  clearLobes(s, DOWN);
}

function updateGains(s: Float64Array): void {
  const dt = s[GAIN_DT];
  s[HIGH_GAIN] = 1 - Math.exp(-dt / HIGH_PASS_TAU_S);
  s[LOW_GAIN] = 1 - Math.exp(-dt / LOW_PASS_TAU_S);
  s[DIRECTION_GAIN] = 1 - Math.exp(-dt / DIRECTION_TAU_S);
  s[BACKGROUND_GAIN] = 1 - Math.exp(-dt / BACKGROUND_TAU_S);
}

/** One power-iteration step towards the direction the band-passed motion mostly takes. */
function followDirection(s: Float64Array): void {
  const vx = s[LOW_2];
  const vy = s[LOW_2 + 1];
  const vz = s[LOW_2 + 2];
  const g = s[DIRECTION_GAIN];
  const c = COVARIANCE;
  s[c] += g * (vx * vx - s[c]);
  s[c + 1] += g * (vx * vy - s[c + 1]);
  s[c + 2] += g * (vx * vz - s[c + 2]);
  s[c + 3] += g * (vy * vy - s[c + 3]);
  s[c + 4] += g * (vy * vz - s[c + 4]);
  s[c + 5] += g * (vz * vz - s[c + 5]);
  const ux = s[DIRECTION];
  const uy = s[DIRECTION + 1];
  const uz = s[DIRECTION + 2];
  const nx = s[c] * ux + s[c + 1] * uy + s[c + 2] * uz;
  const ny = s[c + 1] * ux + s[c + 3] * uy + s[c + 4] * uz;
  const nz = s[c + 2] * ux + s[c + 4] * uy + s[c + 5] * uz;
  const length = Math.sqrt(nx * nx + ny * ny + nz * nz);
  // A covariance this small carries no direction yet; keep the old one.
  if (length < 1e-12) return;
  s[DIRECTION] = nx / length;
  s[DIRECTION + 1] = ny / length;
  s[DIRECTION + 2] = nz / length;
}

export class BounceDetector {
  private readonly state = new Float64Array(STATE_SLOTS);

  constructor(sensitivity: Sensitivity) {
    this.state[SCALE] = 1;
    this.reset(sensitivity);
  }

  /** Start of a hold: forget everything; optionally change sensitivity. */
  reset(sensitivity?: Sensitivity): void {
    const s = this.state;
    if (sensitivity !== undefined) s[SCALE] = scaleOf(sensitivity);
    s[STARTED] = 0;
    s[GAIN_DT] = -1;
    s[BACKGROUND] = INITIAL_BACKGROUND_RMS * INITIAL_BACKGROUND_RMS;
    s[REFRACTORY_UNTIL] = -Infinity;
    s[MOTION_ENERGY] = s[MOTION_TIME] = 0;
  }

  /** One accelerometer sample; true when a bounce warning fires at this sample. */
  push(tMs: number, x: number, y: number, z: number): boolean {
    // Bad samples are skipped rather than poisoning the filters.
    if (!isFinite(tMs) || !isFinite(x) || !isFinite(y) || !isFinite(z)) return false;
    const s = this.state;
    const tS = tMs / 1000;
    s[SAMPLE] = x;
    s[SAMPLE + 1] = y;
    s[SAMPLE + 2] = z;
    if (!s[STARTED] || tS - s[LAST_T] > MAX_GAP_S) {
      s[LAST_T] = tS;
      restartFilters(s);
      return false;
    }
    const dt = tS - s[LAST_T];
    if (dt <= 0) return false;
    s[LAST_T] = tS;
    if (dt !== s[GAIN_DT]) {
      s[GAIN_DT] = dt;
      updateGains(s);
    }

    // Band-pass each axis.
    const a = s[HIGH_GAIN];
    const b = s[LOW_GAIN];
    for (let axis = 0; axis < 3; axis++) {
      const high1 = (s[HIGH_1 + axis] += a * (s[SAMPLE + axis] - s[HIGH_1 + axis]));
      const passed = s[SAMPLE + axis] - high1;
      const high2 = (s[HIGH_2 + axis] += a * (passed - s[HIGH_2 + axis]));
      const low1 = (s[LOW_1 + axis] += b * (passed - high2 - s[LOW_1 + axis]));
      s[LOW_2 + axis] += b * (low1 - s[LOW_2 + axis]);
    }
    const vx = s[LOW_2];
    const vy = s[LOW_2 + 1];
    const vz = s[LOW_2 + 2];
    const energy = vx * vx + vy * vy + vz * vz;
    s[MOTION_ENERGY] += energy * dt;
    s[MOTION_TIME] += dt;

    followDirection(s);
    const projected = vx * s[DIRECTION] + vy * s[DIRECTION + 1] + vz * s[DIRECTION + 2];
    const background = s[BACKGROUND];
    s[NOW_S] = tS;
    s[PROJECTED] = projected;
    s[THRESHOLD] = s[SCALE] * Math.max(THRESHOLD_FLOOR, THRESHOLD_FACTOR * Math.sqrt(background));
    updateLobes(s, UP, 1);
    updateLobes(s, DOWN, -1);

    const quietEnd = Math.max(s[UP + LAST_LOBE], s[DOWN + LAST_LOBE]) + BACKGROUND_QUIET_S;
    if (quietEnd > s[QUIET_UNTIL]) s[QUIET_UNTIL] = quietEnd;
    if (tS >= s[QUIET_UNTIL]) {
      const clipped = Math.min(projected * projected, BACKGROUND_CLIP * background);
      s[BACKGROUND] += s[BACKGROUND_GAIN] * (clipped - background);
    }

    if (tS >= s[REFRACTORY_UNTIL] && (isRun(s, UP) || isRun(s, DOWN))) {
      s[REFRACTORY_UNTIL] = tS + REFRACTORY_S;
      clearLobes(s, UP);
      clearLobes(s, DOWN);
      return true;
    }
    return false;
  }

  /** 0–100 (100 = no movement in the bouncing band) for the samples since reset; -1 before 1 s of data. */
  steadiness(): number {
    const s = this.state;
    if (s[MOTION_TIME] < STEADINESS_MIN_S) return -1;
    const ratio = Math.sqrt(s[MOTION_ENERGY] / s[MOTION_TIME]) / STEADINESS_HALF_RMS;
    return Math.round(100 / (1 + ratio * ratio));
  }
}
