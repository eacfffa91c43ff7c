// Seeded model of the wrist accelerometer during one hold of the towel hamstring stretch.
// Physics, not recordings: the watch frame sits in a random orientation; the reading is the specific
// force (gravity + linear acceleration) rotated into that frame. Calm holds carry breathing tilt,
// slow drift as the leg sinks, muscular wobble, tremor (aliased at low rates, as without an
// anti-alias filter), sensor noise, jittery time stamps and quantisation. Tugs are towel pulls: a
// displacement pulse along the pull direction (its second derivative is the linear acceleration)
// with a wrist rotation that follows the displacement. Bouncing is a run of ≥ 4 such tugs at
// 0.7–3 Hz with some rhythm and size variation; a re-grip is one quick rotation with a jerk.
//
// Two parameter envelopes. "base" is the model the detector was first developed on (its sets stay
// as checks, bit for bit). "wide" widens it where the project's model was measured to be too kind
// (issue 14): breathing tilt to 6°, tremor to 0.4 m/s² rms, muscular wobble 1.5×, the settling of a
// hold's first seconds (the leg sways as it comes to rest, the hands adjust the grip), asymmetric
// tugs either way round, bouncing from the first instant, and each sample rate behind its sensor's
// own low-pass filter, simulated at 400 Hz and then filtered and sampled like the sensor does:
//   12.5 Hz: Bangle.js 2's KX023 as Espruino sets it up (ODCNTL 0x00: 12.5 Hz output, IIR low-pass
//            at ODR/9 ≈ 1.4 Hz, first order: 0.42× at 3 Hz);
//   25–100 Hz: Fitbit does not document its filter: either the IIR at ODR/2 or an average over
//            each sample period, drawn per hold.

import { makeRandom } from "./random";

export type HoldKind =
  "steady" | "steady-regrip" | "single-tug" | "double-tug" | "bounce" | "bounce-late" | "bounce-all";
export const CALM_KINDS: HoldKind[] = ["steady", "steady-regrip", "single-tug", "double-tug"];
export const BOUNCE_KINDS: HoldKind[] = ["bounce", "bounce-late", "bounce-all"];
export const ALL_KINDS: HoldKind[] = CALM_KINDS.concat(BOUNCE_KINDS);

export type PulseShape = "smooth" | "gauss" | "asymmetric" | "raised-cosine";
export type ModelEnvelope = "base" | "wide";
/** How the sensor low-passes before sampling (wide model): a first-order IIR at ODR/9 or ODR/2, or an average over the sample period. */
export type SensorFilter = "iir-odr9" | "iir-odr2" | "average";
export const PULSE_SHAPES: PulseShape[] = ["smooth", "gauss", "asymmetric", "raised-cosine"];
/** Isolated pulls are discrete movements: they start and end at rest. */
const ISOLATED_SHAPES: PulseShape[] = ["smooth", "gauss", "asymmetric"];

export interface Bout {
  startMs: number;
  endMs: number;
}

export interface GeneratedHold {
  name: string;
  /** The seed that drew it: generateHold(seed, { kind, envelope }) renders it again. */
  seed: number;
  kind: HoldKind;
  fsHz: number;
  durationMs: number;
  bouts: Bout[];
  /** The drawn parameters in words, for diagnosing a miss. */
  description: string;
  /** Wide model: the sensor's own filter (a device knows its sensor and may tell the detector). */
  sensorFilter?: SensorFilter;
  t: number[];
  x: number[];
  y: number[];
  z: number[];
}

/** Everything a test may pin down; the rest is drawn from the seed. */
export interface HoldOptions {
  kind: HoldKind;
  fsHz: number;
  durationMs: number;
  /** World-from-watch orientation as a rotation vector (radians). */
  orientation: Vec3;
  /** Tug rate of the bouncing run. */
  bounceHz: number;
  /** Number of tugs in each bouncing run. */
  bounceTugs: number;
  shape: PulseShape;
  /** Displacement of the hand per tug, metres. */
  tugMetres: number;
  /** Wrist rotation per tug, degrees. */
  tugDegrees: number;
  /** Quantisation step, m/s². */
  quantum: number;
  /** Time-stamp jitter, ms (standard deviation). */
  jitterMs: number;
  /** Parameter envelope; "base" unless given. */
  envelope: ModelEnvelope;
  /** Wide model: the sensor's filter (drawn per rate unless given). */
  filter: SensorFilter;
  /** Wide model: whether the hold starts with settling motion (drawn unless given). */
  settling: boolean;
  /**
   * Render the hold without its tugs' motion (the bouts' and single or double tugs'), everything
   * else as drawn: every value is still drawn, so subtracting this rendering from the full one
   * leaves the tugs alone (up to quantisation) — how the bench measures a bout's signal-to-noise ratio.
   */
  withoutTugs: boolean;
}

