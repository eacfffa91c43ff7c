// npm run bench: detection quality on the shared traces and on generated holds, and the detector's
// cost in time (here) and allocation (tools/bench-alloc.ts, in a child process with its own V8 flags).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { BounceDetector } from "../common/bounce";
import { Sensitivity } from "../common/routine";
import { generateHoldSet } from "../model/holds";
import { Samples, warningTimes } from "../model/detector-run";
import { LabelledHold, parseLabelsCsv, Score, scoreHolds } from "./bench-score";
import { costStream, pushAll } from "./bench-stream";
import { parseTraceCsv } from "../model/trace-csv";
import { measureWatchMemory } from "./watch-memory";
import { loadBundle } from "../sim/bundle";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const FBA = join(ROOT, "build", "app.fba");
const SHARED_TRACES = resolve(ROOT, "../shared/traces");
/** The generator's constants were developed against TUNING_SEED; HELD_OUT_SEED is only ever scored. */
const TUNING_SEED = 1;
const HELD_OUT_SEED = 20260611;
const GENERATED_HOLDS = 390;

type Hold = LabelledHold & Samples;

function sharedHolds(): Hold[] | null {
  const labelsPath = join(SHARED_TRACES, "labels.csv");
  if (!existsSync(labelsPath)) return null;
  return parseLabelsCsv(readFileSync(labelsPath, "utf8"), labelsPath).map((label) => {
    const file = join(SHARED_TRACES, `${label.name}.csv`);
    return { ...label, ...parseTraceCsv(readFileSync(file, "utf8"), file) };
  });
}

function evaluate(holds: Hold[], sensitivity: Sensitivity): Score {
  const detector = new BounceDetector(sensitivity);
  return scoreHolds(
    holds,
    holds.map((hold) => warningTimes(hold, detector)),
  );
}

function row(set: string, sensitivity: Sensitivity, score: Score): string[] {
  return [
    set,
    sensitivity,
    String(score.holds),
    `${score.caught}/${score.bouts} = ${score.recall.toFixed(3)}`,
    `${score.falseWarnings} (${score.falsePerMinute.toFixed(3)}/min)`,
    `${score.calmClean}/${score.calmHolds} = ${score.calmCleanShare.toFixed(3)}`,
    `${(score.latencyMedianMs / 1000).toFixed(2)} s`,
    `${(score.latencyP90Ms / 1000).toFixed(2)} s`,
  ];
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
  console.log(line(header));
  console.log("| " + widths.map((w) => "-".repeat(w)).join(" | ") + " |");
  for (const r of rows) console.log(line(r));
}

/** Time per push, best of five runs over a long stream (plain node flags: the cost as deployed in Node). */
function nsPerSample(holds: Hold[]): number {
  const samples = 2_000_000;
  const stream = costStream(holds, samples);
  const detector = new BounceDetector("normal");
  // Warm up so the optimising compiler has done its work before anything is timed.
  pushAll(detector, stream, 0, 200_000);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    detector.reset();
    const start = process.hrtime.bigint();
    pushAll(detector, stream, 0, samples);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / samples);
  }
  return best;
}

/** Heap bytes per push, measured by tools/bench-alloc.ts in a child process with the V8 flags it needs. */
function allocation(): string {
  const child = spawnSync(
    process.execPath,
    ["--expose-gc", "--max-semi-space-size=128", "--max-inlined-bytecode-size=2000", "--max-inlined-bytecode-size-cumulative=4000", "--import", "tsx", join(ROOT, "tools/bench-alloc.ts")],
    { cwd: ROOT, encoding: "utf8" },
  );
  if (child.status !== 0) return `not measured (${child.stderr.trim().split("\n")[0]})`;
  const result = JSON.parse(child.stdout) as { samples: number; bytesPerSample: number; collections: number };
  const spoilt = result.collections > 0 ? `; ${result.collections} garbage collection(s) ran, so this is a lower bound` : "";
  return `${result.bytesPerSample.toFixed(3)} bytes per sample (heapUsed before/after ${result.samples} pushes, no garbage collection in between${spoilt})`;
}

/** "session.cbor 848 B, one pending result 154 B, …": the per-result files (pending-<id>.cbor) as one entry. */
function describeFiles(fileBytes: Record<string, number>): string {
  const sizes = new Map<string, number>();
  for (const [name, bytes] of Object.entries(fileBytes)) {
    const label = /^pending-.+\.cbor$/.test(name) ? "one pending result" : name;
    sizes.set(label, Math.max(sizes.get(label) ?? 0, bytes));
  }
  return [...sizes].map(([label, bytes]) => `${label} ${bytes} B`).join(", ");
}

async function watchNumbers(): Promise<void> {
  console.log("\nWatch app (the built build/app.fba)");
  if (!existsSync(FBA)) {
    console.log("  not measured: no build yet (npm run build)");
    return;
  }
  const bundle = loadBundle(FBA, "atlas");
  console.log(`  device JS, minified: ${Buffer.byteLength(bundle.deviceCode)} bytes (budget 24576)`);
  const memory = await measureWatchMemory("atlas");
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`  V8 memory of the watch context (an upper bound for JerryScript): idle ${kb(memory.idleBytes)}, ` +
    `first session peak ${kb(memory.firstSessionPeakBytes)}, warm idle ${kb(memory.warmIdleBytes)}, warm session peak ${kb(memory.warmPeakBytes)}`);
  console.log(`  what a session adds once the code is compiled: ${kb(memory.warmPeakBytes - memory.warmIdleBytes)}`);
  console.log(`  largest watch files in two default sessions, phone out of reach: ${describeFiles(memory.fileBytes)}`);
}

function main(): void {
  const header = ["set", "sensitivity", "holds", "recall (bouts)", "false warnings", "calm holds clean", "latency median", "latency p90"];
  const rows: string[][] = [];
  const shared = sharedHolds();
  const tuning: Hold[] = generateHoldSet(TUNING_SEED, GENERATED_HOLDS, "tune");
  const heldOut: Hold[] = generateHoldSet(HELD_OUT_SEED, GENERATED_HOLDS, "held");
  const sets: Array<[string, Hold[]]> = [];
  if (shared) sets.push(["shared traces", shared]);
  else console.log(`(shared traces not found at ${SHARED_TRACES})`);
  sets.push([`generated, tuning (seed ${TUNING_SEED})`, tuning], [`generated, held out (seed ${HELD_OUT_SEED})`, heldOut]);
  const problems: string[] = [];
  for (const [name, holds] of sets) {
    for (const sensitivity of ["normal", "low", "high"] as Sensitivity[]) {
      const score = evaluate(holds, sensitivity);
      rows.push(row(name, sensitivity, score));
      if (sensitivity === "normal" && score.problems.length > 0) problems.push(`${name}: ${score.problems.join("; ")}`);
    }
  }
  console.log("Bounce detection (a bout is caught by a warning inside [start, end + 2 s]; other warnings are false)\n");
  printTable(header, rows);
  if (problems.length > 0) console.log("\nMissed bouts or false warnings at normal sensitivity (name [warnings ms]):\n" + problems.join("\n"));

  console.log(`\nDetector cost: ${nsPerSample(tuning).toFixed(0)} ns per sample (best of 5 runs over 2,000,000 samples)`);
  console.log(`Allocation: ${allocation()}`);
}

main();
watchNumbers().catch((e) => {
  console.log(`  not measured: ${e instanceof Error ? e.message : String(e)}`);
});
