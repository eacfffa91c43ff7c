// Runs a scenario through the built app (build/app.fba) in the simulator and prints the
// timeline, or with --json one JSON object {"events": [...], "phone": {...}}.
//   npm start                      build if needed, run the default scenario
//   npm run --silent simulate -- FILE.json [--json] [--out FILE] [--logs] [--warn-idle]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { BundleError, loadBundle, packagePath } from "../sim/bundle";
import { idleActions, loadScenario, playScenario, simulationFor } from "../sim/scenario";
import { ScenarioError, SimulatorGapError } from "../sim/simulation";
import { formatTime, formatTimeline } from "../sim/timeline";
import { SettingsPageError } from "../sim/settings-page";
import { ViewError } from "../sim/watch-document";

const ROOT = path.resolve(__dirname, "..");
const FBA = path.join(ROOT, "build", "app.fba");
const DEFAULT_SCENARIO = path.join(ROOT, "scenarios", "default.json");
const SOURCES = ["app", "companion", "settings", "common", "resources", "package.json"];

const USAGE = `usage: simulate [SCENARIO.json] [--json] [--out FILE] [--logs] [--warn-idle] [--build-if-needed]
  SCENARIO.json      the scenario to play (default: scenarios/default.json); format in docs/simulator.md
  --json             one pretty-printed JSON object {"events": [...], "phone": {...}} instead of the timeline
  --out FILE         write the output to FILE instead of stdout
  --logs             add the apps' console output to the timeline
  --warn-idle        scripted actions that did nothing (a tap that only woke the dark screen, a tap on a
                     hidden element, an action while the app was not running) are warnings, not a failure
  --build-if-needed  build the app first if build/app.fba is missing or older than the sources
  --help             this text
Exit 0: played; 1: some scripted actions did nothing (each named on stderr); 2: bad arguments,
scenario or build. With npm, use "npm run --silent simulate -- …" so npm's banner stays out of the output.`;

const FLAGS = ["--json", "--logs", "--warn-idle", "--build-if-needed", "--help"];

interface Arguments {
  flags: string[];
  scenarioFile: string;
  outFile: string | undefined;
}

function parseArguments(argv: string[]): Arguments {
  const flags: string[] = [];
  const files: string[] = [];
  let outFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--out") {
      outFile = argv[++i];
      if (outFile === undefined || outFile.startsWith("--"))
        throw new ScenarioError(`--out needs a file name\n${USAGE}`);
    } else if (arg === "-h") flags.push("--help");
    else if (arg.startsWith("--")) {
      if (FLAGS.indexOf(arg) < 0) throw new ScenarioError(`unknown option ${arg}\n${USAGE}`);
      flags.push(arg);
    } else files.push(arg);
  }
  if (files.length > 1) throw new ScenarioError(`one scenario file at a time (got ${files.length})\n${USAGE}`);
  return { flags, scenarioFile: files[0] ?? DEFAULT_SCENARIO, outFile };
}

function newestSourceTime(p: string): number {
  const stat = fs.statSync(p, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(p)) newest = Math.max(newest, newestSourceTime(path.join(p, name)));
  return newest;
}

function buildIfNeeded(): void {
  const built = fs.statSync(FBA, { throwIfNoEntry: false });
  const newest = Math.max(...SOURCES.map((s) => newestSourceTime(path.join(ROOT, s))));
  if (built && built.mtimeMs >= newest) return;
  process.stderr.write(built ? "Sources changed: building the app…\n" : "No build yet: building the app…\n");
  const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "fitbit-build"), { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) {
    process.stderr.write((result.stdout ?? "") + (result.stderr ?? ""));
    throw new BundleError("the Fitbit build failed (see above)");
  }
}

async function main(argv: string[]): Promise<number> {
  const { flags, scenarioFile, outFile } = parseArguments(argv);
  if (flags.indexOf("--help") >= 0) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (flags.indexOf("--build-if-needed") >= 0) buildIfNeeded();
  const scenario = loadScenario(scenarioFile);
  const bundle = loadBundle(packagePath(ROOT, scenario.target), scenario.target);
  const started = performance.now();
  const sim = simulationFor(scenario, bundle);
  await playScenario(sim, scenario);
  const wallMs = performance.now() - started;
  const phone = sim.phone();
  const idle = idleActions(sim.events);
  let text: string;
  if (flags.indexOf("--json") >= 0) {
    text = JSON.stringify({ events: sim.events, phone }, null, 2) + "\n";
  } else {
    const out: string[] = [];
    out.push(`Steady Hold simulator — scenario ${scenario.name}, watch ${bundle.target}`);
    out.push("");
    out.push(...formatTimeline(sim.events));
    if (flags.indexOf("--logs") >= 0) {
      out.push("", "App logs:");
      for (const l of sim.logs) out.push(`${formatTime(l.t_ms)}  ${l.side.padEnd(9)}  ${l.text}`);
    }
    out.push("", "Phone — the settings page now shows:");
    out.push(...(phone.page.length > 0 ? phone.page.map((l) => "  " + l) : ["  (no settings page)"]));
    out.push("", `Simulated ${formatTime(sim.now)} in ${Math.round(wallMs)} ms.`);
    text = out.join("\n") + "\n";
  }
  if (outFile === undefined) process.stdout.write(text);
  else writeOutput(outFile, text);
  if (idle.length === 0) return 0;
  const warnOnly = flags.indexOf("--warn-idle") >= 0;
  for (const problem of idle) process.stderr.write(`simulate: ${warnOnly ? "warning: " : ""}${problem}\n`);
  if (warnOnly) return 0;
  process.stderr.write(`simulate: ${idle.length} scripted action(s) did nothing (--warn-idle to allow)\n`);
  return 1;
}

function writeOutput(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new ScenarioError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

const EXPECTED = [ScenarioError, BundleError, SimulatorGapError, SettingsPageError, ViewError];

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (EXPECTED.some((kind) => e instanceof kind)) {
      process.stderr.write(`simulate: ${(e as Error).message}\n`);
      process.exit(2);
    }
    throw e;
  },
);
