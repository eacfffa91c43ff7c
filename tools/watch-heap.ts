// `npm run heap`: the watch app's heap in real JerryScript 3.0 with a 64 KB heap (../shared/jerryscript,
// not on any registry, so `npm test` does not depend on it). Builds the packages if their sources
// are newer, unzips the device bundle of one target of each package (current: atlas, legacy: mira),
// runs every driver in test/heap/ on it under the shared fake device runtime, prints the peaks and
// writes them to docs/numbers-heap.md. Exits 1 when a worst-case peak is over the budget or a run
// fails, 2 when the engine is missing.
// A device bundle split into chunks loaded on demand (app/index.js plus app/<name>-<hash>.js, issue 13,
// docs/heap-chunks.md) runs in the engines of tools/jerry-host.sh instead (JerryScript 3.0 with the
// host globals loadModule and runJobs, 64 and 256 KB) under test/heap/chunk-loader.js, which loads a
// chunk from its file at every require, as Fitbit OS does (no module cache).
import AdmZip from "adm-zip";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { encodeRoutineMessage } from "../common/protocol";
import { DEFAULT_ROUTINE, Routine, copyRoutine } from "../common/routine";
import { makeSessionId, plannedHolds } from "../common/result";
import { KEPT_DAYS, emptyStats, localDayNumber, recordSession } from "../common/daily";
import ts from "typescript";
import { loadBundle, partsOf } from "../sim/bundle";

const ROOT = path.resolve(__dirname, "..");
const DRIVERS = path.join(ROOT, "test", "heap");
const DOC = path.join(ROOT, "docs", "numbers-heap.md");
/** Issue 13: the worst routine must peak at or below this, fake runtime included. */
export const HEAP_BUDGET_BYTES = 58000;

export interface WatchPackage {
  name: string;
  fba: string;
  /** The target whose device bundle is measured. */
  target: string;
  /** Folders whose files, when newer than the package, mean it must be rebuilt. */
  sources: string[];
}

export const PACKAGES: WatchPackage[] = [
  {
    name: "current (SDK 6.1)",
    fba: path.join(ROOT, "build", "app.fba"),
    target: "atlas",
    sources: ["app", "common", "companion", "settings", "resources", "package.json"],
  },
  {
    name: "legacy (SDK 4.3.2)",
    fba: path.join(ROOT, "legacy", "build", "app.fba"),
    target: "mira",
    sources: [
      "app",
      "common",
      "companion",
      "settings",
      "legacy/app",
      "legacy/companion",
      "legacy/settings",
      "legacy/resources",
      "legacy/package.json",
    ],
  },
];

/** The worst valid routine: most holds, longest holds, no rest, most cues, most sensitive detector. */
export const WORST_ROUTINE: Routine = {
  firstLeg: "left",
  repsPerLeg: 5,
  holdSeconds: 60,
  restSeconds: 0,
  switchSeconds: 0,
  getReadySeconds: 0,
  lastSecondsCue: 5,
  aid: "seated",
  sensitivity: "high",
  dailyGoal: 3,
};
const EARLIER_UNSENT_RESULTS = 3;
/** Launches with more unsent results than the worst case: how the heap grows with them. */
const MORE_UNSENT_RESULTS = [5, 8];
/** app/results.ts: a result waiting for the phone's ack is "pending-<id>.cbor". */
const PENDING_PREFIX = "pending-";

/** `files` with `extra` copies of result file `name`, each under a new session id ("<id>-c1", …). */
function withCopies(files: Record<string, string>, name: string, extra: number): Record<string, string> {
  const id = name.slice(PENDING_PREFIX.length, -".cbor".length);
  const out = { ...files };
  for (let i = 1; i <= extra; i++) {
    const copy = `${id.slice(0, 28)}-c${i}`;
    out[`${PENDING_PREFIX}${copy}.cbor`] = files[name].split(JSON.stringify(id)).join(JSON.stringify(copy));
  }
  return out;
}

export function findEngine(): string {
  const dir = process.env.STEADY_HOLD_JERRYSCRIPT ?? path.resolve(ROOT, "..", "shared", "jerryscript");
  const engine = path.join(dir, "jerry-64k");
  if (!fs.existsSync(engine) || !fs.existsSync(path.join(dir, "shim.js"))) {
    throw new EngineMissing(
      `JerryScript is not at ${dir} (jerry-64k and shim.js): it is not on any package registry. ` +
        `Put the shared folder beside the repository or set STEADY_HOLD_JERRYSCRIPT to its jerryscript folder.`,
    );
  }
  return dir;
}

export class EngineMissing extends Error {}

/**
 * The shared 64 KB engine's folder and the optional roomier binary, for `tool`'s command line; null
 * (the reason printed for the user) when either is missing.
 */
export function findEngines(tool: string): { engineDir: string; roomy: string | null } | null {
  try {
    return { engineDir: findEngine(), roomy: findRoomyEngine() };
  } catch (e) {
    if (!(e instanceof EngineMissing)) throw e;
    console.error(tool + ": " + e.message);
    return null;
  }
}

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of fs.readdirSync(entry))
    if (name !== "node_modules" && name !== "build") newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

/** Runs `npm run build` when a package is missing or older than its sources. */
export function buildIfNeeded(): void {
  const stale = PACKAGES.filter(
    (p) =>
      !fs.existsSync(p.fba) ||
      Math.max(...p.sources.map((s) => newestMtime(path.join(ROOT, s)))) > fs.statSync(p.fba).mtimeMs,
  );
  if (stale.length === 0) return;
  console.log(`building (${stale.map((p) => p.name).join(", ")} out of date) …`);
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
}

/** A device bundle's scripts as written to a run folder: the entry first, then its chunks. */
export interface DeviceApp {
  /** The folder holding the scripts (the watch's app/ folder). */
  appDir: string;
  /** app/index.js. */
  entry: string;
  /** Every app/*.js, the entry first. */
  files: string[];
}

/** Every app/*.js of `target`'s device bundle in a package (the entry and any chunks), in `dir`/<target>/app/. */
export function extractDeviceApp(fba: string, target: string, dir: string): DeviceApp {
  const device = new AdmZip(fba).getEntry(`device-${target}.zip`);
  if (device === null) throw new Error(`${fba} has no device-${target}.zip`);
  const scripts = new AdmZip(device.getData()).getEntries().filter((e) => /^app\/[^/]+\.js$/.test(e.entryName));
  if (!scripts.some((e) => e.entryName === "app/index.js")) throw new Error(`device-${target}.zip has no app/index.js`);
  const appDir = path.join(dir, target, "app");
  fs.mkdirSync(appDir, { recursive: true });
  const files = scripts
    .map((e) => {
      const file = path.join(appDir, path.basename(e.entryName));
      fs.writeFileSync(file, e.getData());
      return file;
    })
    .sort(
      (a, b) => Number(path.basename(b) === "index.js") - Number(path.basename(a) === "index.js") || a.localeCompare(b),
    );
  return { appDir, entry: files[0], files };
}

