// A long stream of realistic samples for the benchmark's cost measurements, and the loop that feeds it.
import { BounceDetector } from "../common/bounce";
import type { Samples } from "../model/detector-run";

/** Holds played back to back (times continue from one to the next) until `samples` samples. */
export function costStream(holds: Samples[], samples: number): Float64Array[] {
  const t = new Float64Array(samples);
  const x = new Float64Array(samples);
  const y = new Float64Array(samples);
  const z = new Float64Array(samples);
  let offset = 0;
  for (let i = 0, h = 0, k = 0; i < samples; i++, k++) {
    if (k >= holds[h].t.length) {
      h = (h + 1) % holds.length;
      k = 0;
      offset = t[i - 1] + 20 - holds[h].t[0];
    }
    t[i] = holds[h].t[k] + offset;
    x[i] = holds[h].x[k];
    y[i] = holds[h].y[k];
    z[i] = holds[h].z[k];
  }
  return [t, x, y, z];
}

export function pushAll(detector: BounceDetector, [t, x, y, z]: Float64Array[], from: number, to: number): number {
  let warnings = 0;
  for (let i = from; i < to; i++) if (detector.push(t[i], x[i], y[i], z[i])) warnings++;
  return warnings;
}
