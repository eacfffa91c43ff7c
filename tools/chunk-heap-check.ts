// `npx tsx tools/chunk-heap-check.ts [--write]`: checks the engines that measure a device bundle split
// into chunks loaded on demand (issue 13, docs/heap-chunks.md), built by tools/jerry-host.sh.
//  1. Engine comparison: the shared ../shared/jerryscript/jerry-64k and tools/jerry-host.sh's 64 KB
//     engine on each package (the engine and the fake runtime alone, the parse of each device file;
//     a default session too for a single bundle): the two host globals (loadModule, runJobs)
//     should cost the same few bytes everywhere.
//  2. A toy: test/heap/chunk-toy's hand-written entry and view chunk in a temporary app/ folder, run
//     through test/heap/chunk-loader.js in both host engines: a view loaded, used, dropped, gc();
//     what stays allocated (a ballast allocation after gc() puts it into the peak).
//  3. The SDK's own split: a three-file project (an entry, a module it shares with a chunk, the chunk)
//     built with the project's @fitbit/sdk, run through the chunk loader: what the SDK emits, and
//     what "no module cache" does to a chunk that imports a module the entry imports too.
// --write puts the printed figures into docs/heap-chunks.md between its generated markers.
// Exits 1 when a check fails, 2 when an engine or a built package is missing.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { plannedHolds } from "../common/result";
import { DEFAULT_ROUTINE } from "../common/routine";
import {
  EngineMissing,
  HostEngines,
  PACKAGES,
  extractDeviceApp,
  findEngine,
  findHostEngines,
  runEngine,
  writeChunkLoader,
  writePrelude,
} from "./watch-heap";

const ROOT = path.resolve(__dirname, "..");
const DRIVERS = path.join(ROOT, "test", "heap");
const TOY = path.join(DRIVERS, "chunk-toy");
const DOC = path.join(ROOT, "docs", "heap-chunks.md");
const BEGIN = "<!-- chunk-heap-check:begin (npx tsx tools/chunk-heap-check.ts --write; do not edit by hand) -->";
const END = "<!-- chunk-heap-check:end -->";
/** The toy's ballast after gc(): larger than what loading the view costs, so the peak is what stays plus the ballast. */
const BALLAST_BYTES = 16384;
/** A second ballast size: every case's peak must move by exactly the difference (the ballast decides the peak). */
const BALLAST_CHECK_BYTES = 20480;
/**
 * Runs (not parses) may differ by more than the globals' static cost: those bytes move the moments the
 * collector runs (every 2 KB allocated), and so the peak, up or down by a few dozen bytes.
 */
const RUN_AGREEMENT_BYTES = 256;
/** "Unloaded": later open-and-close cycles may leave at most this much more than the first. */
const UNLOADED_TOLERANCE_BYTES = 16;

export interface ToyCase {
  name: string;
  cycles: number;
  openAtEnd: number;
  primed: boolean;
}

export const TOY_CASES: ToyCase[] = [
  { name: "entry only", cycles: 0, openAtEnd: 0, primed: false },
  { name: "one view open", cycles: 0, openAtEnd: 1, primed: false },
  { name: "two views open (two instances)", cycles: 0, openAtEnd: 2, primed: false },
  { name: "after 1 open-and-close", cycles: 1, openAtEnd: 0, primed: false },
  { name: "after 3 open-and-closes", cycles: 3, openAtEnd: 0, primed: false },
  { name: "primed, entry only", cycles: 0, openAtEnd: 0, primed: true },
  { name: "primed, after 1 open-and-close", cycles: 1, openAtEnd: 0, primed: true },
];

interface Line {
  what: string;
  shared: number;
  host: number;
}

/**
 * The shared engine and the host one on one package: the engine and the fake runtime alone, the
 * parse of each of its files, and, for a single bundle, a default session (a bundle with parts runs
 * only under the chunk loader, which needs the host engine's loadModule).
 */
