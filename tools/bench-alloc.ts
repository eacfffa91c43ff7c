// Allocation of BounceDetector.push, measured in a process of its own (tools/bench.ts starts it):
// V8 flags give it a young generation big enough that no garbage collection runs during the
// measurement, and enough inlining budget that push is inlined into the loop (with its bout logic it
// needs twice V8's default; tools/bench.ts passes the flags). Without inlining, V8
// boxes the three non-integer arguments of every call (3 × 16 bytes), which is the call's cost, not
// the detector's. Prints one JSON line: { samples, bytesPerSample, collections }.
import { PerformanceObserver } from "node:perf_hooks";
import { BounceDetector } from "../common/bounce";
import { generateHoldSet } from "../model/holds";
import { costStream, pushAll } from "./bench-stream";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const samples = 1_000_000;
const stream = costStream(generateHoldSet(1, 60), samples);
const detector = new BounceDetector("normal");
for (let round = 0; round < 3; round++) {
  detector.reset();
  pushAll(detector, stream, 0, samples);
}
let collections = 0;
const observer = new PerformanceObserver((list) => {
  collections += list.getEntries().length;
});
observer.observe({ entryTypes: ["gc"] });
detector.reset();
gc();
collections = 0;
const before = process.memoryUsage().heapUsed;
pushAll(detector, stream, 0, samples);
const after = process.memoryUsage().heapUsed;
observer.disconnect();
process.stdout.write(JSON.stringify({ samples, bytesPerSample: (after - before) / samples, collections }) + "\n");
