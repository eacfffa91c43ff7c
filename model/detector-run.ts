// Runs the bounce detector over one recorded or modelled hold, as the tools and tests do.
import type { BounceDetector } from "../common/bounce";

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