function compareEngines(engineDir: string, host: HostEngines, pkgIndex: number, work: string): Line[] {
  const pkg = PACKAGES[pkgIndex];
  const app = extractDeviceApp(pkg.fba, pkg.target, path.join(work, "compare"));
  const shim = path.join(engineDir, "shim.js");
  const shared = path.join(engineDir, "jerry-64k");
  const empty = path.join(work, "empty.js");
  fs.writeFileSync(empty, '"use strict";\n');
  const parsePeak = (binary: string) => runEngine(engineDir, ["--parse-only", app.entry], binary).peakBytes;
  const prelude = writePrelude(work, "compare", { plannedHolds: plannedHolds(DEFAULT_ROUTINE) }, {}, 0);
  const session = [shim, prelude, app.entry, path.join(DRIVERS, "play.js"), path.join(DRIVERS, "default-session.js")];
  const both = (what: string, peak: (binary: string) => number): Line => ({
    what: `${pkg.target}: ${what}`,
    shared: peak(shared),
    host: peak(host.budget),
  });
  const sessionPeak = (binary: string) => {
    const run = runEngine(engineDir, session, binary);
    if (!run.ok) throw new Error(`the default session failed in ${binary}: ${run.output.slice(-300)}`);
    return run.peakBytes;
  };
  const alone = [
    both("the engine alone (an empty script)", (b) => runEngine(engineDir, [empty], b).peakBytes),
    both("fake runtime alone (shim.js, empty script)", (b) => runEngine(engineDir, [shim, empty], b).peakBytes),
  ];
  if (app.files.length > 1)
    return alone.concat(
      app.files.map((file) =>
        both(
          `parse of app/${path.basename(file)} (--parse-only)`,
          (b) => runEngine(engineDir, ["--parse-only", file], b).peakBytes,
        ),
      ),
    );
  return alone.concat([
    both("the bundle's parse (--parse-only app/index.js)", parsePeak),
    both("default session (test/heap/default-session.js)", sessionPeak),
  ]);
}

/**
 * What the chunk loader itself adds to the fake runtime alone (the default case's prelude and the
 * driver helpers, as `npm run heap`'s "runtime alone"), in the host 64 KB engine: a bundle with
 * chunks pays it in every run, the watch (whose require is native) does not.
 */
function loaderCost(engineDir: string, host: HostEngines, work: string): number {
  const empty = path.join(work, "empty.js");
  fs.writeFileSync(empty, '"use strict";\n');
  const shim = path.join(engineDir, "shim.js");
  const prelude = writePrelude(work, "loader-cost", { plannedHolds: plannedHolds(DEFAULT_ROUTINE) }, {}, 0);
  const loader = writeChunkLoader(path.join(work, "app"), work, "cost");
  const play = path.join(DRIVERS, "play.js");
  return (
    runEngine(engineDir, [shim, prelude, loader, empty, play], host.budget).peakBytes -
    runEngine(engineDir, [shim, prelude, empty, play], host.budget).peakBytes
  );
}

interface ToyFigure {
  toyCase: ToyCase;
  /** Peak with the ballast, per engine: what stays allocated after gc() plus the ballast. */
  budget: number;
  roomy: number;
  /** Peak with the larger ballast (budget engine), to check that the ballast decides the peak. */
  budgetLargerBallast: number;
  /** Peak without ballast: loading's own peak. */
  withoutBallast: number;
  output: string;
}

function runToy(engineDir: string, host: HostEngines, work: string): ToyFigure[] {
  const appDir = path.join(work, "toy", "app");
  fs.mkdirSync(appDir, { recursive: true });
  for (const name of ["index.js", "view-5e1f0a2b.js"]) fs.copyFileSync(path.join(TOY, name), path.join(appDir, name));
  const loader = writeChunkLoader(appDir, work, "toy");
  const shim = path.join(engineDir, "shim.js");
  return TOY_CASES.map((toyCase) => {
    const run = (binary: string, ballastBytes: number) => {
      const caseFile = path.join(work, "toy-case.js");
      fs.writeFileSync(caseFile, `var TOY_CASE = ${JSON.stringify({ ...toyCase, ballastBytes })};\n`);
      const r = runEngine(
        engineDir,
        [shim, caseFile, loader, path.join(appDir, "index.js"), path.join(TOY, "driver.js")],
        binary,
      );
      if (!r.ok) throw new Error(`toy "${toyCase.name}" failed in ${binary}: ${r.output.slice(-300)}`);
      return r;
    };
    const budget = run(host.budget, BALLAST_BYTES);
    return {
      toyCase,
      budget: budget.peakBytes,
      roomy: run(host.roomy, BALLAST_BYTES).peakBytes,
      budgetLargerBallast: run(host.budget, BALLAST_CHECK_BYTES).peakBytes,
      withoutBallast: run(host.budget, 0).peakBytes,
      output: budget.output,
    };
  });
}