/** The engines of tools/jerry-host.sh: JerryScript 3.0 with the host globals loadModule and runJobs. */
export interface HostEngines {
  /** 64 KB heap: the budget engine for bundles with chunks. */
  budget: string;
  /** 256 KB heap: what a run that does not fit 64 KB needs. */
  roomy: string;
}

export const HOST_ENGINE_BUILD = "tools/jerry-host.sh JERRYSCRIPT_CHECKOUT";

/** The engines in STEADY_HOLD_JERRYSCRIPT_HOST (default ~/.cache/steady-hold/jerry-host); throws EngineMissing naming the build command. */
export function findHostEngines(): HostEngines {
  const dir =
    process.env.STEADY_HOLD_JERRYSCRIPT_HOST || path.join(os.homedir(), ".cache", "steady-hold", "jerry-host");
  const engines = { budget: path.join(dir, "jerry-host-64k"), roomy: path.join(dir, "jerry-host-256k") };
  for (const binary of [engines.budget, engines.roomy])
    if (!fs.existsSync(binary))
      throw new EngineMissing(
        `${binary} is missing: a device bundle with chunks, and the parse of each bundle file, need JerryScript with ` +
          `the host globals loadModule and runJobs. Build both engines with \`${HOST_ENGINE_BUILD}\` (a JerryScript ` +
          `checkout at commit 50200152), or set STEADY_HOLD_JERRYSCRIPT_HOST to the folder holding them.`,
      );
  return engines;
}

/** findHostEngines, or null when they are not built. */
export function findHostEnginesIfBuilt(): HostEngines | null {
  try {
    return findHostEngines();
  } catch (e) {
    if (!(e instanceof EngineMissing)) throw e;
    return null;
  }
}

/** test/heap/chunk-loader.js for the scripts in `appDir`, written to `dir` (run it after the prelude, before the bundle). */
export function writeChunkLoader(appDir: string, dir: string, name: string): string {
  const file = path.join(dir, `chunk-loader-${name}.js`);
  fs.writeFileSync(
    file,
    `var CHUNK_APP_DIR = ${JSON.stringify(appDir + path.sep)};\n` +
      fs.readFileSync(path.join(DRIVERS, "chunk-loader.js"), "utf8"),
  );
  return file;
}

/** One bundle file's size and what parsing it alone with loadModule costs (NaN without the host engines). */
export interface FileFigure {
  /** app/<name>.js */
  file: string;
  bytes: number;
  /** Peak of parsing it alone, less parsing an empty file: the parser's working memory and what it keeps. */
  parsePeakBytes: number;
  /** Bytecode and literal strings the parse leaves. */
  parsedCodeBytes: number;
}

/**
 * Parses `file` alone with loadModule (a CommonJS module function, as a chunk is loaded) in the host
 * engine, less parsing an empty file the same way; the roomy engine when 64 KB does not hold the parse.
 */
export function parseWithLoadModule(
  host: HostEngines,
  file: string,
  work: string,
): { peakBytes: number; codeBytes: number } {
  const empty = path.join(work, "loadmodule-empty.js");
  fs.writeFileSync(empty, "");
  const parse = (binary: string, target: string) => {
    const script = path.join(work, "loadmodule-parse.js");
    fs.writeFileSync(script, `loadModule(${JSON.stringify(target)});\n`);
    const r = spawnSync(binary, ["--mem-stats", script], { encoding: "utf8" });
    const stats = r.stdout + r.stderr;
    const stat = (what: string) => Number(new RegExp(`Peak allocated ${what} = (\\d+)`).exec(stats)?.[1]);
    return { ok: r.status === 0, peak: peakOf(stats), code: stat("byte code data") + stat("string data") };
  };
  let binary = host.budget;
  let parsed = parse(binary, file);
  if (!parsed.ok) {
    binary = host.roomy;
    parsed = parse(binary, file);
  }
  if (!parsed.ok) return { peakBytes: NaN, codeBytes: NaN };
  const base = parse(binary, empty);
  return { peakBytes: parsed.peak - base.peak, codeBytes: parsed.code - base.code };
}

/** Each app/*.js's bytes and, with the host engines, its parse alone with loadModule. */
export function fileFigures(app: DeviceApp, host: HostEngines | null, work: string): FileFigure[] {
  return app.files.map((file) => {
    const parsed = host === null ? { peakBytes: NaN, codeBytes: NaN } : parseWithLoadModule(host, file, work);
    return {
      file: "app/" + path.basename(file),
      bytes: fs.statSync(file).size,
      parsePeakBytes: parsed.peakBytes,
      parsedCodeBytes: parsed.codeBytes,
    };
  });
}

/** The device bundle (app/index.js) of `target` in a package, written to `dir`. */
export function extractDeviceBundle(fba: string, target: string, dir: string): string {
  const device = new AdmZip(fba).getEntry(`device-${target}.zip`);
  if (device === null) throw new Error(`${fba} has no device-${target}.zip`);
  const code = new AdmZip(device.getData()).getEntry("app/index.js");
  if (code === null) throw new Error(`device-${target}.zip has no app/index.js`);
  const file = path.join(dir, `${target}-index.js`);
  fs.writeFileSync(file, code.getData());
  return file;
}

interface HeapCase {
  plannedHolds?: number;
  holdMs?: number;
  stopMs?: number;
  chunks?: number;
  bouncing?: boolean;
}

/**
 * The prelude runs before the bundle: it lays out the watch's storage and the driver's parameters.
 * It also marks the shim's modules that have a default export (document, clock) as ES modules, as
 * the firmware's are: SDK 4.3.2 reads a default import through an interop helper that needs
 * `__esModule` (SDK 6.1 reads `.default` directly, so the mark changes nothing for it).
 */
export function writePrelude(
  dir: string,
  name: string,
  heapCase: HeapCase,
  files: Record<string, string>,
  clockMs: number,
): string {
  const file = path.join(dir, `prelude-${name}.js`);
  fs.writeFileSync(
    file,
    `var HEAP_CASE = ${JSON.stringify(heapCase)};\n` +
      `require = (function (inner) { return function (name) { var m = inner(name); if (m && m["default"] !== undefined) m.__esModule = true; return m; }; })(require);\n` +
      `(function (files) { for (var name in files) __sim.files[name] = files[name]; })(${JSON.stringify(files)});\n` +
      `__sim.run(${clockMs});\n`,
  );
  return file;
}

