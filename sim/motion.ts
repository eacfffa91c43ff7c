// What the watch's accelerometer feels during a hold: a scenario trace (played at its own
// sample times), or a calm hold when the scenario gives none or the trace has run out.
import { makeRandom } from "../model/random";
import type { Trace } from "../model/trace-csv";

export interface Sample {
  /** ms since this hold's motion started */
  t: number;
  x: number;
  y: number;
  z: number;
}

export interface MotionSource {
  /** Sample `i` (0-based); sources never end. */
  sample(i: number): Sample;
}

/**
 * The motion the simulator gives one hold. `hold` names the hold ("left-2"): a sensor that stays on
 * from one hold into the next (no rest between them) compares it with the hold on the screen and
 * starts the new hold's motion at its first batch, as a real wrist would move.
 */
export interface HoldMotion extends MotionSource {
  readonly hold: string;
}

const G = 9.80665;
const CALM_RATE_HZ = 50;
const QUANTUM = G / 1024;

function quantize(v: number): number {
  return Math.round(v / QUANTUM) * QUANTUM;
}

/**
 * A still hold: gravity in a fixed wrist orientation, slow breathing tilt, faint tremor and
 * sensor noise — well below anything a bounce detector should flag.
 */
export class CalmMotion implements MotionSource {
  private readonly noise: () => number;
  private cache: Sample[] = [];

  constructor(
    seed: number,
    private readonly gravity: [number, number, number] = [0.9, 6.2, 7.5],
    private readonly startT = 0,
    private readonly periodMs = 1000 / CALM_RATE_HZ,
  ) {
    this.noise = makeRandom(seed);
  }

  sample(i: number): Sample {
    // Samples are generated in order and kept, so asking again gives the same value.
    while (this.cache.length <= i) {
      const k = this.cache.length;
      const t = this.startT + k * this.periodMs;
      const s = t / 1000;
      const breathing = 0.06 * Math.sin(2 * Math.PI * 0.25 * s);
      const tremor = 0.015 * Math.sin(2 * Math.PI * 9 * s);
      const n = () => (this.noise() - 0.5) * 0.03;
      const [gx, gy, gz] = this.gravity;
      this.cache.push({
        t,
        x: quantize(gx + tremor + n()),
        y: quantize(gy + breathing + n()),
        z: quantize(gz - breathing + tremor + n()),
      });
    }
    return this.cache[i];
  }
}

/** A recorded or modelled hold; after its last sample the hold goes on calmly in the same orientation. */
export class TraceMotion implements MotionSource {
  private readonly after: CalmMotion;
  private readonly t0: number;

  constructor(
    private readonly trace: Trace,
    seed: number,
  ) {
    const n = trace.t.length;
    this.t0 = trace.t[0];
    const last = Math.max(0, n - 1);
    const periodMs = n > 1 ? (trace.t[last] - trace.t[0]) / (n - 1) : 1000 / CALM_RATE_HZ;
    // Continue from the mean orientation of the final second of the trace.
    let sx = 0,
      sy = 0,
      sz = 0,
      count = 0;
    for (let i = last; i >= 0 && trace.t[last] - trace.t[i] <= 1000; i--, count++) {
      sx += trace.x[i];
      sy += trace.y[i];
      sz += trace.z[i];
    }
    this.after = new CalmMotion(
      seed,
      [sx / count, sy / count, sz / count],
      trace.t[last] - this.t0 + periodMs,
      periodMs,
    );
  }

  sample(i: number): Sample {
    const n = this.trace.t.length;
    if (i < n) return { t: this.trace.t[i] - this.t0, x: this.trace.x[i], y: this.trace.y[i], z: this.trace.z[i] };
    return this.after.sample(i - n);
  }
}
