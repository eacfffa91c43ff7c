// Streaming bounce detector for one hold, fed the wrist accelerometer (m/s², gravity included).
// ES5-safe and allocation-free per sample: the watch runs this exact code on a 64 KB heap.
//
// The method (band-pass, dominant direction, runs of lobes, settling, background, bouts and their
// re-warnings, the optional inverse of the sensor's own filter) is described once in docs/bounce.md.
import type { Sensitivity } from "./routine-shape";

// Constants that are plain numbers come first: the minifier inlines only the leading run of them.
/** Band edges of the bouncing band (0.7–3 Hz tugs, with margin). */
const HIGH_PASS_HZ = 0.6;
const LOW_PASS_HZ = 3.5;
/** The low-pass needs its corner below the Nyquist rate; beyond that share of it the gain is held. */
const MAX_CORNER_SHARE = 0.45;
/** Running covariance for the dominant direction: long enough to span a tug, short enough to follow it. */
const DIRECTION_TAU_S = 1.0;
/** The calm background: a running mean over the first second, then an average over 10 s. */
const BACKGROUND_TAU_S = 10;
const BACKGROUND_WARMUP_S = 1;
/** Learning pauses for this long after each lobe ... */
const BACKGROUND_QUIET_S = 1.5;
/** ... unless the motion has gone on this long without a warning: then it is the hold's own wobble. */
const BACKGROUND_STUCK_S = 3;
/** A sample's energy counts at most this many times the current background (one spike cannot inflate it). */
const BACKGROUND_CLIP = 4;
/** The background's starting energy: (0.05 m/s² rms)². */
const INITIAL_BACKGROUND = 0.0025;
/** The first seconds of a hold, in which it settles: a run there warns only when one more tug confirms it. */
const SETTLING_S = 3;
/**
 * Settling that goes on (grip adjustments keep coming) lasts up to LONG_SETTLING_S: until the hold
 * has been quiet (no lobe for BACKGROUND_QUIET_S) at some moment after SETTLED_QUIET_S.
 */
const LONG_SETTLING_S = 4.5;
const SETTLED_QUIET_S = 1.5;
/**
 * A run whose first tug came in the settling seconds, in a hold that was still moving this shortly
 * before that tug, is settling too (a grip adjustment after a quiet moment); one that started out
 * of a quiet hold is a bout's start and warns as soon as it is a run.
 */
const QUIET_BEFORE_RUN_S = 0.5;

/** Tug intervals that can be bouncing: 3 Hz … 0.7 Hz, with room for irregular rhythm. */
const MIN_INTERVAL_S = 0.25;
const MAX_INTERVAL_S = 1.7;
/** Lobes in a run: three, so that the warning comes with the third tug. */
const LOBES = 3;
/** Longest interval over shortest interval among the counted tugs. */
const MAX_INTERVAL_RATIO = 1.4;
/**
 * At sample steps of COARSE_STEP_S or more (12.5 Hz) a quick tug gets three or four samples, and
 * where they fall decides how big its lobe looks (its content above the Nyquist rate aliases): one
 * tug of a bout can stay under the bar and not count. So there, an interval of about two others
 * (SKIPPED_RATIO_MIN–MAX × the shortest) passes as one with a tug missed (round five; at finer steps it
 * let the wobble make runs and was not taken).
 */
const COARSE_STEP_S = 0.05;
const SKIPPED_RATIO_MIN = 1.7;
const SKIPPED_RATIO_MAX = 2.35;
/** Smallest tug over biggest tug among the counted tugs. */
const MIN_AMPLITUDE_RATIO = 0.45;
/**
 * Sum of the two earlier lobes over the threshold (a mean of 1.2 × it, written out so that the
 * minifier inlines it): three lobes that barely cross it are noise.
 */
