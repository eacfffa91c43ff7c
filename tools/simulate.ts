// Runs a scenario through the built app (build/app.fba) in the simulator and prints the
// timeline, or with --json one JSON object {"events": [...], "phone": {...}}.
//   npm start                      build if needed, run the default scenario
//   npm run simulate -- FILE.json [--json] [--logs]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { BundleError, loadBundle, packagePath } from "../sim/bundle";
import { loadScenario, playScenario } from "../sim/scenario";
import { ScenarioError, Simulation, SimulatorGapError } from "../sim/simulation";
import { formatTime, formatTimeline } from "../sim/timeline";
import { SettingsPageError } from "../sim/phone";
import { ViewError } from "../sim/view";

const ROOT = path.resolve(__dirname, "..");
const FBA = path.join(ROOT, "build", "app.fba");
const DEFAULT_SCENARIO = path.join(ROOT, "scenarios", "default.json");
const SOURCES = ["app", "companion", "settings", "common", "resources", "package.json"];

const USAGE = "usage: simulate [SCENARIO.json] [--json] [--logs] [--build-if-needed]";

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
  const flags = argv.filter((a) => a.startsWith("--"));
  const files = argv.filter((a) => !a.startsWith("--"));
  const unknown = flags.filter((f) => ["--json", "--logs", "--build-if-needed"].indexOf(f) < 0);
  if (unknown.length > 0 || files.length > 1) throw new ScenarioError(`${unknown[0] ?? "too many scenario files"}\n${USAGE}`);
  if (flags.indexOf("--build-if-needed") >= 0) buildIfNeeded();
  const scenarioFile = files[0] ?? DEFAULT_SCENARIO;
  const scenario = loadScenario(scenarioFile);
  const bundle = loadBundle(packagePath(ROOT, scenario.target), scenario.target);
  const started = performance.now();
  const sim = new Simulation({
    bundle,
    seed: scenario.seed,
    jitterMs: scenario.jitterMs,
    screenTimeoutMs: scenario.screenTimeoutMs,
    transferDelayMs: scenario.transferDelayMs,
    traces: scenario.traces,
    phoneSettings: scenario.routine,
  });
  await playScenario(sim, scenario);
  const wallMs = performance.now() - started;
  const phone = sim.phone();
  if (flags.indexOf("--json") >= 0) {
    process.stdout.write(JSON.stringify({ events: sim.events, phone }) + "\n");
    return 0;
  }
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
  process.stdout.write(out.join("\n") + "\n");
  return 0;
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
