// Wrist motion for the fake Bangle from accelerometer traces (m/s², any rate): each hold plays its
// trace from the moment the app starts listening for it, resampled at the firmware's poll times and
// converted to g. Outside holds, and after a trace ends, the wrist rests in the trace's last
// orientation with sensor-level noise.
import { makeRandom } from "../../model/random";
import type { Trace } from "../../model/trace-csv";
import type { AccelSample, FakeBangle, MotionSource } from "./runtime";

const G = 9.80665;

/** The trace's acceleration at `ms` after its first sample, linearly interpolated, in g. */
export function traceAt(trace: Trace, ms: number): AccelSample | null {
  const t = trace.t[0] + ms;
  const n = trace.t.length;
  if (n === 0 || t > trace.t[n - 1]) return null;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (trace.t[mid] <= t) lo = mid;
    else hi = mid;
  }
  const span = trace.t[hi] - trace.t[lo];
  const f = span > 0 ? Math.max(0, Math.min(1, (t - trace.t[lo]) / span)) : 0;
  const mix = (a: number[]) => (a[lo] + (a[hi] - a[lo]) * f) / G;
  return { x: mix(trace.x), y: mix(trace.y), z: mix(trace.z) };
}

/**
 * Holds are told apart by the app's own signal: each hold starts when it turns the firmware's power
 * saving off (Bangle.setOptions({powerSave: false})). `traces` maps "left-1", "right-2", … or "*".
 * `holdKeys` lists the holds in the order the routine plays them.
 */
export function tracesByHold(
  bangle: () => FakeBangle,
  traces: Record<string, Trace>,
  holdKeys: string[],
  seed = 1,
): MotionSource {
  const noise = makeRandom(seed);
  let rest: AccelSample = { x: 0.09, y: 0.63, z: -0.77 };
  const jitter = (s: AccelSample): AccelSample => ({
    x: s.x + (noise() - 0.5) * 0.004,
    y: s.y + (noise() - 0.5) * 0.004,
    z: s.z + (noise() - 0.5) * 0.004,
  });
  return (t) => {
    const starts = bangle().sensorCalls.filter(
      (c) => c.call === "setOptions" && (c.value as { powerSave?: unknown }).powerSave === false && c.t <= t,
    );
    if (starts.length === 0) return jitter(rest);
    const key = holdKeys[starts.length - 1];
    const trace = key === undefined ? undefined : (traces[key] ?? traces["*"]);
    const sample = trace === undefined ? null : traceAt(trace, t - starts[starts.length - 1].t);
    if (sample === null) return jitter(rest);
    rest = sample;
    return sample;
  };
}

/** "left-1" … in the order a routine plays its holds. */
export function holdOrder(firstLeg: "left" | "right", repsPerLeg: number): string[] {
  const second = firstLeg === "left" ? "right" : "left";
  const keys: string[] = [];
  for (const leg of [firstLeg, second]) for (let rep = 1; rep <= repsPerLeg; rep++) keys.push(leg + "-" + rep);
  return keys;
}