const MIN_LOBE_SUM_OVER_THRESHOLD = 2.4;
/**
 * A lobe counts only when it reaches this share of the previous one (suppresses a tug's side lobes),
 * for SIDE_LOBE_MEMORY_S after it: a big movement (a re-grip, a grip adjustment) leaves the hold
 * unsettled for a while, about as long as the background takes to follow it. (Until round four the
 * bar stayed until a lobe reached it, however long that took: on the wide tuning sets a settling
 * movement then hid later bouts of its side for the rest of the hold.)
 */
const SIDE_LOBE_SHARE = 0.45;
const SIDE_LOBE_MEMORY_S = 10;
/** The newest lobe must reach this share of the smaller earlier one (a noise lobe cannot complete a run). */
const NEWEST_LOBE_SHARE = 0.6;
/**
 * Each lobe follows a swing the other way of this share of its own size; the first lobe of a run
 * starts from rest, so it needs only a trace of one.
 */
const SWING_SHARE = 0.3;
const FIRST_SWING_SHARE = 0.1;
/** Swings above this multiple of the lobes mean the tugs go the other way and these are their side lobes. */
const MAX_SWING_RATIO = 1.6;
/** The two swings between the lobes of a run: the smaller at least this share of the bigger. */
const SWING_SIMILARITY = 0.4;
const REFRACTORY_S = 4.0;
/**
 * A warning opens a bout; it goes on while swings of at least BEAT_SHARE of the warned tugs' size
 * (and BEAT_THRESHOLD_SHARE of the threshold) keep coming, each within BEAT_GAP × the warned
 * run's tug interval of the last. While it goes on the background does not learn (bouncing is not
 * the hold's own wobble). A new run after the refractory time warns again; a swing of the bout
 * FALLBACK_S after that, with no run, warns too, but only once in a row: sustained bouncing stays
 * flagged, while a hold's wobble that kept a bout open cannot warn on and on by its swings alone.
 */
const BEAT_SHARE = 0.5;
const BEAT_THRESHOLD_SHARE = 0.8;
const BEAT_GAP = 1.4;
const FALLBACK_S = 1.5;
/**
 * A run that the rules let warn at once is held back like a settling one (its next tug's run warns)
 * when a fitted score says it is more like the hold's own motion than like bouncing (round seven):
 * a logistic regression on the tuning sets' candidate runs at 25–100 Hz (`npx tsx
 * tools/fit-bounce-scorer.ts --settling --prime --high-only --per-bout --first --scale 1 --features
 * 1,5,8,11`), whose weights these are. A run warns at once when its probability passes 0.9, i.e.
 * when the score passes the fit's bias (4.068, negated) plus ln 9 (2.197). Off at 12.5 Hz
 * (COARSE_STEP_S), where it was not fitted.
 */
const SCORE_SIZE = 2.8097;
const SCORE_SWING = 2.1433;
const SCORE_SIMILAR = 4.8095;
const SCORE_HELD = 0.8474;
const SCORE_HELD_MAX_S = 6;
const SCORE_BAR = 6.2652;
/** A gap longer than this (sensor paused) restarts the filters. */
const MAX_GAP_S = 1.0;

/** Half-waves (the swings a bout goes on with) are the stretches between crossings of ±HALF_WAVE_HYSTERESIS × threshold. */
const HALF_WAVE_HYSTERESIS = 0.2;

/** Threshold = max(floor, factor × background rms), both scaled by sensitivity. */
const THRESHOLD_FLOOR = 0.15;
const THRESHOLD_FACTOR = 3.0;

