// Seeded model of the wrist accelerometer during one hold of the towel hamstring stretch.
// Physics, not recordings: the watch frame sits in a random orientation; the reading is the specific
// force (gravity + linear acceleration) rotated into that frame. Calm holds carry breathing tilt,
// slow drift as the leg sinks, muscular wobble, tremor (aliased at low rates, as without an
// anti-alias filter), sensor noise, jittery time stamps and quantisation. Tugs are towel pulls: a
// displacement pulse along the pull direction (its second derivative is the linear acceleration)
// with a wrist rotation that follows the displacement. Bouncing is a run of ≥ 4 such tugs at
// 0.7–3 Hz with some rhythm and size variation; a re-grip is one quick rotation with a jerk.

import { makeRandom } from "./random";

export type HoldKind = "steady" | "steady-regrip" | "single-tug" | "double-tug" | "bounce" | "bounce-late" | "bounce-all";
export const CALM_KINDS: HoldKind[] = ["steady", "steady-regrip", "single-tug", "double-tug"];
export const BOUNCE_KINDS: HoldKind[] = ["bounce", "bounce-late", "bounce-all"];
export const ALL_KINDS: HoldKind[] = CALM_KINDS.concat(BOUNCE_KINDS);

export type PulseShape = "smooth" | "gauss" | "asymmetric" | "raised-cosine";
export const PULSE_SHAPES: PulseShape[] = ["smooth", "gauss", "asymmetric", "raised-cosine"];
/** Isolated pulls are discrete movements: they start and end at rest. */
const ISOLATED_SHAPES: PulseShape[] = ["smooth", "gauss", "asymmetric"];

export interface Bout {
  startMs: number;
  endMs: number;
}