const SHARED_TS = `export const launches = { count: 0 };
export function label(text: string): string {
  return "[" + launches.count + "] " + text;
}
`;
const LAZY_TS = `import document from "document";
import { label } from "./shared";
export function show(): void {
  const el = document.getElementById("sync-text");
  if (el !== null) el.text = label("lazy view");
}
`;

/**
 * Two layouts of the same three modules. "entry shares": the entry and the tap's chunk both import
 * ./shared. "chunks share": the entry imports no app module; the tap's chunk and a chunk imported
 * at launch (which counts a launch in its ./shared) share it.
 */
const SPLIT_FIXTURES: Array<{ name: string; sources: Record<string, string> }> = [
  {
    name: "the entry and the tap's chunk both import ./shared",
    sources: {
      "app/shared.ts": SHARED_TS,
      "app/lazy.ts": LAZY_TS,
      "app/index.ts": `import document from "document";
import { label, launches } from "./shared";
launches.count++;
console.log(label("entry ran"));
const start = document.getElementById("start-button");
if (start !== null)
  start.addEventListener("click", () => {
    void import("./lazy").then((m) => m.show());
  });
`,
    },
  },
  {
    name: "the entry imports no app module; the tap's chunk and a chunk loaded at launch (counting the launch) share ./shared",
    sources: {
      "app/shared.ts": SHARED_TS,
      "app/lazy.ts": LAZY_TS,
      "app/launch.ts": `import { label, launches } from "./shared";
export function countLaunch(): string {
  launches.count++;
  return label("launch counted");
}
`,
      "app/index.ts": `import document from "document";
void import("./launch").then((m) => console.log(m.countLaunch()));
const start = document.getElementById("start-button");
if (start !== null)
  start.addEventListener("click", () => {
    void import("./lazy").then((m) => m.show());
  });
`,
    },
  },
];

/** Taps the button 3 times; after each, how many click listeners the entry's code has registered (1 per run of it). */
const SPLIT_DRIVER = `(function () {
  function listeners() { var l = __sim.el("start-button")._l; return l && l.click ? l.click.length : 0; }
  var counts = [listeners()];
  for (var i = 0; i < 3; i++) { __sim.tap("start-button"); counts.push(listeners()); }
  print("SPLIT " + counts.join(" ") + " | " + __sim.el("sync-text").text);
})();
`;

/** The two SDKs: the package folder (its node_modules, tsconfig.json, resources, package.json) and the target built. */
const SPLIT_SDKS = [
  { name: "SDK 6.1", folder: ROOT, target: "atlas" },
  { name: "SDK 4.3.2", folder: path.join(ROOT, "legacy"), target: "mira" },
];

interface SplitFigure {
  sdk: string;
  fixture: string;
  /** The text the tap's chunk wrote: "[n] lazy view", n the launches its own ./shared counted. */
  text: string;
  /** app/*.js of the built fixture, and the relative names each requires. */
  files: Array<{ file: string; bytes: number; requires: string[] }>;
  /** Click listeners before the first tap and after each of 3 taps. */
  listeners: number[];
}