/** Steadiness: 100 / (1 + (rms / STEADINESS_HALF_RMS)²) of the band-passed motion since reset. */
const STEADINESS_HALF_RMS = 0.5;
const STEADINESS_MIN_S = 1.0;

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
const LOW_A1 = 5;
const LOW_A2 = 6;
const LOW_A3 = 7;
const DIRECTION_GAIN = 8;
const BACKGROUND_GAIN = 9;
/** Current sample per axis (x, y, z), then per axis: two high-pass stages (their internal low-pass), the low-pass's two states, the band-passed output. */
const SAMPLE = 10;
const HIGH_1 = 13;
const HIGH_2 = 16;
const LOW_1 = 19;
const LOW_2 = 22;
const BAND = 25;
/** Running covariance of the band-passed vector (xx, xy, xz, yy, yz, zz) and its dominant direction (x, y, z). */
const COVARIANCE = 28;
const DIRECTION = 34;
const BACKGROUND = 37;
const QUIET_UNTIL = 38;
/** Last time the background learnt while quiet. */
const LAST_QUIET = 39;
const REFRACTORY_UNTIL = 40;
const MOTION_ENERGY = 41;
const MOTION_TIME = 42;
/** Inputs of the lobe counters for the current sample (passing fractions as arguments would box them). */
const NOW_S = 43;
const PROJECTED = 44;
const THRESHOLD = 45;
/** The open half-wave: its sign (0 before the first) and extreme size. */
const HALF_SIGN = 46;
const HALF_PEAK = 47;
/** The bout: open (1/0), start and last swing (s), size of the warned tugs, seconds of closed bouts, whether the open half-wave already counted as a swing of the bout. */
const BOUT_OPEN = 48;
const BOUT_START = BOUT_OPEN + 1;
const BOUT_LAST = BOUT_OPEN + 2;
const BOUT_SIZE = BOUT_OPEN + 3;
const BOUTS_S = BOUT_OPEN + 4;
const BEAT_TAKEN = BOUT_OPEN + 5;
/** The warned run's tug interval (s); whether the last warning came from a swing, not a run. */
const BOUT_PERIOD = BOUT_OPEN + 6;
const BEAT_WARNED = BOUT_OPEN + 7;
/** The two lobe counters (positive and negative polarity), LOBE_SLOTS each. */
const UP = BEAT_WARNED + 1;

// Slots of one lobe counter, relative to its base. Each lobe remembers how deep the signal swung the
// other way before it: a run of tugs is an oscillation, so every lobe of the run, the first one
// included, follows a swing to the other side.
// Slot 0, `s[base]`: when the deepest swing to the other side since the last lobe happened (see
// SWING_DEPTH). It has no name: the minifier would keep the `+ 0` of `s[base + SWING_TIME]`.
const ARMED = 1;
const IN_LOBE = 2;
/** Deepest swing to the other side since the last lobe. */
const SWING_DEPTH = 3;
const COUNT = 4;
/** A run in the settling seconds was seen and its oldest lobe dropped: the next run confirms it. */
const PRIMED = 5;
/** Start times (s), peaks and preceding swings of the last LOBES lobes, oldest first; the newest lobe's time is -Infinity before the first one. */
const TIMES = 6;
const PEAKS = TIMES + LOBES;
const SWINGS = PEAKS + LOBES;
/**
 * The newest lobe's direction: the band-passed vector (x, y, z) where it crossed the threshold. Every
 * tug of a bout pulls the towel along one line, so its lobes of one side point alike; a lobe more
 * than 90° from the last one of its side is not the same movement done again (round ten).
 */
const LOBE_VECTOR = SWINGS + LOBES;
const LOBE_SLOTS = LOBE_VECTOR + 3;
/** Index of the newest lobe among the last LOBES, and its slots. */
const NEWEST = LOBES - 1;
const NEWEST_TIME = TIMES + NEWEST;
const NEWEST_PEAK = PEAKS + NEWEST;
const NEWEST_SWING = SWINGS + NEWEST;

const DOWN = UP + LOBE_SLOTS;
/** The fitted score of the last run isRun passed to its last test (see SCORE_BAR). */
const RUN_SCORE = DOWN + LOBE_SLOTS;
/** What a hold resumed after the app was closed had before (see reset). */
const CARRIED_MS = RUN_SCORE + 1;
const CARRIED_SCORE = CARRIED_MS + 1;
const STATE_SLOTS = CARRIED_SCORE + 1;