/** routine.cbor as the shim's fs stores it (its cbor is JSON), in the protocol's routine message. */
export function routineFiles(routine: Routine): Record<string, string> {
  return { "routine.cbor": JSON.stringify(encodeRoutineMessage(routine, 1)) };
}

/** The worst case's clock starts a month after the epoch, so its full day stats have earlier days to count. */
export const WORST_CASE_START_MS = 30 * 86400000;

/**
 * "stats.cbor" as the watch keeps it after weeks of meeting the goal every day: as many days as it
 * keeps one by one, the streak before them, and the most session ids it remembers (the fake runtime
 * keeps files in its heap, and the app reads this one at launch).
 */
export function fullStatsFile(nowMs: number, goal: number): Record<string, string> {
  let stats = emptyStats();
  const today = localDayNumber(nowMs, 0); // the fake runtime's clock is UTC
  for (let day = today - KEPT_DAYS - 7; day < today; day++)
    for (let k = 0; k < goal; k++)
      stats = recordSession(stats, day, goal, makeSessionId(day * 86400000 + k * 3600000, 0.5));
  return { "stats.cbor": JSON.stringify(stats) };
}

export interface Run {
  ok: boolean;
  exitCode: number;
  peakBytes: number;
  output: string;
}

function peakOf(stats: string): number {
  const m = /^ {2}Peak allocated = (\d+) bytes/m.exec(stats);
  return m ? Number(m[1]) : NaN;
}

/**
 * The same JerryScript 3.0 built with a larger heap (STEADY_HOLD_JERRYSCRIPT_ROOMY: the path of its
 * binary, made by tools/jerry-roomy.sh), or null. Its peaks are what a run NEEDS when it does not
 * fit 64 KB: objects have the same layout (16-bit compressed pointers up to a 512 KB heap) and the
 * collector the same trigger (every 2 KB, a 64 KB heap's 1/32), so runs that fit agree within a
 * few bytes.
 */
export function findRoomyEngine(): string | null {
  const binary = process.env.STEADY_HOLD_JERRYSCRIPT_ROOMY;
  if (binary === undefined || binary === "") return null;
  if (!fs.existsSync(binary)) throw new EngineMissing(`STEADY_HOLD_JERRYSCRIPT_ROOMY: ${binary} does not exist`);
  return binary;
}

/** One JerryScript process over the given scripts, in order. Exit 10 is JerryScript's out-of-memory. */
export function runEngine(
  engineDir: string,
  scripts: string[],
  binary = path.join(engineDir, "jerry-64k"),
  env: NodeJS.ProcessEnv = process.env,
): Run {
  const r = spawnSync(binary, ["--mem-stats", ...scripts], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env,
  });
  const all = (r.stdout ?? "") + (r.stderr ?? "");
  const output = all
    .split("\n")
    .filter((l) => !/^(Heap stats:| {2})/.test(l))
    .join("\n")
    .trim();
  return { ok: r.status === 0, exitCode: r.status ?? -1, peakBytes: peakOf(all), output };
}

/**
 * The storage test/heap/earlier-results.js prints at its end (STORAGE-CLOCK, then STORAGE-FILE and the
 * file's text on the next line for each file, then STORAGE-END), and the output without it; null when
 * the run did not get that far.
 */
export function parseStorage(
  output: string,
): { storage: { clockMs: number; files: Record<string, string> }; rest: string } | null {
  const lines = output.split("\n");
  const start = lines.findIndex((l) => l.startsWith("STORAGE-CLOCK "));
  const end = lines.indexOf("STORAGE-END", start);
  if (start < 0 || end < 0) return null;
  const files: Record<string, string> = {};
  for (let i = start + 1; i < end; i += 2) {
    if (!lines[i].startsWith("STORAGE-FILE ") || i + 1 >= end) return null;
    files[lines[i].slice("STORAGE-FILE ".length)] = lines[i + 1];
  }
  const clockMs = Number(lines[start].slice("STORAGE-CLOCK ".length));
  if (!isFinite(clockMs)) return null;
  return { storage: { clockMs, files }, rest: [...lines.slice(0, start), ...lines.slice(end + 1)].join("\n") };
}

export interface CaseFigure {
  name: string;
  peakBytes: number;
  /** Fake runtime, prelude (stored files) and driver helpers alone, without the app. */
  runtimeBytes: number;
  ok: boolean;
  note: string;
  /** When the run did not fit 64 KB: its peak in the roomier engine (NaN when there is none). */
  neededBytes: number;
}

export interface PackageFigures {
  pkg: WatchPackage;
  bundleBytes: number;
  /**
   * Parsing the bundle alone (parse-only, the engine's own start-up subtracted): its peak, which
   * includes the parser's working memory, and the bytecode and literal strings it leaves.
   */
  parsePeakBytes: number;
  parsedCodeBytes: number;
  cases: CaseFigure[];
  modules: ModuleCode[];
  retained: RetainedFigure[];
  /** Every app/*.js of the device bundle (absent: not measured). */
  files?: FileFigure[];
  /** The bundle has chunks: its runs used tools/jerry-host.sh's engines and test/heap/chunk-loader.js. */
  chunked?: boolean;
  /** With chunks: what the watch parses while each part is loaded (sim/bundle.ts partsOf). */
  parts?: Array<{ part: string; files: string[]; bytes: number }>;
  /** With chunks and host engines: the worst routine's highest live point, taken apart. */
  breakdown?: Breakdown;
}

/** What test/heap/breakdown-report.js prints (bytes unless named otherwise). */
export interface Breakdown {
  /** Live before the app's first line: fake runtime, prelude (stored files), driver helpers, chunk loader. */
  baseLive: number;
  baseCode: number;
  baseLiterals: number;
  baseLiteralCount: number;
  /** The driver's own bytecode (parsed once more as a function to measure it). */
  driverCode: number;
  /** At the highest live point of the run (after a full collection). */
  live: number;
  code: number;
  literals: number;
  literalCount: number;
  /** The text of the files the app wrote, as the fake runtime keeps it in the heap. */
  files: number;
  elements: number;
  perElement: number;
  /** The fake runtime's log of its last 40 records (measured at the end of the run, when it is as full). */
  log: number;
  /**
   * What the session part's modules make as they load (functions, tables, the detector, the shared file's
   * exports), beyond bytecode and literal strings: one more instance loaded after the run; -1 when not measured.
   */
  partObjects: number;
  at: number;
  /** Sessions started so far (taps on Start). */
  session: number;
  title: string;
  rep: string;
  /** The same run's peak without the probe, in the roomy engine ("needs"). */
  peak: number;
}