export interface GeneratedHold {
  name: string;
  kind: HoldKind;
  fsHz: number;
  durationMs: number;
  bouts: Bout[];
  /** The drawn parameters in words, for diagnosing a miss. */
  description: string;
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
      const s = u < p.rise ? Math.sin((Math.PI / 2) * (u / p.rise)) : Math.cos((Math.PI / 2) * ((u - p.rise) / (1 - p.rise)));
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
export function generateHoldSet(seed: number, count: number, prefix = "gen"): GeneratedHold[] {
  const draw = new Draw(makeRandom(seed));
  const holds: GeneratedHold[] = [];
  for (let i = 0; i < count; i++) {
    const kind = KIND_FOR_INDEX[i % KIND_FOR_INDEX.length];
    const hold = generateHold(Math.floor(draw.random() * 2 ** 31), { kind });
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

  // Calm hold.
  const breathAxis = draw.unitVector();
  const breathHz = draw.uniform(0.1, 0.5);
  const breathRad = draw.uniform(0.5, 3) * DEG;
  const breathPhase = draw.uniform(0, 2 * Math.PI);
  const driftAxis = draw.unitVector();
  const driftRad = draw.uniform(0, 10) * DEG;
  const driftTauS = draw.uniform(3, 20);
  const wobbleAcc = new BandNoise(draw, 0.2, 3, draw.uniform(0.02, 0.1), 12);
  const wobbleRot = new BandNoise(draw, 0.2, 2, draw.uniform(0.1, 0.6) * DEG, 10);
  // Enhanced physiological tremor of a hand under load; the sensor's band ends near half its rate.
  const tremor = new BandNoise(draw, 7, 11, draw.uniform(0.02, 0.3), 6, fsHz / 2);
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
  const addTug = (startS: number, widthS: number, shape: PulseShape, size: { metres: number; radians: number }, vary: number) => {
    const pulse: Pulse = {
      startS,
      widthS,
      shape,
      rise: draw.uniform(0.25, 0.45),
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
    if (kind === "double-tug") addTug(startS + widthS + draw.uniform(0.1, 1.2), draw.uniform(0.2, 0.6), shape, size, 0.3);
  }

  if (kind === "bounce" || kind === "bounce-late" || kind === "bounce-all") {
    const rateHz = pinned(options.bounceHz, draw.uniform(0.7, 3));
    const periodS = 1 / rateHz;
    const shape = pinned(options.shape, draw.pick(PULSE_SHAPES));
    const size = drawTugSize();
    // Pulses fill 35–90 % of the period (never wider than a period, never narrower than 0.15 s).
    const widthS = shape === "raised-cosine" ? periodS : Math.max(0.15, Math.min(periodS, draw.uniform(0.35, 0.9) * periodS));
    const jitter = draw.uniform(0.02, 0.1);
    const maxTugs = Math.floor((durationS - 3) * rateHz) - 1;
    let tugs: number;
    let startS: number;
    if (kind === "bounce-all") {
      startS = draw.uniform(1, 3);
      tugs = pinned(options.bounceTugs, Math.floor((durationS - startS - 1) * rateHz));
    } else {
      // A late run must fit in the last 40 % of the hold.
      const fitting = kind === "bounce-late" ? Math.floor(durationS * 0.4 * rateHz) - 1 : maxTugs;
      tugs = pinned(options.bounceTugs, draw.int(4, Math.max(4, Math.min(12, fitting))));
      const boutS = tugs * periodS;
      const earliest = kind === "bounce-late" ? durationS * 0.6 : 2;
      startS = draw.uniform(earliest, Math.max(earliest, durationS - boutS - 0.5));
    }
    startS = Math.max(0.5, startS);
    let at = startS;
    for (let i = 0; i < tugs; i++) {
      addTug(at, widthS, shape, size, 0.2);
      at += periodS * (1 + jitter * draw.normal());
    }
    const last = pulses[pulses.length - 1];
    bouts.push({ startMs: Math.round(startS * 1000), endMs: Math.round((last.startS + last.widthS) * 1000) });
  }

  const tugText = pulses.length === 0 ? "" : ` ${pulses.length} tugs ${pulses[0].shape} ${(pulses[0].widthS * 1000).toFixed(0)} ms ${(pulses[0].metres * 100).toFixed(1)} cm ${(pulses[0].radians / DEG).toFixed(1)}°`;
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

  const x: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  const rot: Vec3 = [0, 0, 0];
  const acc: Vec3 = [0, 0, 0];
  for (const ms of t) {
    const tS = ms / 1000;
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
    for (const p of pulses) {
      if (tS < p.startS - 0.01 || tS > p.startS + p.widthS + 0.01) continue;
      const d = displacement(p, tS);
      const a = pullAcceleration(p, tS, 1 / fsHz);
      for (let i = 0; i < 3; i++) {
        acc[i] += pullDir[i] * p.metres * a;
        rot[i] += tugAxis[i] * p.radians * d;
      }
    }
    for (const r of regrips) {
      const share = smoothStep((tS - r.startS) / r.durationS);
      const v = tS - r.startS - r.durationS / 2;
      // A jerk: derivative-of-Gaussian acceleration pulse (the hand snaps and stops).
      const jerk = (r.jerkSize * (-v / r.jerkSigmaS) * Math.exp(0.5 - (v * v) / (2 * r.jerkSigmaS * r.jerkSigmaS)));
      for (let i = 0; i < 3; i++) {
        rot[i] += r.rotation[i] * share;
        acc[i] += r.jerkDir[i] * jerk;
      }
    }
    // Specific force in the world (z up), seen from the rotated watch frame.
    const world: Vec3 = [acc[0], acc[1], acc[2] + G];
    const inHand = rotate([-rot[0], -rot[1], -rot[2]], world);
    const reading = rotate([-orientation[0], -orientation[1], -orientation[2]], inHand);
    x.push(quantise(reading[0] + noiseRms * draw.normal(), quantum));
    y.push(quantise(reading[1] + noiseRms * draw.normal(), quantum));
    z.push(quantise(reading[2] + noiseRms * draw.normal(), quantum));
  }

  const description = `${kind} ${fsHz} Hz${tugText}${rateText}${regrips.length > 0 ? ` ${regrips.length} regrips` : ""}`;
  return { name: `hold-${seed}-${kind}`, kind, fsHz, durationMs, bouts, description, t, x, y, z };
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