const TWO_PI = 2 * Math.PI;
const HIGH_PASS_TAU_S = 1 / (TWO_PI * HIGH_PASS_HZ);
const SENSITIVITY_SCALE: { [S in Sensitivity]: number } = { low: 1.3, normal: 1, high: 0.85 };

/** A sensitivity, or (for the benchmark's recall-against-false-warnings curve) the threshold scale itself. */
function scaleOf(sensitivity?: Sensitivity | number): number {
  const scale = typeof sensitivity === "number" ? sensitivity : SENSITIVITY_SCALE[sensitivity as Sensitivity];
  return scale > 0 ? scale : 1;
}

function clearLobes(s: Float64Array, base: number): void {
  s[base + ARMED] = 1;
  s[base + IN_LOBE] = s[base + SWING_DEPTH] = s[base + COUNT] = s[base + PRIMED] = 0;
  s[base + NEWEST_TIME] = -Infinity;
}

/** Follows the lobes of one polarity (`sign` 1 or -1) of the projected signal. */
function updateLobes(s: Float64Array, base: number, sign: number): void {
  const tS = s[NOW_S];
  const value = sign * s[PROJECTED];
  const threshold = s[THRESHOLD];
  const newestPeak = base + NEWEST_PEAK;
  const sinceNewest = tS - s[base + NEWEST_TIME];
  if (-value > s[base + SWING_DEPTH] || tS - s[base] > MAX_INTERVAL_S) {
    s[base + SWING_DEPTH] = value < 0 ? -value : 0;
    s[base] = tS;
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
  if (value <= Math.max(threshold, sinceNewest < SIDE_LOBE_MEMORY_S ? SIDE_LOBE_SHARE * s[newestPeak] : 0)) return;
  s[base + ARMED] = 0;
  s[base + IN_LOBE] = 1;
  if (s[base + COUNT] > 0) {
    if (sinceNewest < MIN_INTERVAL_S) {
      // Too quick to be the next tug: the same movement continues.
      if (value > s[newestPeak]) s[newestPeak] = value;
      return;
    }
    if (sinceNewest > MAX_INTERVAL_S) s[base + COUNT] = s[base + PRIMED] = 0;
  }
  for (let i = base; i < base + NEWEST; i++) {
    s[i + TIMES] = s[i + (TIMES + 1)];
    s[i + PEAKS] = s[i + (PEAKS + 1)];
    s[i + SWINGS] = s[i + (SWINGS + 1)];
  }
  s[base + NEWEST_TIME] = tS;
  s[newestPeak] = value;
  s[base + NEWEST_SWING] = s[base + SWING_DEPTH];
  s[base + SWING_DEPTH] = 0;
  // A lobe pointing away from the last one of its side starts a new run (see LOBE_VECTOR); at the
  // first lobe there is no direction yet (zero), and it counts.
  let dot = 0;
  for (let axis = 0; axis < 3; axis++) {
    dot += s[BAND + axis] * s[base + LOBE_VECTOR + axis];
    s[base + LOBE_VECTOR + axis] = s[BAND + axis];
  }
  if (dot < 0) s[base + COUNT] = 0;
  if (s[base + COUNT] < LOBES) s[base + COUNT]++;
}

/** True when the last three lobes form a run: steady intervals, like sizes clear of the threshold, like swings the other way before each, the newest recent. */
function isRun(s: Float64Array, base: number): boolean {
  if (s[base + COUNT] < LOBES || s[NOW_S] - s[base + NEWEST_TIME] > MAX_INTERVAL_S) return false;
  let shortest = Infinity;
  let longest = 0;
  let smallest = Infinity;
  let biggest = 0;
  let sum = 0;
  for (let i = base; i < base + NEWEST; i++) {
    const interval = s[i + (TIMES + 1)] - s[i + TIMES];
    if (interval < shortest) shortest = interval;
    if (interval > longest) longest = interval;
    // The newest lobe is still rising: it only has to be comparable, below.
    const peak = s[i + PEAKS];
    if (peak < smallest) smallest = peak;
    if (peak > biggest) biggest = peak;
    sum += peak;
  }
  const ratio = longest / shortest;
  if (
    ratio > MAX_INTERVAL_RATIO &&
    (s[GAIN_DT] < COARSE_STEP_S || ratio < SKIPPED_RATIO_MIN || ratio > SKIPPED_RATIO_MAX)
  )
    return false;
  if (smallest < MIN_AMPLITUDE_RATIO * biggest || s[base + NEWEST_PEAK] < NEWEST_LOBE_SHARE * smallest) return false;
  if (sum < MIN_LOBE_SUM_OVER_THRESHOLD * s[THRESHOLD]) return false;
  const between1 = s[base + (SWINGS + 1)];
  const between2 = s[base + (SWINGS + 2)];
  // The run's fitted score (see SCORE_BAR): tugs alike with swings alike between them, some seconds
  // into the hold, look like bouncing; swings big next to the lobes they lead to, like the hold's
  // own motion.
  s[RUN_SCORE] =
    (SCORE_SIZE * smallest) / biggest -
    SCORE_SWING * Math.min(between1 / s[base + (PEAKS + 1)], between2 / smallest, 2) +
    (SCORE_SIMILAR * Math.min(between1, between2)) / Math.max(between1, between2) +
    SCORE_HELD * Math.min(s[MOTION_TIME], SCORE_HELD_MAX_S);
  if (s[base + NEWEST_PEAK] > biggest) biggest = s[base + NEWEST_PEAK];
  for (let i = 0; i <= NEWEST; i++) {
    const swing = s[base + SWINGS + i];
    if (swing > MAX_SWING_RATIO * biggest) return false;
    const own = i < NEWEST ? s[base + PEAKS + i] : smallest;
    if (swing < (i === 0 ? FIRST_SWING_SHARE : SWING_SHARE) * own) return false;
  }
  return Math.min(between1, between2) >= SWING_SIMILARITY * Math.max(between1, between2);
}

/** Follows the half-waves of the projected signal: a new one opens when the signal crosses to the other side. */
function followHalfWaves(s: Float64Array): void {
  const value = s[PROJECTED];
  const hysteresis = HALF_WAVE_HYSTERESIS * s[THRESHOLD];
  const sign = s[HALF_SIGN];
  if (sign * value > s[HALF_PEAK]) s[HALF_PEAK] = sign * value;
  if (sign === 0 ? value > hysteresis || value < -hysteresis : sign * value < -hysteresis) {
    s[BEAT_TAKEN] = 0;
    s[HALF_SIGN] = value > 0 ? 1 : -1;
    s[HALF_PEAK] = value > 0 ? value : -value;
  }
}

/** Starts the filters at the current sample (in SAMPLE, time in LAST_T): the high-pass memories at the reading, so gravity causes no step. */
function restartFilters(s: Float64Array): void {
  s[STARTED] = 1;
  // The filter states start at zero (the first high-pass at the reading), then the covariance and
  // the direction (one run of slots), and the direction along x.
  for (let axis = 0; axis < 3; axis++) {
    s[HIGH_1 + axis] = s[SAMPLE + axis];
    s[HIGH_2 + axis] = s[LOW_1 + axis] = s[LOW_2 + axis] = s[BAND + axis] = 0;
  }
  for (let i = COVARIANCE; i < DIRECTION + 3; i++) s[i] = 0;
  s[DIRECTION] = 1;
  s[QUIET_UNTIL] = s[LAST_QUIET] = s[LAST_T];
  clearLobes(s, UP);
  clearLobes(s, DOWN);
  s[HALF_SIGN] = 0;
  // A pause ends any bout: its time counts up to the last swing before the pause.
  if (s[BOUT_OPEN]) closeBout(s);
}

/** Ends the open bout: its time, from its first tug to its last swing, adds to the hold's bouncing time. */
function closeBout(s: Float64Array): void {
  s[BOUTS_S] += s[BOUT_LAST] - s[BOUT_START];
  s[BOUT_OPEN] = 0;
}

function updateGains(s: Float64Array): void {
  const dt = s[GAIN_DT];
  s[HIGH_GAIN] = 1 - Math.exp(-dt / HIGH_PASS_TAU_S);
  // State-variable (trapezoidal) form of the low-pass: stable for any step, exact corner frequency.
  const g = Math.tan(Math.PI * Math.min(LOW_PASS_HZ * dt, MAX_CORNER_SHARE));
  // Butterworth damping (1/Q = √2): flat up to 3 Hz without ringing after a single pull.
  s[LOW_A1] = 1 / (1 + g * (g + Math.SQRT2));
  s[LOW_A2] = g * s[LOW_A1];
  s[LOW_A3] = g * s[LOW_A2];
  s[DIRECTION_GAIN] = 1 - Math.exp(-dt / DIRECTION_TAU_S);
  s[BACKGROUND_GAIN] = 1 - Math.exp(-dt / BACKGROUND_TAU_S);
}

/** One power-iteration step towards the direction the band-passed motion mostly takes. */
function followDirection(s: Float64Array): void {
  const vx = s[BAND];
  const vy = s[BAND + 1];
  const vz = s[BAND + 2];
  const g = s[DIRECTION_GAIN];
  s[COVARIANCE] += g * (vx * vx - s[COVARIANCE]);
  s[COVARIANCE + 1] += g * (vx * vy - s[COVARIANCE + 1]);
  s[COVARIANCE + 2] += g * (vx * vz - s[COVARIANCE + 2]);
  s[COVARIANCE + 3] += g * (vy * vy - s[COVARIANCE + 3]);
  s[COVARIANCE + 4] += g * (vy * vz - s[COVARIANCE + 4]);
  s[COVARIANCE + 5] += g * (vz * vz - s[COVARIANCE + 5]);
  const ux = s[DIRECTION];
  const uy = s[DIRECTION + 1];
  const uz = s[DIRECTION + 2];
  const nx = s[COVARIANCE] * ux + s[COVARIANCE + 1] * uy + s[COVARIANCE + 2] * uz;
  const ny = s[COVARIANCE + 1] * ux + s[COVARIANCE + 3] * uy + s[COVARIANCE + 4] * uz;
  const nz = s[COVARIANCE + 2] * ux + s[COVARIANCE + 4] * uy + s[COVARIANCE + 5] * uz;
  const length = Math.sqrt(nx * nx + ny * ny + nz * nz);
  // A covariance this small carries no direction yet; keep the old one.
  if (length < 1e-12) return;
  s[DIRECTION] = nx / length;
  s[DIRECTION + 1] = ny / length;
  s[DIRECTION + 2] = nz / length;
}

/** Opens a bout at a warning of the run of lobe counter `run`: it started with the run's first tug. */
function openBout(s: Float64Array, run: number): void {
  // Size: the middle tug of the run; period: one tug interval.
  const start = s[run + TIMES];
  s[BOUT_SIZE] = s[run + (PEAKS + 1)];
  s[BOUT_PERIOD] = (s[run + NEWEST_TIME] - start) / NEWEST;
  s[BOUT_OPEN] = 1;
  s[BOUT_START] = start;
  s[BOUT_LAST] = s[NOW_S];
  // The half-wave that warned is part of the run already.
  s[BEAT_TAKEN] = 1;
}

/** Follows an open bout; true when this sample is a new swing of it. Closes it when the swings stop. */
function followBout(s: Float64Array): boolean {
  if (!s[BOUT_OPEN]) return false;
  const tS = s[NOW_S];
  if (tS - s[BOUT_LAST] > Math.min(MAX_INTERVAL_S, BEAT_GAP * s[BOUT_PERIOD])) {
    closeBout(s);
    return false;
  }
  if (s[BEAT_TAKEN] || s[HALF_SIGN] === 0) return false;
  if (s[HALF_PEAK] < Math.max(BEAT_SHARE * s[BOUT_SIZE], BEAT_THRESHOLD_SHARE * s[THRESHOLD])) return false;
  s[BEAT_TAKEN] = 1;
  s[BOUT_LAST] = tS;
  return true;
}

/**
 * A device whose accelerometer low-passes before sampling (Bangle.js 2's KX023 as Espruino sets it
 * up: first order at 1/9 of the output rate, which shrinks 3 Hz tugs at 12.5 Hz to 0.4×) feeds the
 * detector each axis as y + k (y − y_prev), the filter's inverse at the output rate; this is k for
 * the filter's corner as a share of the output rate (0 for none). The Fitbit app does not need it.
 */
export function sensorInverseGain(cornerShare: number): number {
  if (!(cornerShare > 0 && cornerShare < 0.5)) return 0;
  const pole = Math.exp(-TWO_PI * cornerShare);
  return pole / (1 - pole);
}

export class BounceDetector {
  private readonly state = new Float64Array(STATE_SLOTS);

  constructor(sensitivity: Sensitivity | number) {
    this.reset(sensitivity);
  }

  /**
   * Start of a hold: forget everything; optionally change sensitivity. A hold resumed after the app
   * was closed (a new app has a new detector) goes on from the bouncing time and score (-1: none) it
   * had: both shells' detectors carry them, so the hold's record keeps its part before the close.
   */
  reset(sensitivity?: Sensitivity | number, carriedMs?: number, carriedScore?: number): void {
    const s = this.state;
    s[CARRIED_MS] = carriedMs || 0;
    // No carried score is a cap of 100: none at all.
    s[CARRIED_SCORE] = (carriedScore as number) >= 0 ? (carriedScore as number) : 100;
    // A new detector has no scale yet (0): then scaleOf gives normal's for a missing sensitivity.
    if (sensitivity !== undefined || !s[SCALE]) s[SCALE] = scaleOf(sensitivity);
    s[STARTED] = 0;
    s[GAIN_DT] = -1;
    s[BACKGROUND] = INITIAL_BACKGROUND;
    s[REFRACTORY_UNTIL] = -Infinity;
    s[MOTION_ENERGY] = s[MOTION_TIME] = s[BOUT_OPEN] = s[BOUTS_S] = 0;
  }

  /** One accelerometer sample; true when a bounce warning fires at this sample. */
  push(tMs: number, x: number, y: number, z: number): boolean {
    // Bad samples are skipped rather than poisoning the filters (a NaN or infinity in any makes the sum so).
    if (!isFinite(tMs + x + y + z)) return false;
    const s = this.state;
    const tS = tMs / 1000;
    s[SAMPLE] = x;
    s[SAMPLE + 1] = y;
    s[SAMPLE + 2] = z;
    const dt = tS - s[LAST_T];
    if (!s[STARTED] || dt > MAX_GAP_S) {
      s[LAST_T] = tS;
      restartFilters(s);
      return false;
    }
    if (dt <= 0) return false;
    s[LAST_T] = tS;
    if (dt !== s[GAIN_DT]) {
      s[GAIN_DT] = dt;
      updateGains(s);
    }

    // Band-pass each axis.
    const a = s[HIGH_GAIN];
    const a1 = s[LOW_A1];
    const a2 = s[LOW_A2];
    const a3 = s[LOW_A3];
    for (let axis = 0; axis < 3; axis++) {
      const high1 = (s[HIGH_1 + axis] += a * (s[SAMPLE + axis] - s[HIGH_1 + axis]));
      const passed = s[SAMPLE + axis] - high1;
      const high2 = (s[HIGH_2 + axis] += a * (passed - s[HIGH_2 + axis]));
      const state1 = s[LOW_1 + axis];
      const state2 = s[LOW_2 + axis];
      const input = passed - high2 - state2;
      const band = state2 + a2 * state1 + a3 * input;
      s[LOW_1 + axis] = 2 * (a1 * state1 + a2 * input) - state1;
      s[LOW_2 + axis] = 2 * band - state2;
      s[BAND + axis] = band;
    }
    const vx = s[BAND];
    const vy = s[BAND + 1];
    const vz = s[BAND + 2];
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
    followHalfWaves(s);

    const quietEnd = Math.max(s[UP + NEWEST_TIME], s[DOWN + NEWEST_TIME]) + BACKGROUND_QUIET_S;
    if (quietEnd > s[QUIET_UNTIL]) s[QUIET_UNTIL] = quietEnd;
    const quiet = tS >= s[QUIET_UNTIL];
    if (quiet) s[LAST_QUIET] = tS;
    const beat = followBout(s);
    if (!s[BOUT_OPEN] && (quiet || tS - s[LAST_QUIET] > BACKGROUND_STUCK_S)) {
      const clipped = Math.min(projected * projected, BACKGROUND_CLIP * background);
      const gain = Math.max(s[BACKGROUND_GAIN], dt / Math.max(s[MOTION_TIME], BACKGROUND_WARMUP_S));
      s[BACKGROUND] += gain * (clipped - background);
    }

    if (tS >= s[REFRACTORY_UNTIL]) {
      const run = isRun(s, UP) ? UP : isRun(s, DOWN) ? DOWN : 0;
      // The hold's first seconds settle (the leg sways to rest, the hands adjust the grip): a run
      // there does not warn yet; its oldest swing is dropped, so bouncing that goes on warns with
      // its next swing (settling or not), while settling that stops does not.
      const held = s[MOTION_TIME];
      const first = s[run + TIMES];
      const settling =
        held < SETTLING_S ||
        (held < LONG_SETTLING_S && s[LAST_QUIET] - tS + held < SETTLED_QUIET_S) ||
        (first - tS + held < SETTLING_S && s[LAST_QUIET] < first - QUIET_BEFORE_RUN_S);
      if (run && !s[run + PRIMED] && (settling || (s[GAIN_DT] < COARSE_STEP_S && s[RUN_SCORE] < SCORE_BAR))) {
        s[run + PRIMED] = 1;
        s[run + COUNT] = NEWEST;
      } else if (run || (beat && !s[BEAT_WARNED] && tS >= s[REFRACTORY_UNTIL] + FALLBACK_S)) {
        if (run && !s[BOUT_OPEN]) openBout(s, run);
        s[BEAT_WARNED] = run ? 0 : 1;
        s[REFRACTORY_UNTIL] = tS + REFRACTORY_S;
        clearLobes(s, UP);
        clearLobes(s, DOWN);
        s[HALF_SIGN] = 0;
        return true;
      }
    }
    return false;
  }

  /** Milliseconds of this hold spent bouncing: from the first tug of each warned run to its last swing. */
  bouncingMs(): number {
    const s = this.state;
    return s[CARRIED_MS] + Math.round(1000 * (s[BOUTS_S] + (s[BOUT_OPEN] ? s[BOUT_LAST] - s[BOUT_START] : 0)));
  }

  /**
   * 0–100 (100 = no movement in the bouncing band) for the samples since reset, never above a carried
   * score (the hold is no steadier than its part before the app was closed); -1 before 1 s of data.
   */
  steadiness(): number {
    const s = this.state;
    if (s[MOTION_TIME] < STEADINESS_MIN_S) return -1;
    const ratio = Math.sqrt(s[MOTION_ENERGY] / s[MOTION_TIME]) / STEADINESS_HALF_RMS;
    return Math.min(s[CARRIED_SCORE], Math.round(100 / (1 + ratio * ratio)));
  }
}