/**
 * JerryScript reports "Unhandled exception: null" when it runs out of memory while building the
 * error object of a failed allocation (e.g. a RangeError for an ArrayBuffer): no app code throws null.
 */
function ranOutBuildingError(run: Run): boolean {
  return !run.ok && /^Unhandled exception: null$/m.test(run.output);
}

/**
 * test/heap/chunk-loader.js: a chunk's load failed with `null` (JerryScript's error when the heap is
 * exhausted while building the error), or its message was cut short ("… faile", "… failed: ": no
 * room to build the rest of it); typically the parse of a chunk inside a dynamic import.
 */
const CHUNK_OUT_OF_MEMORY = /chunk loader: loading (\S+) (?:failed: null|failed: ?|faile|fail|fai|fa|f)$/m;

function ranOutLoadingChunk(run: Run): boolean {
  return !run.ok && CHUNK_OUT_OF_MEMORY.test(run.output);
}

/** A typed array (the detector's state, the accelerometer's batch) whose buffer did not fit. */
function ranOutForArrayBuffer(run: Run): boolean {
  return !run.ok && /^Unhandled exception: RangeError: Cannot allocate memory for ArrayBuffer$/m.test(run.output);
}

export function describeRun(run: Run): string {
  if (run.exitCode === 10) return "OUT OF MEMORY: " + lastLines(run.output, 3);
  if (ranOutBuildingError(run)) return "OUT OF MEMORY (no room left for the error object): " + lastLines(run.output, 3);
  if (ranOutLoadingChunk(run))
    return (
      "OUT OF MEMORY loading a chunk: " + CHUNK_OUT_OF_MEMORY.exec(run.output)![1] + ": " + progressLines(run.output)
    );
  if (ranOutForArrayBuffer(run)) return "OUT OF MEMORY (no room for an ArrayBuffer): " + progressLines(run.output);
  if (!run.ok) return `failed (exit ${run.exitCode}): ` + lastLines(run.output, 3);
  return lastLines(run.output, 2);
}

/** The driver's own lines (holds reached), without the engine's stack trace. */
function progressLines(text: string): string {
  const progress = lastLines(
    text
      .split("\n")
      .filter((l) => !/^( *\d+: |Unhandled exception)/.test(l))
      .join("\n"),
    3,
  );
  return progress.trim() === "" ? "before the first hold" : progress;
}

function lastLines(text: string, n: number): string {
  return text.split("\n").slice(-n).join(" / ");
}

export function measurePackage(
  engineDir: string,
  pkg: WatchPackage,
  work: string,
  sharedRoomy: string | null = null,
  host: HostEngines | null = null,
): PackageFigures {
  const shim = path.join(engineDir, "shim.js");
  const app = extractDeviceApp(pkg.fba, pkg.target, work);
  const bundle = app.entry;
  const chunked = app.files.length > 1;
  // A bundle with chunks runs in the host engines (findHostEngines throws EngineMissing, naming the
  // build command, when they are not built), with the chunk loader between the prelude and the bundle.
  const chunkEngines = chunked ? (host ?? findHostEngines()) : null;
  const binary = chunkEngines !== null ? chunkEngines.budget : path.join(engineDir, "jerry-64k");
  const roomy = chunkEngines !== null ? chunkEngines.roomy : sharedRoomy;
  const loader = chunked ? [writeChunkLoader(app.appDir, work, pkg.target)] : [];
  const play = path.join(DRIVERS, "play.js");
  const empty = path.join(work, "empty.js");
  fs.writeFileSync(empty, '"use strict";\n');
  const parsed = (b: string) => {
    const r = spawnSync(binary, ["--mem-stats", "--parse-only", b], { encoding: "utf8" });
    const stats = r.stdout + r.stderr;
    const stat = (what: string) => Number(new RegExp(`Peak allocated ${what} = (\\d+)`).exec(stats)?.[1]);
    return { peak: peakOf(stats), code: stat("byte code data") + stat("string data") };
  };
  const parsedBundle = parsed(bundle);
  const parsedEmpty = parsed(empty);
  const cases: CaseFigure[] = [];
  /** Returns the run that got furthest: the 64 KB one, or the roomier engine's when 64 KB ran out. */
  const measure = (name: string, prelude: string, driver: string): Run => {
    const scripts = [shim, prelude, ...loader, bundle, play, path.join(DRIVERS, driver)];
    const run = runEngine(engineDir, scripts, binary);
    const runtime = runEngine(engineDir, [shim, prelude, ...loader, empty, play], binary);
    const outOfMemory =
      run.exitCode === 10 || ranOutBuildingError(run) || ranOutForArrayBuffer(run) || ranOutLoadingChunk(run);
    const needed = outOfMemory && roomy !== null ? runEngine(engineDir, scripts, roomy) : null;
    cases.push({
      name,
      peakBytes: run.peakBytes,
      runtimeBytes: runtime.peakBytes,
      ok: run.ok,
      note: describeRun(run),
      neededBytes: needed !== null && needed.ok ? needed.peakBytes : NaN,
    });
    return needed !== null && needed.ok ? needed : run;
  };

  const defaultHolds = plannedHolds(DEFAULT_ROUTINE);
  measure("launch to the home screen (nothing stored)", writePrelude(work, "launch", {}, {}, 0), "launch.js");
  measure(
    "default session (3 × 30 s a leg, one bouncing window)",
    writePrelude(work, "default", { plannedHolds: defaultHolds }, {}, 0),
    "default-session.js",
  );

  // The earlier results come from earlier app runs, one session each, storage carried from run to run.
  // Two weeks and more of use before the worst case: "stats.cbor" is full (the days and ids it keeps).
  const firstLaunchMs = WORST_CASE_START_MS + 3600 * 1000;
  let storage = {
    clockMs: WORST_CASE_START_MS,
    files: { ...routineFiles(WORST_ROUTINE), ...fullStatsFile(firstLaunchMs, WORST_ROUTINE.dailyGoal) },
  };
  let earlier = 0;
  for (; earlier < EARLIER_UNSENT_RESULTS; earlier++) {
    const name = `earlier result ${earlier + 1}: one worst session, phone out of reach`;
    const seedRun = measure(
      name,
      writePrelude(
        work,
        `seed-${earlier}`,
        { plannedHolds: plannedHolds(WORST_ROUTINE) },
        storage.files,
        storage.clockMs + 3600 * 1000,
      ),
      "earlier-results.js",
    );
    // Storage comes from the roomier engine when 64 KB ran out: the next runs still start from 1, 2, 3 results.
    const printed = seedRun.ok ? parseStorage(seedRun.output) : null;
    if (printed === null) break;
    storage = printed.storage;
    seedRun.output = printed.rest;
    const figure = cases[cases.length - 1];
    if (figure.ok) figure.note = describeRun(seedRun);
  }
  const unsent =
    earlier === EARLIER_UNSENT_RESULTS
      ? `${earlier} results unsent`
      : `only ${earlier} of ${EARLIER_UNSENT_RESULTS} earlier results (making the next one failed)`;
  measure(
    `launch to the home screen, ${unsent}`,
    writePrelude(work, "launch-unsent", {}, storage.files, storage.clockMs + 3600 * 1000),
    "launch.js",
  );
  // The everyday case with results waiting: the default session after the same three days without the phone.
  measure(
    `default session, ${unsent}`,
    writePrelude(
      work,
      "default-unsent",
      { plannedHolds: defaultHolds },
      { ...storage.files, ...routineFiles(DEFAULT_ROUTINE) },
      storage.clockMs + 3600 * 1000,
    ),
    "default-session.js",
  );
  // More results than the worst case waits for (days without the phone): copies of the last one under
  // new ids. The fake runtime keeps every stored file in the heap, where the watch keeps them in flash,
  // so the columns tell the runtime's growth from the app's.
  const last = Object.keys(storage.files)
    .filter((f) => f.startsWith(PENDING_PREFIX))
    .pop();
  if (last !== undefined)
    for (const count of MORE_UNSENT_RESULTS) {
      const files = withCopies(storage.files, last, count - earlier);
      measure(
        `launch to the home screen, ${count} results unsent (the last one copied)`,
        writePrelude(work, `launch-unsent-${count}`, {}, files, storage.clockMs + 3600 * 1000),
        "launch.js",
      );
    }
  const worstPrelude = (routine: Routine, bouncing: boolean, name = "worst-breakdown") =>
    writePrelude(
      work,
      name.replace(/\W+/g, "-"),
      { plannedHolds: plannedHolds(routine), bouncing },
      { ...storage.files, ...routineFiles(routine) },
      storage.clockMs + 3600 * 1000,
    );
  const worst = (name: string, routine: Routine, bouncing: boolean) =>
    measure(name, worstPrelude(routine, bouncing, name), "worst-routine.js");
  worst(
    `worst routine: 5 × 60 s a leg, bouncing, pause in every hold, then one abandoned; ${unsent}`,
    WORST_ROUTINE,
    true,
  );
  worst("  same, 1 hold a leg (growth with holds)", { ...copyRoutine(WORST_ROUTINE), repsPerLeg: 1 }, true);
  worst("  same, 5 holds a leg, no bouncing (growth with warnings)", WORST_ROUTINE, false);
  const breakdown =
    chunkEngines !== null
      ? measureBreakdown(
          [shim, worstPrelude(WORST_ROUTINE, true), ...loader, play],
          bundle,
          path.join(DRIVERS, "worst-routine.js"),
          chunkEngines.roomy,
          work,
          cases.find((c) => c.name.startsWith("worst routine")),
        )
      : undefined;
  // Output lines of a successful run carry the bundle's own summaries; only keep the figure's note short.
  return {
    pkg,
    bundleBytes: fs.statSync(bundle).size,
    parsePeakBytes: parsedBundle.peak - parsedEmpty.peak,
    parsedCodeBytes: parsedBundle.code - parsedEmpty.code,
    cases,
    modules: moduleCode(engineDir, pkg.fba, pkg.target, work),
    retained: measureRetained(engineDir, bundle, work, [1, 2, 4, 6, 8, 10], binary, loader),
    files: fileFigures(app, host, work),
    chunked,
    parts: chunked ? partsOf(loadBundle(pkg.fba, pkg.target)) : undefined,
    breakdown,
  };
}