/** Builds the split fixture with one of the project's SDKs (its patches included) and runs it through the chunk loader. */
function runSplit(
  engineDir: string,
  host: HostEngines,
  work: string,
  sdk: (typeof SPLIT_SDKS)[number],
  fixture: number,
): SplitFigure {
  const folder = path.join(work, `split-${sdk.target}-${fixture}`);
  const project = path.join(folder, "project");
  fs.mkdirSync(path.join(project, "app"), { recursive: true });
  fs.cpSync(path.join(sdk.folder, "resources"), path.join(project, "resources"), { recursive: true });
  fs.symlinkSync(path.join(sdk.folder, "node_modules"), path.join(project, "node_modules"));
  fs.copyFileSync(path.join(sdk.folder, "tsconfig.json"), path.join(project, "tsconfig.json"));
  fs.writeFileSync(
    path.join(project, "app", "tsconfig.json"),
    JSON.stringify({
      extends: "../tsconfig.json",
      include: ["**/*.ts", "../node_modules/fitbit-sdk-types/types/device"],
    }),
  );
  // The patched SDKs mangle the property names this list names (docs/watches.md): SDK 6.1 reads
  // app/mangled-names.json, SDK 4.3.2 ../app/mangled-names.json; one name keeps the list valid.
  for (const dir of [path.join(project, "app"), path.join(folder, "app")]) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "mangled-names.json"), JSON.stringify({ names: ["count"] }));
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(sdk.folder, "package.json"), "utf8")) as { fitbit: object };
  fs.writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({
      name: "split-fixture",
      private: true,
      fitbit: { ...manifest.fitbit, buildTargets: [sdk.target] },
    }),
  );
  for (const [file, text] of Object.entries(SPLIT_FIXTURES[fixture].sources))
    fs.writeFileSync(path.join(project, file), text);
  const fitbitBuild = path.join(sdk.folder, "node_modules", ".bin", "fitbit-build");
  const build = spawnSync(fitbitBuild, [], { cwd: project, encoding: "utf8" });
  if (build.status !== 0)
    throw new Error(`building the split fixture with ${sdk.name} failed: ${(build.stdout + build.stderr).slice(-600)}`);
  const app = extractDeviceApp(path.join(project, "build", "app.fba"), sdk.target, path.join(folder, "run"));
  const files = app.files.map((file) => ({
    file: "app/" + path.basename(file),
    bytes: fs.statSync(file).size,
    requires: (fs.readFileSync(file, "utf8").match(/require\("\.\/[^"]+"\)/g) ?? []).map((r) => r.slice(9, -2)),
  }));
  const driver = path.join(work, "split-driver.js");
  fs.writeFileSync(driver, SPLIT_DRIVER);
  // The prelude marks the shim's default-export modules as ES modules, as SDK 4.3.2's interop needs.
  const scripts = [
    path.join(engineDir, "shim.js"),
    writePrelude(work, "split", {}, {}, 0),
    writeChunkLoader(app.appDir, work, `split-${sdk.target}-${fixture}`),
    app.entry,
    driver,
  ];
  const run = runEngine(engineDir, scripts, host.roomy);
  const line = /^SPLIT ([\d ]+) \| (.*)$/m.exec(run.output);
  if (!run.ok || line === null) throw new Error(`the ${sdk.name} split fixture failed: ${run.output.slice(-300)}`);
  return {
    sdk: sdk.name,
    fixture: SPLIT_FIXTURES[fixture].name,
    files,
    listeners: line[1].trim().split(" ").map(Number),
    text: line[2],
  };
}

function report(
  lines: Line[],
  loaderBytes: number,
  toy: ToyFigure[],
  splits: SplitFigure[],
): { text: string; failures: string[] } {
  const out: string[] = [];
  const failures: string[] = [];
  out.push("Engine comparison: peak heap (B), shared jerry-64k vs tools/jerry-host.sh's jerry-host-64k");
  const signed = (n: number) => (n > 0 ? "+" : "") + n;
  for (const l of lines)
    out.push(
      `  ${l.what.padEnd(66)} ${String(l.shared).padStart(6)} ${String(l.host).padStart(6)}  ${signed(l.host - l.shared)}`,
    );
  const globalsCost = lines[0].host - lines[0].shared;
  out.push(
    `  the two host globals cost ${globalsCost} B (the engine alone); a run's peak may move by up to ${RUN_AGREEMENT_BYTES} B`,
  );
  out.push(
    `  the chunk loader (test/heap/chunk-loader.js) adds ${loaderBytes} B to the fake runtime alone: ` +
      "a bundle with chunks pays it in every run, the watch's native require does not",
  );
  for (const l of lines) {
    const diff = l.host - l.shared;
    const staticRow = !/session/.test(l.what);
    if (staticRow ? diff !== globalsCost : Math.abs(diff) > RUN_AGREEMENT_BYTES)
      failures.push(`${l.what}: the host engine differs by ${diff} B`);
  }

  const byName = (name: string) => toy.find((f) => f.toyCase.name === name)!;
  const base = byName("entry only").budget;
  out.push("");
  out.push(
    `Chunk toy (test/heap/chunk-toy, through test/heap/chunk-loader.js): peak (B) after gc() and a ${BALLAST_BYTES} B ballast`,
  );
  out.push(`  ${"case".padEnd(34)} ${"64 KB".padStart(6)} ${"256 KB".padStart(6)}  vs entry only  loading's own peak`);
  for (const f of toy)
    out.push(
      `  ${f.toyCase.name.padEnd(34)} ${String(f.budget).padStart(6)} ${String(f.roomy).padStart(6)}  ${String(f.budget - base).padStart(13)}  ${String(f.withoutBallast).padStart(17)}`,
    );
  for (const f of toy) {
    if (f.budget !== f.roomy)
      failures.push(`toy "${f.toyCase.name}": the engines disagree (${f.budget} vs ${f.roomy} B)`);
    if (f.budgetLargerBallast - f.budget !== BALLAST_CHECK_BYTES - BALLAST_BYTES)
      failures.push(`toy "${f.toyCase.name}": the ballast does not decide the peak`);
  }
  const open1 = byName("one view open").budget;
  const open2 = byName("two views open (two instances)").budget;
  const after1 = byName("after 1 open-and-close").budget;
  const after3 = byName("after 3 open-and-closes").budget;
  const primedBase = byName("primed, entry only").budget;
  const primedAfter1 = byName("primed, after 1 open-and-close").budget;
  out.push(
    `  one view open keeps ${open1 - base} B; a second instance of the same chunk ${open2 - open1} B more`,
    `  the first open-and-close leaves ${after1 - base} B; opening and closing twice more leaves ${after3 - after1} B more`,
    `  priming (the chunk parsed once, unrun; the built-ins it uses touched) keeps ${primedBase - base} B; ` +
      `then an open-and-close leaves ${primedAfter1 - primedBase} B (state the fake runtime keeps, e.g. the element's text)`,
  );
  if (after3 - after1 > UNLOADED_TOLERANCE_BYTES)
    failures.push(`later open-and-closes leave ${after3 - after1} B: the chunk is not unloaded`);
  if (!(open2 > open1)) failures.push("a second view is not a second instance");

  for (const split of splits) {
    out.push("");
    out.push(`The SDK's split, ${split.sdk}: ${split.fixture}`);
    for (const f of split.files)
      out.push(
        `  ${f.file.padEnd(24)} ${String(f.bytes).padStart(4)} B, requires ${f.requires.join(", ") || "no app file"}`,
      );
    out.push(
      `  the entry's code registers the tap's listener; listeners before the first tap and after each of 3 taps, ` +
        `through the chunk loader (no module cache, 256 KB engine): ${split.listeners.join(", ")}; ` +
        `the tap's chunk wrote "${split.text}"`,
    );
  }
  return { text: out.join("\n"), failures };
}

function writeDoc(text: string): void {
  const doc = fs.readFileSync(DOC, "utf8");
  const from = doc.indexOf(BEGIN);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${DOC} lacks the generated markers`);
  fs.writeFileSync(DOC, doc.slice(0, from + BEGIN.length) + "\n\n```text\n" + text + "\n```\n\n" + doc.slice(to));
}

function main(argv: string[]): number {
  if (argv.includes("--help")) {
    console.log("usage: npx tsx tools/chunk-heap-check.ts [--help] [--write]");
    return 0;
  }
  let engineDir: string;
  let host: HostEngines;
  try {
    engineDir = findEngine();
    host = findHostEngines();
  } catch (e) {
    if (!(e instanceof EngineMissing)) throw e;
    console.error("chunk-heap-check: " + e.message);
    return 2;
  }
  const missing = PACKAGES.filter((p) => !fs.existsSync(p.fba));
  if (missing.length > 0) {
    console.error(`chunk-heap-check: ${missing.map((p) => p.fba).join(", ")} missing: run npm run build first`);
    return 2;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "steady-hold-chunks-"));
  try {
    const lines = PACKAGES.flatMap((_, i) => compareEngines(engineDir, host, i, work));
    const { text, failures } = report(
      lines,
      loaderCost(engineDir, host, work),
      runToy(engineDir, host, work),
      SPLIT_SDKS.flatMap((sdk) => SPLIT_FIXTURES.map((_, fixture) => runSplit(engineDir, host, work, sdk, fixture))),
    );
    console.log(text);
    for (const f of failures) console.error("chunk-heap-check: " + f);
    if (argv.includes("--write")) {
      writeDoc(text);
      console.log(`wrote ${path.relative(ROOT, DOC)}`);
    }
    return failures.length > 0 ? 1 : 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