export type Vec3 = [number, number, number];

const G = 9.80665;
const DEG = Math.PI / 180;

class Draw {
  constructor(readonly random: () => number) {}
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.random();
  }
  logUniform(lo: number, hi: number): number {
    return Math.exp(this.uniform(Math.log(lo), Math.log(hi)));
  }
  int(lo: number, hi: number): number {
    return Math.floor(this.uniform(lo, hi + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
  normal(): number {
    const u = Math.max(this.random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
  }
  unitVector(): Vec3 {
    const v: Vec3 = [this.normal(), this.normal(), this.normal()];
    const n = Math.hypot(v[0], v[1], v[2]) || 1;
    return [v[0] / n, v[1] / n, v[2] / n];
  }
  /** Uniformly random rotation as a rotation vector. */
  rotation(): Vec3 {
    const axis = this.unitVector();
    // The angle of a uniform random rotation has density (1 - cos θ)/π on [0, π].
    let angle = 0;
    for (;;) {
      angle = this.uniform(0, Math.PI);
      if (this.random() * 2 <= 1 - Math.cos(angle)) break;
    }
    return [axis[0] * angle, axis[1] * angle, axis[2] * angle];
  }
}

/** Rotates v by the rotation vector r (Rodrigues). */
function rotate(r: Vec3, v: Vec3): Vec3 {
  const angle = Math.hypot(r[0], r[1], r[2]);
  if (angle < 1e-12) return [v[0], v[1], v[2]];
  const k: Vec3 = [r[0] / angle, r[1] / angle, r[2] / angle];
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const dot = k[0] * v[0] + k[1] * v[1] + k[2] * v[2];
  return [
    v[0] * c + (k[1] * v[2] - k[2] * v[1]) * s + k[0] * dot * (1 - c),
    v[1] * c + (k[2] * v[0] - k[0] * v[2]) * s + k[1] * dot * (1 - c),
    v[2] * c + (k[0] * v[1] - k[1] * v[0]) * s + k[2] * dot * (1 - c),
  ];
}

/** A sum of random sinusoids: a smooth, band-limited noise process defined at any time. */
class BandNoise {
  private readonly freqs: number[] = [];
  private readonly phases: number[] = [];
  private readonly dirs: Vec3[] = [];
  private readonly gains: number[] = [];
  /** sensorHz: the sensor's own low-pass (second order), which only partly stops aliasing at low rates. */
  constructor(draw: Draw, loHz: number, hiHz: number, rms: number, components: number, sensorHz = Infinity) {
    for (let i = 0; i < components; i++) {
      this.freqs.push(draw.uniform(loHz, hiHz));
      this.phases.push(draw.uniform(0, 2 * Math.PI));
      this.dirs.push(draw.unitVector());
      this.gains.push(draw.uniform(0.5, 1));
    }
    const power = this.gains.reduce((sum, g) => sum + (g * g) / 2, 0);
    const norm = rms / Math.sqrt(power || 1);
    for (let i = 0; i < components; i++) {
      const ratio = this.freqs[i] / sensorHz;
      this.gains[i] *= norm / (1 + ratio * ratio);
    }
  }
  at(tS: number, out: Vec3): void {
    for (let i = 0; i < this.freqs.length; i++) {
      const v = this.gains[i] * Math.sin(2 * Math.PI * this.freqs[i] * tS + this.phases[i]);
      out[0] += v * this.dirs[i][0];
      out[1] += v * this.dirs[i][1];
      out[2] += v * this.dirs[i][2];
    }
  }
}

/** One towel pull: displacement pulse d(t) (0 → 1 → 0) and its second derivative, per unit amplitude. */
interface Pulse {
  startS: number;
  widthS: number;
  shape: PulseShape;
  /** Rise share of the width for the asymmetric shape (a quick pull). */
  rise: number;
  metres: number;
  radians: number;
}

/** Displacement (0 → 1 → 0) of one pull at time tS, per unit amplitude. */
function displacement(p: Pulse, tS: number): number {
  const u = (tS - p.startS) / p.widthS;
  if (u <= 0 || u >= 1) return 0;
  switch (p.shape) {
    case "smooth": {
      // sin⁴: position, velocity and acceleration all start and end at rest (a minimum-jerk-like pull).
      const s = Math.sin(Math.PI * u);
      return s * s * s * s;
    }
    case "gauss": {
      // ±3σ in the window, shifted so it starts and ends at 0.
      const v = (u - 0.5) * 6;
      return (Math.exp((-v * v) / 2) - Math.exp(-4.5)) / (1 - Math.exp(-4.5));
    }
    case "asymmetric": {
      // A quick pull and a slower release; each half is a sin² ramp.
      const s =
        u < p.rise ? Math.sin((Math.PI / 2) * (u / p.rise)) : Math.cos((Math.PI / 2) * ((u - p.rise) / (1 - p.rise)));
      return s * s;
    }
    case "raised-cosine": {
      // Back to back, these make a continuous sinusoidal bounce.
      return 0.5 * (1 - Math.cos(2 * Math.PI * u));
    }
  }
}

function pullVelocity(p: Pulse, tS: number): number {
  const h = 0.001;
  return (displacement(p, tS + h) - displacement(p, tS - h)) / (2 * h);
}

/**
 * Acceleration along the pull as the sensor reports it: averaged over one sample period (which is
 * what the sensor's own filtering amounts to), i.e. the change of velocity over that period.
 */
function pullAcceleration(p: Pulse, tS: number, periodS: number): number {
  return (pullVelocity(p, tS) - pullVelocity(p, tS - periodS)) / periodS;
}

/** Largest |d''| of a unit pulse, found numerically, to keep pulls within what a hand does. */
function peakAcceleration(p: Pulse): number {
  let peak = 0;
  for (let u = 0; u <= 1; u += 0.005) {
    const tS = p.startS + u * p.widthS;
    const a = Math.abs((pullVelocity(p, tS + 0.0005) - pullVelocity(p, tS - 0.0005)) / 0.001);
    if (a > peak) peak = a;
  }
  return peak;
}

/** A towel pull does not shake the wrist harder than about 1 g. */
const MAX_PULL_ACCELERATION = 10;
/**
 * A tug is a quick pull: at least 0.3 m/s² at its peak. Slower, smaller pulls are a gentle rocking
 * that sinks into the hold's own wobble (whose rms reaches 0.19 m/s² in this model). With this floor
 * the weakest tenth of generated bouts matches the weakest tenth of the shared traces (band-passed
 * rms 0.14–0.18 m/s²); without it the generator made bouts down to 0.07 m/s², half the weakest shared one.
 */
const MIN_PULL_ACCELERATION = 0.3;

interface Regrip {
  startS: number;
  durationS: number;
  rotation: Vec3;
  jerkDir: Vec3;
  jerkSize: number;
  jerkSigmaS: number;
}

function smoothStep(u: number): number {
  if (u <= 0) return 0;
  if (u >= 1) return 1;
  return u * u * (3 - 2 * u);
}

const KIND_FOR_INDEX: HoldKind[] = [
  "steady",
  "steady",
  "steady",
  "steady-regrip",
  "steady-regrip",
  "single-tug",
  "double-tug",
  "double-tug",
  "bounce",
  "bounce",
  "bounce",
  "bounce-late",
  "bounce-all",
];

/** A mixed set of holds, as the benchmark and the tests use it: the same seed gives the same set. */
export function generateHoldSet(
  seed: number,
  count: number,
  prefix = "gen",
  envelope: ModelEnvelope = "base",
): GeneratedHold[] {
  const draw = new Draw(makeRandom(seed));
  const holds: GeneratedHold[] = [];
  for (let i = 0; i < count; i++) {
    const kind = KIND_FOR_INDEX[i % KIND_FOR_INDEX.length];
    const hold = generateHold(Math.floor(draw.random() * 2 ** 31), { kind, envelope });
    hold.name = `${prefix}-${String(i).padStart(3, "0")}-${kind}`;
    holds.push(hold);
  }
  return holds;
}

export function generateHold(seed: number, options: Partial<HoldOptions> = {}): GeneratedHold {
  const draw = new Draw(makeRandom(seed));
  // Every value is drawn whether or not it is pinned, so pinning one (say the orientation) leaves
  // all the others exactly as the seed makes them.
  const kind = pinned(options.kind, draw.pick(ALL_KINDS));
  const fsHz = pinned(options.fsHz, draw.pick([12.5, 25, 30, 50, 100]));
  const durationMs = pinned(options.durationMs, draw.pick([20000, 30000, 45000]));
  const orientation = pinned(options.orientation, draw.rotation());
  const quantum = pinned(options.quantum, G / draw.pick([256, 512, 1024, 4096]));
  const jitterMs = pinned(options.jitterMs, draw.uniform(0, 3));
  const durationS = durationMs / 1000;
  const wide = options.envelope === "wide";

  // Calm hold. The wide envelope draws the same values from wider ranges (so "base" stays bit for bit).
  const breathAxis = draw.unitVector();
  const breathHz = draw.uniform(0.1, 0.5);
  const breathRad = (wide ? draw.uniform(0.5, 6) : draw.uniform(0.5, 3)) * DEG;
  const breathPhase = draw.uniform(0, 2 * Math.PI);
  const driftAxis = draw.unitVector();
  const driftRad = draw.uniform(0, 10) * DEG;
  const driftTauS = draw.uniform(3, 20);
  const wobbleAcc = new BandNoise(draw, 0.2, 3, wide ? draw.uniform(0.03, 0.15) : draw.uniform(0.02, 0.1), 12);
  const wobbleRot = new BandNoise(draw, 0.2, 2, (wide ? draw.uniform(0.15, 0.9) : draw.uniform(0.1, 0.6)) * DEG, 10);
  // Enhanced physiological tremor of a hand under load. Base: the sensor's band ends near half its
  // rate. Wide: the sensor's filter is simulated below, so the tremor enters unfiltered.
  const tremor = wide
    ? new BandNoise(draw, 7, 11, draw.uniform(0.02, 0.4), 6)
    : new BandNoise(draw, 7, 11, draw.uniform(0.02, 0.3), 6, fsHz / 2);
  const noiseRms = draw.uniform(0.005, 0.05);

  // Tugs share the pull direction of this hold (towards the trunk) and a wrist rotation axis.
  const pullDir = draw.unitVector();
  const tugAxis = draw.unitVector();
  const pulses: Pulse[] = [];
  const bouts: Bout[] = [];
  const drawTugSize = () => ({
    metres: pinned(options.tugMetres, draw.logUniform(0.005, 0.04)),
    radians: pinned(options.tugDegrees, draw.logUniform(0.5, 5)) * DEG,
  });
  // Wide: the hold's first tug sets how quick its pull and release are, and the others repeat it
  // within ±0.05 (as their size repeats within ±20 %): a bout is one movement done again and again.
  // (Until round three each tug drew its own, so a bout's tugs flipped at random between a quick
  // pull and a quick release: not a tug shape, and not what a person does.) The draws are unchanged.
  let holdRise = -1;
  const tugRise = (drawn: number) => {
    if (holdRise < 0) return (holdRise = drawn);
    return Math.min(0.85, Math.max(0.15, holdRise + 0.15 * (drawn - 0.5)));
  };
  const addTug = (
    startS: number,
    widthS: number,
    shape: PulseShape,
    size: { metres: number; radians: number },
    vary: number,
  ) => {
    const pulse: Pulse = {
      startS,
      widthS,
      shape,
      // Wide: a quick pull and slow release or a slow pull and quick release.
      rise: wide ? tugRise(draw.uniform(0.15, 0.85)) : draw.uniform(0.25, 0.45),
      metres: size.metres * (1 + vary * draw.uniform(-1, 1)),
      radians: size.radians * (1 + vary * draw.uniform(-1, 1)),
    };
    const peak = peakAcceleration(pulse);
    pulse.metres = Math.min(Math.max(pulse.metres, MIN_PULL_ACCELERATION / peak), MAX_PULL_ACCELERATION / peak);
    pulses.push(pulse);
  };

  if (kind === "single-tug" || kind === "double-tug") {
    const shape = pinned(options.shape, draw.pick(ISOLATED_SHAPES));
    const size = drawTugSize();
    const widthS = draw.uniform(0.2, 0.6);
    const startS = draw.uniform(2, durationS - 4);
    addTug(startS, widthS, shape, size, 0.2);
    if (kind === "double-tug")
      addTug(startS + widthS + draw.uniform(0.1, 1.2), draw.uniform(0.2, 0.6), shape, size, 0.3);
  }

  if (kind === "bounce" || kind === "bounce-late" || kind === "bounce-all") {
    const rateHz = pinned(options.bounceHz, draw.uniform(0.7, 3));
    const periodS = 1 / rateHz;
    const shape = pinned(options.shape, draw.pick(PULSE_SHAPES));
    const size = drawTugSize();
    // Pulses fill 35–90 % of the period (never wider than a period, never narrower than 0.15 s).
    const widthS =
      shape === "raised-cosine" ? periodS : Math.max(0.15, Math.min(periodS, draw.uniform(0.35, 0.9) * periodS));
    const jitter = wide ? draw.uniform(0.02, 0.15) : draw.uniform(0.02, 0.1);
    const maxTugs = Math.floor((durationS - 3) * rateHz) - 1;
    let tugs: number;
    let startS: number;
    if (kind === "bounce-all") {
      // Wide: some holds bounce from the first instant, before the detector knows the hold's calm.
      startS = wide ? draw.uniform(0, 3) : draw.uniform(1, 3);
      tugs = pinned(options.bounceTugs, Math.floor((durationS - startS - 1) * rateHz));
    } else {
      // A late run must fit in the last 40 % of the hold.
      const fitting = kind === "bounce-late" ? Math.floor(durationS * 0.4 * rateHz) - 1 : maxTugs;
      tugs = pinned(options.bounceTugs, draw.int(4, Math.max(4, Math.min(12, fitting))));
      const boutS = tugs * periodS;
      const earliest = kind === "bounce-late" ? durationS * 0.6 : 2;
      startS = draw.uniform(earliest, Math.max(earliest, durationS - boutS - 0.5));
    }
    startS = Math.max(wide ? 0 : 0.5, startS);
    let at = startS;
    for (let i = 0; i < tugs; i++) {
      addTug(at, widthS, shape, size, 0.2);
      at += periodS * (1 + jitter * draw.normal());
    }
    const last = pulses[pulses.length - 1];
    bouts.push({ startMs: Math.round(startS * 1000), endMs: Math.round((last.startS + last.widthS) * 1000) });
  }

  const tugText =
    pulses.length === 0
      ? ""
      : ` ${pulses.length} tugs ${pulses[0].shape} ${(pulses[0].widthS * 1000).toFixed(0)} ms ${(pulses[0].metres * 100).toFixed(1)} cm ${(pulses[0].radians / DEG).toFixed(1)}°`;
  const rateText = pulses.length > 1 ? ` every ${((pulses[1].startS - pulses[0].startS) * 1000).toFixed(0)} ms` : "";
  const regrips: Regrip[] = [];
  if (kind === "steady-regrip") {
    const count = draw.int(1, 2);
    for (let i = 0; i < count; i++) {
      const axis = draw.unitVector();
      const angle = draw.uniform(5, 30) * DEG;
      regrips.push({
        startS: draw.uniform(2, durationS - 3),
        durationS: draw.uniform(0.15, 0.5),
        rotation: [axis[0] * angle, axis[1] * angle, axis[2] * angle],
        jerkDir: draw.unitVector(),
        jerkSize: draw.uniform(1, 5),
        jerkSigmaS: draw.uniform(0.03, 0.08),
      });
    }
  }

  // Sample times: nominal rate, jitter, now and then a late batch.
  const t: number[] = [];
  let lastMs = -1;
  for (let k = 0; ; k++) {
    let ms = Math.round((k * 1000) / fsHz + jitterMs * draw.normal());
    if (ms <= lastMs) ms = lastMs + 1;
    if (ms >= durationMs) break;
    t.push(ms);
    lastMs = ms;
  }

  // Wide: the settling of the hold's first seconds. The leg, just lifted, sways to rest (a damped
  // oscillation of the hand) while it sinks into the stretch, and the hands adjust the grip once or more.
  let settling = false;
  let filter: SensorFilter = "average";
  const sway = { dir: [0, 0, 0] as Vec3, size: 0, omega: 0, damping: 0, phase: 0 };
  const sink = { rotation: [0, 0, 0] as Vec3, durationS: 1 };
  if (wide) {
    settling = pinned(options.settling, draw.random() < 0.85);
    filter = pinned(options.filter, fsHz <= 12.5 ? "iir-odr9" : draw.pick<SensorFilter>(["iir-odr2", "average"]));
    sway.dir = draw.unitVector();
    sway.size = draw.uniform(0.1, 0.6);
    sway.omega = 2 * Math.PI * draw.uniform(0.5, 2);
    sway.damping = draw.uniform(0.25, 0.6);
    sway.phase = draw.uniform(0, 2 * Math.PI);
    const sinkAxis = draw.unitVector();
    const sinkAngle = draw.uniform(3, 15) * DEG;
    sink.rotation = [sinkAxis[0] * sinkAngle, sinkAxis[1] * sinkAngle, sinkAxis[2] * sinkAngle];
    sink.durationS = draw.uniform(1, 3);
    const grips = draw.int(1, 3);
    for (let i = 0; i < grips; i++) {
      const axis = draw.unitVector();
      const angle = draw.uniform(2, 10) * DEG;
      const grip: Regrip = {
        startS: draw.uniform(0.2, 4),
        durationS: draw.uniform(0.15, 0.4),
        rotation: [axis[0] * angle, axis[1] * angle, axis[2] * angle],
        jerkDir: draw.unitVector(),
        jerkSize: draw.uniform(0.5, 3),
        jerkSigmaS: draw.uniform(0.03, 0.08),
      };
      if (settling) regrips.push(grip);
    }
    if (!settling) sway.size = 0;
  }

  const rot: Vec3 = [0, 0, 0];
  const acc: Vec3 = [0, 0, 0];
  const tugMotion = options.withoutTugs ? [] : pulses;
  /** The specific force the watch feels at tS (no sensor noise); pulls averaged over `periodS`. */
  const feel = (tS: number, periodS: number): Vec3 => {
    // Wrist rotation relative to the start of the hold (small angles add).
    const breath = breathRad * Math.sin(2 * Math.PI * breathHz * tS + breathPhase);
    const drift = driftRad * (1 - Math.exp(-tS / driftTauS));
    for (let i = 0; i < 3; i++) {
      rot[i] = breathAxis[i] * breath + driftAxis[i] * drift;
      acc[i] = 0;
    }
    wobbleRot.at(tS, rot);
    wobbleAcc.at(tS, acc);
    tremor.at(tS, acc);
    for (const p of tugMotion) {
      if (tS < p.startS - 0.01 || tS > p.startS + p.widthS + 0.01) continue;
      const d = displacement(p, tS);
      const a = pullAcceleration(p, tS, periodS);
      for (let i = 0; i < 3; i++) {
        acc[i] += pullDir[i] * p.metres * a;
        rot[i] += tugAxis[i] * p.radians * d;
      }
    }
    for (const r of regrips) {
      const share = smoothStep((tS - r.startS) / r.durationS);
      const v = tS - r.startS - r.durationS / 2;
      // A jerk: derivative-of-Gaussian acceleration pulse (the hand snaps and stops).
      const jerk = r.jerkSize * (-v / r.jerkSigmaS) * Math.exp(0.5 - (v * v) / (2 * r.jerkSigmaS * r.jerkSigmaS));
      for (let i = 0; i < 3; i++) {
        rot[i] += r.rotation[i] * share;
        acc[i] += r.jerkDir[i] * jerk;
      }
    }
    if (settling) {
      const share = smoothStep(tS / sink.durationS);
      const decay = Math.exp(-sway.damping * sway.omega * tS);
      const swing =
        sway.size * decay * Math.sin(sway.omega * Math.sqrt(1 - sway.damping * sway.damping) * tS + sway.phase);
      for (let i = 0; i < 3; i++) {
        rot[i] += sink.rotation[i] * share;
        acc[i] += sway.dir[i] * swing;
      }
    }
    // Specific force in the world (z up), seen from the rotated watch frame.
    const world: Vec3 = [acc[0], acc[1], acc[2] + G];
    const inHand = rotate([-rot[0], -rot[1], -rot[2]], world);
    return rotate([-orientation[0], -orientation[1], -orientation[2]], inHand);
  };

  const readings: Vec3[] = wide ? throughSensorFilter(feel, t, fsHz, filter) : t.map((ms) => feel(ms / 1000, 1 / fsHz));
  const x: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  for (const reading of readings) {
    x.push(quantise(reading[0] + noiseRms * draw.normal(), quantum));
    y.push(quantise(reading[1] + noiseRms * draw.normal(), quantum));
    z.push(quantise(reading[2] + noiseRms * draw.normal(), quantum));
  }

  const extras = wide ? ` ${filter}${settling ? " settling" : ""}` : "";
  const description = `${kind} ${fsHz} Hz${extras}${tugText}${rateText}${regrips.length > 0 ? ` ${regrips.length} regrips` : ""}`;
  const hold: GeneratedHold = {
    name: `hold-${seed}-${kind}`,
    seed,
    kind,
    fsHz,
    durationMs,
    bouts,
    description,
    t,
    x,
    y,
    z,
  };
  if (wide) hold.sensorFilter = filter;
  return hold;
}

/** The sensor's own filter, simulated: the motion at INTERNAL_HZ, low-passed, read at each sample time. */
const INTERNAL_HZ = 400;

function throughSensorFilter(
  feel: (tS: number, periodS: number) => Vec3,
  times: number[],
  fsHz: number,
  filter: SensorFilter,
): Vec3[] {
  const step = 1 / INTERNAL_HZ;
  // First-order IIR low-pass, exact for the internal step: corner at ODR/9 or ODR/2.
  const cornerHz = filter === "iir-odr9" ? fsHz / 9 : fsHz / 2;
  const gain = 1 - Math.exp(-2 * Math.PI * cornerHz * step);
  const out: Vec3[] = [];
  let state: Vec3 | null = null;
  const sum: Vec3 = [0, 0, 0];
  let count = 0;
  let tick = 0;
  for (const ms of times) {
    const tS = ms / 1000;
    while (tick * step <= tS) {
      const v = feel(tick * step, step);
      if (state === null) state = [v[0], v[1], v[2]];
      for (let i = 0; i < 3; i++) {
        state[i] += gain * (v[i] - state[i]);
        sum[i] += v[i];
      }
      count++;
      tick++;
    }
    if (filter === "average") {
      // Two readings within one internal step (jittery time stamps): the sensor has nothing new and
      // repeats its last average. (Until round five this divided by zero: a few NaN readings.)
      if (count === 0) {
        out.push(out.length > 0 ? out[out.length - 1] : feel(tS, step));
        continue;
      }
      out.push([sum[0] / count, sum[1] / count, sum[2] / count]);
      sum[0] = sum[1] = sum[2] = 0;
      count = 0;
    } else {
      const s = state as Vec3;
      out.push([s[0], s[1], s[2]]);
    }
  }
  return out;
}

/** The share of the output rate where the sensor's first-order low-pass sits, for BounceDetector (0: none it needs to undo). */
export function sensorLowPassShare(filter: SensorFilter | undefined): number {
  return filter === "iir-odr9" ? 1 / 9 : 0;
}

function pinned<T>(option: T | undefined, drawn: T): T {
  return option === undefined ? drawn : option;
}

function quantise(value: number, quantum: number): number {
  return Math.round(value / quantum) * quantum;
}

/** The hold as CSV text in the shared trace format. */
export function holdToCsv(hold: GeneratedHold): string {
  const lines = ["t_ms,x,y,z"];
  for (let i = 0; i < hold.t.length; i++) {
    lines.push(`${hold.t[i]},${hold.x[i].toFixed(4)},${hold.y[i].toFixed(4)},${hold.z[i].toFixed(4)}`);
  }
  return lines.join("\n") + "\n";
}
