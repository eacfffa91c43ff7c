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

/**
 * Follows the lobes of one polarity of the projected signal. Each lobe remembers how deep the
 * signal swung the other way before it: a run of tugs is an oscillation, so every lobe of the run,
 * the first one included, follows a swing to the other side.
 */
class LobeCounter {
  // Inputs of the current sample. They are fields rather than arguments because V8 boxes number
  // arguments of calls it does not inline, which would allocate on every sample.
  nowS = 0;
  value = 0;
  threshold = 0;
  /** Start time of the newest lobe, -Infinity before the first one. */
  lastLobeTime = -Infinity;
  private armed = true;
  private inLobe = false;
  /** Deepest swing to the other side since the last lobe, and when it happened. */
  private swingDepth = 0;
  private swingTime = 0;
  /** Start times (s), peaks and preceding swings of the last lobes, oldest first (fixed size, no allocation). */
  private readonly times: number[] = [0, 0, 0];
  private readonly peaks: number[] = [0, 0, 0];
  private readonly swings: number[] = [0, 0, 0];
  private count = 0;

  clear(): void {
    this.armed = true;
    this.inLobe = false;
    this.swingDepth = 0;
    this.count = 0;
    this.lastLobeTime = -Infinity;
  }

  update(): void {
    const tS = this.nowS;
    const value = this.value;
    const threshold = this.threshold;
    if (-value > this.swingDepth || tS - this.swingTime > MAX_INTERVAL_S) {
      this.swingDepth = value < 0 ? -value : 0;
      this.swingTime = tS;
    }
    const newest = LOBES - 1;
    if (this.inLobe) {
      if (value > this.peaks[newest]) this.peaks[newest] = value;
      if (value < 0.5 * threshold) this.inLobe = false;
      return;
    }
    if (!this.armed) {
      // Re-arm only after the signal swings to the other side: one swing is one lobe.
      if (value < -0.1 * threshold) this.armed = true;
      return;
    }
    const needed = this.count > 0 ? Math.max(threshold, SIDE_LOBE_SHARE * this.peaks[newest]) : threshold;
    if (value <= needed) return;
    this.armed = false;
    this.inLobe = true;
    if (this.count > 0) {
      const interval = tS - this.times[newest];
      if (interval < MIN_INTERVAL_S) {
        // Too quick to be the next tug: the same movement continues.
        if (value > this.peaks[newest]) this.peaks[newest] = value;
        return;
      }
      if (interval > MAX_INTERVAL_S) this.count = 0;
    }
    for (let i = 0; i < newest; i++) {
      this.times[i] = this.times[i + 1];
      this.peaks[i] = this.peaks[i + 1];
      this.swings[i] = this.swings[i + 1];
    }
    this.times[newest] = tS;
    this.peaks[newest] = value;
    this.swings[newest] = this.swingDepth;
    this.swingDepth = 0;
    this.lastLobeTime = tS;
    if (this.count < LOBES) this.count++;
  }

  /** True when the last three lobes form a run: intervals that agree, sizes alike, each lobe after a swing the other way, the newest recent. */
  isRun(): boolean {
    const newest = LOBES - 1;
    if (this.count < LOBES || this.nowS - this.times[newest] > MAX_INTERVAL_S) return false;
    let shortest = Infinity;
    let longest = 0;
    let smallest = Infinity;
    let biggest = 0;
    for (let i = 0; i < newest; i++) {
      const interval = this.times[i + 1] - this.times[i];
      if (interval < shortest) shortest = interval;
      if (interval > longest) longest = interval;
      // The newest lobe is still rising: it only has to be comparable, below.
      if (this.peaks[i] < smallest) smallest = this.peaks[i];
      if (this.peaks[i] > biggest) biggest = this.peaks[i];
    }
    if (longest > MAX_INTERVAL_RATIO * shortest) return false;
    if (smallest < MIN_AMPLITUDE_RATIO * biggest || this.peaks[newest] < NEWEST_LOBE_SHARE * smallest) return false;
    for (let i = 0; i <= newest; i++) if (this.swings[i] < SWING_SHARE * smallest) return false;
    return true;
  }
}