/**
 * One more run of a driver in the roomy host engine with STEADY_HOLD_HEAP_PROBE set: after every step
 * test/heap/breakdown.js collects the heap and keeps the highest live point, which
 * test/heap/breakdown-report.js prints. Undefined when the run fails or the engine lacks heapProbe
 * (built before tools/jerry-host.patch had it).
 */
function measureBreakdown(
  before: string[],
  bundle: string,
  driver: string,
  roomy: string,
  work: string,
  figure: CaseFigure | undefined,
): Breakdown | undefined {
  const probe = path.join(work, "breakdown.js");
  fs.writeFileSync(
    probe,
    `var BREAKDOWN_DRIVER = ${JSON.stringify(driver)};\n` + fs.readFileSync(path.join(DRIVERS, "breakdown.js"), "utf8"),
  );
  // The session part's chunk, for the report's measure of what its modules make as they load: named in a
  // script of its own run after the driver, so the run itself has not one byte more.
  const sessionPart = fs.readdirSync(path.dirname(bundle)).find((f) => /^session-runner-.*\.js$/.test(f));
  const partName = path.join(work, "breakdown-part.js");
  fs.writeFileSync(
    partName,
    sessionPart !== undefined ? `var BREAKDOWN_PART = ${JSON.stringify("./" + sessionPart)};\n` : '"use strict";\n',
  );
  const scripts = [...before, probe, bundle, driver, partName, path.join(DRIVERS, "breakdown-report.js")];
  const run = runEngine(path.dirname(roomy), scripts, roomy, { ...process.env, STEADY_HOLD_HEAP_PROBE: "1" });
  const line = /^BREAKDOWN (.*)$/m.exec(run.output);
  if (!run.ok || line === null) {
    console.error(`npm run heap: no breakdown (${lastLines(run.output, 3)})`);
    return undefined;
  }
  const peak = figure === undefined ? NaN : Number.isNaN(figure.neededBytes) ? figure.peakBytes : figure.neededBytes;
  return { ...(JSON.parse(line[1]) as Omit<Breakdown, "peak">), peak };
}

export interface RetainedFigure {
  /** 1-based hold, measured this long into it. */
  hold: number;
  /** Heap still allocated after a full collection: code, the app's state, the fake runtime's objects and files. */
  retainedBytes: number;
}

/**
 * What stays allocated 38 s into holds 1, 2, 4, … of the worst routine (no earlier results): the
 * largest number of small objects the driver can still allocate, converted to bytes with the
 * engine's own cost per object. Its growth from hold to hold is what the session keeps per hold.
 */
