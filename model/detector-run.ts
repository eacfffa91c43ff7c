// Runs the bounce detector over one recorded or modelled hold, as the tools and tests do.
import { sensorInverseGain, type BounceDetector } from "../common/bounce";

export interface Samples {
  t: ArrayLike<number>;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number>;
}

/** Warning times (ms since the start of the hold) the detector raises on one hold. */
export function warningTimes(samples: Samples, detector: BounceDetector): number[] {
  detector.reset();
  const warnings: number[] = [];
  for (let i = 0; i < samples.t.length; i++) {
    if (detector.push(samples.t[i], samples.x[i], samples.y[i], samples.z[i])) warnings.push(samples.t[i]);
  }
  return warnings;
}

/** The samples with a sensor's first-order low-pass (corner at `cornerShare` of the output rate) undone, as such a device feeds the detector. */
export function undoSensorLowPass(samples: Samples, cornerShare: number): Samples {
  const k = sensorInverseGain(cornerShare);
  if (k === 0) return samples;
  const undo = (v: ArrayLike<number>) => Array.from(v, (value, i) => value + k * (value - v[Math.max(0, i - 1)]));
  return { t: samples.t, x: undo(samples.x), y: undo(samples.y), z: undo(samples.z) };
}