export class BounceDetector {
  private scale = 1;
  private started = false;
  private lastT = 0;
  /** Cached filter gains for the last time step (most steps repeat). */
  private gainDt = -1;
  private highGain = 0;
  private lowGain = 0;
  private directionGain = 0;
  private backgroundGain = 0;
  // Filter states per axis: two high-pass stages (their internal low-pass) and two low-pass stages.
  private hx1 = 0;
  private hy1 = 0;
  private hz1 = 0;
  private hx2 = 0;
  private hy2 = 0;
  private hz2 = 0;
  private lx1 = 0;
  private ly1 = 0;
  private lz1 = 0;
  private lx2 = 0;
  private ly2 = 0;
  private lz2 = 0;
  // Running covariance of the band-passed vector and its dominant direction.
  private cxx = 0;
  private cxy = 0;
  private cxz = 0;
  private cyy = 0;
  private cyz = 0;
  private czz = 0;
  private ux = 1;
  private uy = 0;
  private uz = 0;
  private background = INITIAL_BACKGROUND_RMS * INITIAL_BACKGROUND_RMS;
  private quietUntil = 0;
  private refractoryUntil = -Infinity;
  private readonly positive = new LobeCounter();
  private readonly negative = new LobeCounter();
  private motionEnergy = 0;
  private motionTime = 0;

  constructor(sensitivity: Sensitivity) {
    this.reset(sensitivity);
  }

  /** Start of a hold: forget everything; optionally change sensitivity. */
  reset(sensitivity?: Sensitivity): void {
    if (sensitivity !== undefined) this.scale = scaleOf(sensitivity);
    this.started = false;
    this.gainDt = -1;
    this.background = INITIAL_BACKGROUND_RMS * INITIAL_BACKGROUND_RMS;
    this.refractoryUntil = -Infinity;
    this.motionEnergy = 0;
    this.motionTime = 0;
  }

  /** One accelerometer sample; true when a bounce warning fires at this sample. */
  push(tMs: number, x: number, y: number, z: number): boolean {
    // Bad samples are skipped rather than poisoning the filters.
    if (!isFinite(tMs) || !isFinite(x) || !isFinite(y) || !isFinite(z)) return false;
    const tS = tMs / 1000;
    if (!this.started || tS - this.lastT > MAX_GAP_S) {
      this.restartFilters(tS, x, y, z);
      return false;
    }
    const dt = tS - this.lastT;
    if (dt <= 0) return false;
    this.lastT = tS;
    if (dt !== this.gainDt) {
      this.gainDt = dt;
      this.updateGains();
    }

    // Band-pass each axis.
    const a = this.highGain;
    this.hx1 += a * (x - this.hx1);
    this.hy1 += a * (y - this.hy1);
    this.hz1 += a * (z - this.hz1);
    const px = x - this.hx1;
    const py = y - this.hy1;
    const pz = z - this.hz1;
    this.hx2 += a * (px - this.hx2);
    this.hy2 += a * (py - this.hy2);
    this.hz2 += a * (pz - this.hz2);
    const b = this.lowGain;
    this.lx1 += b * (px - this.hx2 - this.lx1);
    this.ly1 += b * (py - this.hy2 - this.ly1);
    this.lz1 += b * (pz - this.hz2 - this.lz1);
    this.lx2 += b * (this.lx1 - this.lx2);
    this.ly2 += b * (this.ly1 - this.ly2);
    this.lz2 += b * (this.lz1 - this.lz2);
    const vx = this.lx2;
    const vy = this.ly2;
    const vz = this.lz2;
    const energy = vx * vx + vy * vy + vz * vz;

    this.motionEnergy += energy * dt;
    this.motionTime += dt;

    this.followDirection();
    const projected = vx * this.ux + vy * this.uy + vz * this.uz;

    const backgroundRms = Math.sqrt(this.background);
    const threshold = this.scale * Math.max(THRESHOLD_FLOOR, THRESHOLD_FACTOR * backgroundRms);
    const up = this.positive;
    const down = this.negative;
    up.nowS = down.nowS = tS;
    up.threshold = down.threshold = threshold;
    up.value = projected;
    down.value = -projected;
    up.update();
    down.update();

    const lastLobe = Math.max(this.positive.lastLobeTime, this.negative.lastLobeTime);
    if (lastLobe + BACKGROUND_QUIET_S > this.quietUntil) this.quietUntil = lastLobe + BACKGROUND_QUIET_S;
    if (tS >= this.quietUntil) {
      const clipped = Math.min(projected * projected, BACKGROUND_CLIP * this.background);
      this.background += this.backgroundGain * (clipped - this.background);
    }

    if (tS >= this.refractoryUntil && (up.isRun() || down.isRun())) {
      this.refractoryUntil = tS + REFRACTORY_S;
      this.positive.clear();
      this.negative.clear();
      return true;
    }
    return false;
  }