export function measureRetained(
  engineDir: string,
  bundle: string,
  work: string,
  holds: number[],
  binary = path.join(engineDir, "jerry-64k"),
  loader: string[] = [],
): RetainedFigure[] {
  const shim = path.join(engineDir, "shim.js");
  const driver = path.join(DRIVERS, "retained.js");
  const holdMs = WORST_ROUTINE.holdSeconds * 1000;
  const fits = (code: string, stopMs: number, chunks: number) =>
    runEngine(
      engineDir,
      [
        shim,
        writePrelude(work, "retained", { holdMs, stopMs, chunks }, routineFiles(WORST_ROUTINE), 0),
        ...loader,
        code,
        driver,
      ],
      binary,
    );
  const largest = (code: string, stopMs: number): number => {
    let lo = 0;
    let hi = 4096;
    if (!fits(code, stopMs, 0).ok) return -1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (fits(code, stopMs, mid).ok) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  // Bytes per kept object: the peak's slope over the object count, with no app loaded.
  const empty = path.join(work, "empty.js");
  const bytesPerChunk = (fits(empty, 0, 1000).peakBytes - fits(empty, 0, 0).peakBytes) / 1000;
  const out: RetainedFigure[] = [];
  for (const hold of holds) {
    const count = largest(bundle, 2000 + (hold - 1) * (holdMs + 5000) + 40000);
    if (count < 0) break;
    out.push({ hold, retainedBytes: Math.round(65528 - count * bytesPerChunk) });
  }
  return out;
}

export interface ModuleCode {
  file: string;
  bytecodeBytes: number;
  stringBytes: number;
}

/**
 * Where the code's heap goes: each watch module (the sources the bundle's source map names),
 * compiled alone to ES5 and parsed by JerryScript: its bytecode and literal strings. Unminified and
 * without tree shaking, so the figures rank the modules rather than add up to the bundle.
 */
export function moduleCode(engineDir: string, fba: string, target: string, work: string): ModuleCode[] {
  // The entry's map and each chunk's: a module in several chunks is listed once.
  const prefix = `sourceMaps/device/${target}/app/`;
  const maps = new AdmZip(fba)
    .getEntries()
    .filter((e) => e.entryName.startsWith(prefix) && e.entryName.endsWith(".js.map"));
  const sources = maps
    .map((map) => (JSON.parse(map.getData().toString("utf8")) as { sources: string[] }).sources)
    .reduce((all, some) => all.concat(some.filter((s) => all.indexOf(s) < 0)), [] as string[]);
  const parse = (file: string) => {
    const r = spawnSync(path.join(engineDir, "jerry-64k"), ["--mem-stats", "--parse-only", file], { encoding: "utf8" });
    const stat = (what: string) => Number(new RegExp(`Peak allocated ${what} = (\\d+)`).exec(r.stdout + r.stderr)?.[1]);
    return { bytecode: stat("byte code data"), strings: stat("string data") };
  };
  const emptyFile = path.join(work, "module-empty.js");
  fs.writeFileSync(emptyFile, "");
  const base = parse(emptyFile);
  const out: ModuleCode[] = [];
  for (const source of sources) {
    const file = path.resolve(path.dirname(fba), "..", source); // sources are relative to the package folder
    const relative = path.relative(ROOT, file);
    if (!/\.ts$/.test(file) || !fs.existsSync(file)) continue;
    const js = ts.transpileModule(fs.readFileSync(file, "utf8"), {
      compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS, removeComments: true },
    }).outputText;
    const compiled = path.join(work, "module.js");
    fs.writeFileSync(compiled, js);
    const p = parse(compiled);
    out.push({ file: relative, bytecodeBytes: p.bytecode - base.bytecode, stringBytes: p.strings - base.strings });
  }
  return out.sort((a, b) => b.bytecodeBytes + b.stringBytes - (a.bytecodeBytes + a.stringBytes));
}

/** The same scripts (fake runtime, the default case's prelude and driver helpers) in both engines: how closely they agree. */
export interface Calibration {
  realBytes: number;
  roomyBytes: number;
}

/** `budget` and `pre` (scripts after the prelude): for bundles with chunks, the host engines and the chunk loader. */
export function calibrate(
  engineDir: string,
  roomy: string,
  work: string,
  budget = path.join(engineDir, "jerry-64k"),
  pre: string[] = [],
): Calibration {
  const empty = path.join(work, "empty.js");
  fs.writeFileSync(empty, '"use strict";\n');
  const scripts = [
    path.join(engineDir, "shim.js"),
    writePrelude(work, "calibration", { plannedHolds: 6 }, routineFiles(DEFAULT_ROUTINE), 0),
    ...pre,
    empty,
    path.join(DRIVERS, "play.js"),
  ];
  return {
    realBytes: runEngine(engineDir, scripts, budget).peakBytes,
    roomyBytes: runEngine(engineDir, scripts, roomy).peakBytes,
  };
}

