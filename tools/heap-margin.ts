// `npx tsx tools/heap-margin.ts [ENGINE...]`: how far the watch app is from fitting, finer than the
// "needs" column of `npm run heap`. That column is the peak JerryScript allocates, garbage included,
// and its collector runs every 2 KB allocated, so a cut smaller than about 2 KB often leaves it
// unchanged. This prints, for the first earlier-result case (one worst session, phone out of reach)
// on each package:
// - how far the run gets in the shared 64 KB engine and in every other ENGINE given (the same
//   JerryScript built with another heap size: tools/jerry-roomy.sh CHECKOUT OUT_DIR HEAP_KB), and
//   where it completes, the room it leaves there: how much can be kept before the bundle with the
//   run still completing (a finer figure than the hold where a run stops, which moves with where
//   the collector runs);
// - with STEADY_HOLD_JERRYSCRIPT_ROOMY set, the roomier engine's peak when the session is cut short
//   after 1, 2, … holds: where in the session the peak is reached.
// Diagnostic only (not part of `npm test`); it reads the packages as `npm run heap` builds them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { plannedHolds } from "../common/result";
import {
  PACKAGES,
  WORST_CASE_START_MS,
  WORST_ROUTINE,
  buildIfNeeded,
  describeRun,
  extractDeviceBundle,
  findEngines,
  fullStatsFile,
  routineFiles,
  runEngine,
  writePrelude,
} from "./watch-heap";

const DRIVERS = path.join(__dirname, "..", "test", "heap");
/** The worst routine has no get-ready, rest or break: hold k ends k minutes after the start. */
const HOLD_MS = WORST_ROUTINE.holdSeconds * 1000;

/**
 * A script run between play.js and the driver: the session stops at `stopMs` of the driver's
 * clock and the run ends there (an uncaught error; the engine still prints its heap figures).
 */
function stopAt(dir: string, stopMs: number): string {
  const file = path.join(dir, `stop-${stopMs}.js`);
  fs.writeFileSync(
    file,
    `heap.session = (function (inner) { return function (o) { o.limitMs = ${stopMs};` +
      ` try { inner(o); } catch (e) { print("stopped: " + e.message); } throw new Error("heap-margin: cut at ${stopMs} ms"); }; })(heap.session);\n`,
  );
  return file;
}

/** A script that allocates `count` small arrays and keeps them (run before the bundle). */
function ballast(dir: string, count: number): string {
  const file = path.join(dir, `ballast-${count}.js`);
  fs.writeFileSync(file, `var BALLAST = []; for (var i = 0; i < ${count}; i++) BALLAST.push(new Array(2));\n`);
  return file;
}

/**
 * The room a run leaves in `engine`: the most small arrays (found by bisection up to `limit`) that
 * can be kept before the bundle with the run still completing, and their size in that engine. The
 * run's failure point is not monotonic in the ballast (where the collector runs moves), so this is
 * a guide to within a few arrays. Null when the run does not complete without ballast.
 */
function room(engineDir: string, engine: string, work: string, scripts: string[], limit = 1024): string | null {
  const completes = (count: number) => runEngine(engineDir, [ballast(work, count), ...scripts], engine).ok;
  if (!completes(0)) return null;
  let fits = 0;
  let fails = limit;
  while (fails - fits > 1) {
    const mid = Math.floor((fits + fails) / 2);
    if (completes(mid)) fits = mid;
    else fails = mid;
  }
  const size =
    (runEngine(engineDir, [ballast(work, 400)], engine).peakBytes -
      runEngine(engineDir, [ballast(work, 0)], engine).peakBytes) /
    400;
  return `room for ${fits} small arrays kept first (about ${Math.round(fits * size)} B at ${size.toFixed(1)} B each)`;
}

const USAGE =
  "usage: npx tsx tools/heap-margin.ts [--help] [ENGINE...]\n" +
  "  ENGINE: a JerryScript binary built with another heap size (tools/jerry-roomy.sh CHECKOUT OUT_DIR HEAP_KB);\n" +
  "  STEADY_HOLD_JERRYSCRIPT_ROOMY=BINARY also prints where in the session the roomier engine's peak is reached.";

function main(args: string[]): number {
  if (args.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const found = findEngines("heap-margin");
  if (found === null) return 2;
  const { engineDir, roomy } = found;
  const engines = [path.join(engineDir, "jerry-64k"), ...args];
  const missing = engines.filter((e) => !fs.existsSync(e));
  if (missing.length > 0) {
    console.error(`heap-margin: no engine at ${missing.join(", ")}\n${USAGE}`);
    return 2;
  }
  buildIfNeeded();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "steady-hold-margin-"));
  try {
    const prelude = writePrelude(
      work,
      "seed-0",
      { plannedHolds: plannedHolds(WORST_ROUTINE) },
      { ...routineFiles(WORST_ROUTINE), ...fullStatsFile(WORST_CASE_START_MS + 3600 * 1000, WORST_ROUTINE.dailyGoal) },
      WORST_CASE_START_MS + 3600 * 1000,
    );
    const shim = path.join(engineDir, "shim.js");
    const play = path.join(DRIVERS, "play.js");
    const driver = path.join(DRIVERS, "earlier-results.js");
    for (const pkg of PACKAGES) {
      const bundle = extractDeviceBundle(pkg.fba, pkg.target, work);
      console.log(`${pkg.name}, ${pkg.target}: earlier result 1 (one worst session, phone out of reach)`);
      for (const engine of engines) {
        const run = runEngine(engineDir, [shim, prelude, bundle, play, driver], engine);
        const left = run.ok ? room(engineDir, engine, work, [shim, prelude, bundle, play, driver]) : null;
        console.log(
          `  ${path.relative(process.cwd(), engine)}: ${run.ok ? "completes" : describeRun(run)}${left ? "; " + left : ""}`,
        );
      }
      if (roomy === null) continue;
      const peaks: string[] = [];
      for (let holds = 1; holds <= plannedHolds(WORST_ROUTINE); holds++) {
        const run = runEngine(engineDir, [shim, prelude, bundle, play, stopAt(work, holds * HOLD_MS), driver], roomy);
        peaks.push(`${holds}: ${run.peakBytes}`);
      }
      const whole = runEngine(engineDir, [shim, prelude, bundle, play, driver], roomy);
      console.log(
        `  roomier engine's peak (B) with the session cut after N holds: ${peaks.join(", ")}; whole run: ${whole.peakBytes}`,
      );
    }
    return 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