  /** 0–100 (100 = no movement in the bouncing band) for the samples since reset; -1 before 1 s of data. */
  steadiness(): number {
    if (this.motionTime < STEADINESS_MIN_S) return -1;
    const ratio = Math.sqrt(this.motionEnergy / this.motionTime) / STEADINESS_HALF_RMS;
    return Math.round(100 / (1 + ratio * ratio));
  }


  private restartFilters(tS: number, x: number, y: number, z: number): void {
    this.started = true;
    this.lastT = tS;
    // Start the high-pass memories at the current reading so gravity causes no step.
    this.hx1 = x;
    this.hy1 = y;
    this.hz1 = z;
    this.hx2 = this.hy2 = this.hz2 = 0;
    this.lx1 = this.ly1 = this.lz1 = 0;
    this.lx2 = this.ly2 = this.lz2 = 0;
    this.cxx = this.cxy = this.cxz = this.cyy = this.cyz = this.czz = 0;
    this.ux = 1;
    this.uy = 0;
    this.uz = 0;
    this.quietUntil = tS;
    this.positive.clear();
    this.negative.clear();
  }

  private updateGains(): void {
    const dt = this.gainDt;
    this.highGain = 1 - Math.exp(-dt / HIGH_PASS_TAU_S);
    this.lowGain = 1 - Math.exp(-dt / LOW_PASS_TAU_S);
    this.directionGain = 1 - Math.exp(-dt / DIRECTION_TAU_S);
    this.backgroundGain = 1 - Math.exp(-dt / BACKGROUND_TAU_S);
  }

  /** One power-iteration step towards the direction the band-passed motion mostly takes. */
  private followDirection(): void {
    const vx = this.lx2;
    const vy = this.ly2;
    const vz = this.lz2;
    const g = this.directionGain;
    this.cxx += g * (vx * vx - this.cxx);
    this.cxy += g * (vx * vy - this.cxy);
    this.cxz += g * (vx * vz - this.cxz);
    this.cyy += g * (vy * vy - this.cyy);
    this.cyz += g * (vy * vz - this.cyz);
    this.czz += g * (vz * vz - this.czz);
    const nx = this.cxx * this.ux + this.cxy * this.uy + this.cxz * this.uz;
    const ny = this.cxy * this.ux + this.cyy * this.uy + this.cyz * this.uz;
    const nz = this.cxz * this.ux + this.cyz * this.uy + this.czz * this.uz;
    const length = Math.sqrt(nx * nx + ny * ny + nz * nz);
    // A covariance this small carries no direction yet; keep the old one.
    if (length < 1e-12) return;
    this.ux = nx / length;
    this.uy = ny / length;
    this.uz = nz / length;
  }
}