export function renderMarkdown(
  figures: PackageFigures[],
  calibration: Calibration | null = null,
  hostCalibration: Calibration | null = null,
): string {
  const lines = [
    "<!-- Generated by `npm run heap` (tools/watch-heap.ts); do not edit by hand. -->",
    "# Watch heap in JerryScript (64 KB)",
    "",
    "Peak heap of JerryScript 3.0 built with a 64 KB heap (`../shared/jerryscript/jerry-64k --mem-stats`), running",
    "the built device bundle under the shared fake device runtime (`shim.js`) and the drivers in `test/heap/`.",
    "The peak includes the fake runtime, the stored files it keeps in the heap and the driver (column",
    '"runtime alone"); JerryScript keeps the bundle\'s bytecode in the same heap. ' +
      `Budget for the worst routine: ${HEAP_BUDGET_BYTES} B.`,
    "",
    `The launches with ${MORE_UNSENT_RESULTS.join(" and ")} results unsent (days without the phone) store copies of the last ` +
      "earlier result under new ids. The fake runtime keeps each stored file in the heap (the watch keeps " +
      'them in flash): its growth shows in "runtime alone", the app\'s own in "app\'s share" (the app reads ' +
      'each file once at launch and keeps its id). Column "app\'s share": the peak less the runtime alone; for a run ' +
      'that ran out of 64 KB, "needs" less the runtime alone.',
    "",
    calibration === null
      ? 'Column "needs": not measured (set STEADY_HOLD_JERRYSCRIPT_ROOMY to a roomier engine, see tools/jerry-roomy.sh).'
      : 'Column "needs": the peak of a run, in the same JerryScript 3.0 built with a 256 KB heap when 64 KB ran out ' +
        "(tools/jerry-roomy.sh: same object layout, same collector trigger every 2 KB). The fake runtime alone peaks at " +
        `${calibration.realBytes} B in the 64 KB engine and ${calibration.roomyBytes} B in the roomier one.`,
    "",
  ];
  if (figures.some((f) => f.chunked))
    lines.push(
      "A package whose device bundle has chunks (app/index.js plus app/<name>-<hash>.js, loaded on demand) runs in " +
        "the engines of `tools/jerry-host.sh` (the same JerryScript with the host globals `loadModule` and `runJobs`, " +
        '64 KB and 256 KB) under `test/heap/chunk-loader.js`: every `require("./<chunk>.js")` parses the file again ' +
        "with fresh exports (Fitbit OS keeps no module cache) and promise jobs run after every driver step " +
        "(docs/heap-chunks.md)." +
        (hostCalibration === null
          ? ""
          : ` With the chunk loader, the fake runtime alone peaks at ${hostCalibration.realBytes} B in its 64 KB engine ` +
            `and ${hostCalibration.roomyBytes} B in its 256 KB one.`),
      "",
    );
  for (const f of figures) {
    lines.push(`## ${f.pkg.name}, device bundle of \`${f.pkg.target}\``, "");
    if (f.parts !== undefined)
      lines.push(
        `The app runs in parts, one loaded at a time (docs/watches.md, "Two parts, loaded one at a time"): the ` +
          `entry \`app/index.js\` (${f.bundleBytes} B) loads ` +
          f.parts
            .map(
              (p) =>
                `\`app/${p.part}\` with ${
                  p.files.length - 1 === 0
                    ? "no other file"
                    : p.files
                        .slice(1)
                        .map((x) => `\`app/${x}\``)
                        .join(", ")
                }`,
            )
            .join(", or ") +
          `. What the watch parses while each part is loaded, the entry included: ` +
          f.parts.map((p) => `${p.part.replace(/-\w+\.js$/, "")} ${p.bytes} B`).join(", ") +
          ". The chunk loader collects the heap before it loads a part (docs/watches.md says why).",
        "",
      );
    else
      lines.push(
        `Bundle \`app/index.js\`: ${f.bundleBytes} B. Parsing it alone peaks at ${f.parsePeakBytes} B ` +
          `(${ratio(f.parsePeakBytes, f.bundleBytes)} B per byte: the parser's working memory on top of what it ` +
          `keeps), and leaves ${f.parsedCodeBytes} B of bytecode and literal strings ` +
          `(${ratio(f.parsedCodeBytes, f.bundleBytes)} B per byte). A launch needs the parse's peak on top of ` +
          "the stored files; the launch rows show it." +
          budgetedBundle(f),
        "",
      );
    if (f.files !== undefined && f.files.length > 0) {
      const total = f.files.reduce((sum, file) => sum + file.bytes, 0);
      lines.push(
        (f.chunked
          ? `The bundle has ${f.files.length - 1} chunk${f.files.length === 2 ? "" : "s"} loaded on demand. `
          : "The bundle has no chunks. ") +
          "Each file, parsed alone by `loadModule` (a CommonJS module function, as a chunk is loaded; `tools/jerry-host.sh`'s " +
          '64 KB engine, less parsing an empty file): "parsing it alone peaks at" is the parser\'s working memory and what it keeps, ' +
          '"leaves" its bytecode and literal strings.' +
          (f.files.some((file) => !isFinite(file.parsePeakBytes))
            ? ` Parse columns not measured: build the engines with \`${HOST_ENGINE_BUILD}\`.`
            : ""),
        "",
        "| file | bytes | parsing it alone peaks at (B) | leaves (B) |",
        "| --- | ---: | ---: | ---: |",
      );
      for (const file of f.files)
        lines.push(`| ${file.file} | ${file.bytes} | ${fmt(file.parsePeakBytes)} | ${fmt(file.parsedCodeBytes)} |`);
      lines.push(`| bundle total | ${total} | | |`, "");
    }
    lines.push(
      "| run | peak (B) | runtime alone (B) | app's share (B) | needs (B) | result |",
      "| --- | ---: | ---: | ---: | ---: | --- |",
    );
    for (const c of f.cases) {
      // A run that ran out has no peak of its own (some end before the engine prints its statistics):
      // its share is what it needs beyond the runtime.
      const peak = c.ok ? c.peakBytes : NaN;
      const share = appShare(c);
      lines.push(
        `| ${c.name.trim()} | ${fmt(peak)} | ${fmt(c.runtimeBytes)} | ${fmt(share)} | ${fmt(c.ok ? c.peakBytes : c.neededBytes)} | ${c.note.replace(/\|/g, "/")} |`,
      );
    }
    lines.push("");
    const launches = f.cases.filter((c) => /^launch to the home screen, \d+ results unsent/.test(c.name));
    if (launches.length > 1)
      lines.push(
        `Launches with ${launches.map((c) => /\d+/.exec(c.name)![0]).join(", ")} results unsent: runtime alone ` +
          `${launches.map((c) => fmt(c.runtimeBytes)).join(", ")} B, app's share ${launches.map((c) => fmt(appShare(c))).join(", ")} B.`,
        "",
      );
    if (f.breakdown !== undefined) lines.push(...renderBreakdown(f.breakdown));
    if (f.retained.length > 0) {
      lines.push(
        "Heap still allocated 38 s into each hold of the worst routine (no earlier results), after a full collection",
        "(`test/heap/retained.js`: the free heap is found by filling it with small objects; holds it cannot reach are left out):",
        "",
      );
      lines.push("| hold | retained (B) | per hold since the previous row (B) |", "| ---: | ---: | ---: |");
      f.retained.forEach((r, i) => {
        const prev = f.retained[i - 1];
        lines.push(
          `| ${r.hold} | ${r.retainedBytes} | ${prev ? Math.round((r.retainedBytes - prev.retainedBytes) / (r.hold - prev.hold)) : "–"} |`,
        );
      });
      lines.push("");
    }
    if (f.modules.length > 0) {
      lines.push(
        "Code by module (each compiled alone to ES5 and parsed; unminified, so they rank rather than add up):",
        "",
      );
      lines.push("| module | bytecode (B) | literal strings (B) |", "| --- | ---: | ---: |");
      for (const m of f.modules) lines.push(`| ${m.file} | ${m.bytecodeBytes} | ${m.stringBytes} |`);
      lines.push("");
    }
  }
  return lines.join("\n");
}

/** The worst routine's highest live point taken apart (test/heap/breakdown.js), with the budget beside it. */
function renderBreakdown(b: Breakdown): string[] {
  const code = b.code - b.baseCode - b.driverCode;
  const literals = b.literals - b.baseLiterals;
  const elements = Math.round(b.elements * b.perElement);
  const partObjects = Math.max(0, b.partObjects);
  const rest = b.live - b.baseLive - code - literals - b.files - elements - b.log - partObjects;
  const appLive = b.live - b.baseLive;
  const row = (what: string, bytes: number) => `| ${what} | ${fmt(bytes)} |`;
  return [
    "### Where the worst routine's heap goes",
    "",
    "The worst routine run once more in the 256 KB host engine with `STEADY_HOLD_HEAP_PROBE` set " +
      "(`tools/jerry-host.patch`'s `heapProbe`: a full collection, then the bytes allocated, of bytecode and of " +
      "literal strings), collecting after every driver step (`test/heap/breakdown.js`). Its highest live point: " +
      `session ${b.session}, ${b.title} ${b.rep}, at ${b.at} ms.`,
    "",
    "| at the highest live point | bytes |",
    "| --- | ---: |",
    row(
      "fake runtime, prelude (its stored files), driver helpers and chunk loader, before the app's first line",
      b.baseLive,
    ),
    row("bytecode then loaded: the entry and one part, with the module functions still referenced", code),
    row(
      `literal strings of every file parsed so far (${b.literalCount - b.baseLiteralCount} strings): JerryScript keeps them for good, so both parts' stay`,
      literals,
    ),
    row(
      "text of the files the app wrote, which the fake runtime keeps in the heap (the watch keeps them in flash)",
      b.files,
    ),
    row(
      `screen elements the fake runtime made for the app (${b.elements} × ${Math.round(b.perElement)} B; the watch's own elements are not in the JS heap)`,
      elements,
    ),
    row("the fake runtime's log of its last 40 haptics and transfers", b.log),
    ...(b.partObjects >= 0
      ? [
          row(
            "objects the session part's modules make as they load: their functions, tables, the bounce detector and the exports of the file it shares with home (one more instance loaded after the run, less its bytecode)",
            partObjects,
          ),
        ]
      : []),
    row(
      "the rest: the running session and the entry's objects, arrays, numbers and closures, built-ins made on first use, the fake runtime's timers and listeners",
      rest,
    ),
    row("live in all", b.live),
    row(
      "garbage not yet collected and the step's own transient (the run's peak without the probe, less live)",
      b.peak - b.live,
    ),
    row('the run\'s peak ("needs")', b.peak),
    "",
    `The budget, ${HEAP_BUDGET_BYTES} B, leaves the app ${fmt(HEAP_BUDGET_BYTES - b.baseLive)} B over what is there before its ` +
      `first line; at this point it takes ${fmt(appLive)} B live and ${fmt(b.peak - b.baseLive)} B at its peak.`,
    "",
  ];
}

/**
 * The largest bundle whose launch with the worst case's stored files would stay within the budget,
 * at this bundle's parse cost per byte (before the app runs any code or keeps any data).
 */
function budgetedBundle(f: PackageFigures): string {
  const launch = f.cases.find((c) => c.name.startsWith("launch to the home screen,"));
  if (launch === undefined || !(f.parsePeakBytes > 0)) return "";
  const bytes = Math.floor((HEAP_BUDGET_BYTES - launch.runtimeBytes) / (f.parsePeakBytes / f.bundleBytes));
  return (
    ` At that cost per byte, a launch with the worst case's stored files (runtime alone ${launch.runtimeBytes} B) ` +
    `stays within the ${HEAP_BUDGET_BYTES} B budget only with a bundle of at most ${bytes} B ` +
    `(${Math.round((100 * (f.bundleBytes - bytes)) / f.bundleBytes)} % less than today's), before the app keeps any data.`
  );
}

function ratio(heapBytes: number, bundleBytes: number): string {
  return (heapBytes / bundleBytes).toFixed(2);
}

/** Peak − runtime alone; for a run that ran out of 64 KB, what it needs (roomier engine) − runtime alone. */
function appShare(c: CaseFigure): number {
  return (c.ok ? c.peakBytes : c.neededBytes) - c.runtimeBytes;
}

function fmt(n: number): string {
  return isFinite(n) ? String(n) : "–";
}

/** The budget applies to the worst-routine runs; every run must complete. */
export function problems(figures: PackageFigures[]): string[] {
  const out: string[] = [];
  for (const f of figures) {
    for (const c of f.cases) {
      if (!c.ok) out.push(`${f.pkg.name}: ${c.name.trim()}: ${c.note}`);
      else if (c.name.startsWith("worst routine") && c.peakBytes > HEAP_BUDGET_BYTES)
        out.push(`${f.pkg.name}: ${c.name}: peak ${c.peakBytes} B is over ${HEAP_BUDGET_BYTES} B`);
    }
  }
  return out;
}

function main(): number {
  const found = findEngines("npm run heap");
  if (found === null) return 2;
  const { engineDir, roomy } = found;
  const host = findHostEnginesIfBuilt();
  if (host === null)
    console.log(`(no host engines: per-file parse figures not measured; build them with ${HOST_ENGINE_BUILD})`);
  buildIfNeeded();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "steady-hold-heap-"));
  try {
    const figures: PackageFigures[] = [];
    const calibration = roomy === null ? null : calibrate(engineDir, roomy, work);
    let hostCalibration: Calibration | null = null;
    for (const pkg of PACKAGES) {
      if (!fs.existsSync(pkg.fba)) throw new Error(`${pkg.fba} is missing after the build`);
      let f: PackageFigures;
      try {
        f = measurePackage(engineDir, pkg, work, roomy, host);
      } catch (e) {
        if (!(e instanceof EngineMissing)) throw e;
        console.error(`npm run heap: ${pkg.name}: ${e.message}`);
        return 2;
      }
      if (f.chunked && host !== null && hostCalibration === null)
        hostCalibration = calibrate(engineDir, host.roomy, work, host.budget, [
          writeChunkLoader(path.join(work, pkg.target, "app"), work, "calibration"),
        ]);
      figures.push(f);
      console.log(
        `\n${pkg.name}, ${pkg.target}: bundle ${f.bundleBytes} B, parse peak ${f.parsePeakBytes} B, parsed code ${f.parsedCodeBytes} B`,
      );
      for (const c of f.cases)
        console.log(
          `  ${c.name.padEnd(84)} peak ${fmt(c.peakBytes).padStart(6)} B (runtime ${fmt(c.runtimeBytes)} B)  ${c.ok ? "" : `needs ${fmt(c.neededBytes)} B; ${c.note}`}`,
        );
      console.log(`  retained 38 s into hold ${f.retained.map((r) => `${r.hold}: ${r.retainedBytes} B`).join(", ")}`);
      for (const file of f.files ?? [])
        console.log(
          `  ${file.file}: ${file.bytes} B, parsing it alone peaks at ${fmt(file.parsePeakBytes)} B, leaves ${fmt(file.parsedCodeBytes)} B`,
        );
    }
    fs.writeFileSync(DOC, renderMarkdown(figures, calibration, hostCalibration) + "\n");
    console.log(`\nwrote ${path.relative(ROOT, DOC)}`);
    const bad = problems(figures);
    for (const p of bad) console.error("over budget or failed: " + p);
    return bad.length > 0 ? 1 : 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main();
