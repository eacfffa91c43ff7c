// Runs the BUILT Bangle.js 2 app on the real firmware (Espruino 2v29, compiled to JavaScript, in
// ../shared/bangle-emu) through a worst-case session, measures process.memory() along the way, and
// runs the same session in the project's fake runtime (sim/bangle) to list every difference.
//   npx tsx tools/bangle-emu-check.ts [path/to/bangle-emu]     (default ../shared/bangle-emu)
// Worst case: 5 holds × 60 s a leg, no rests, no break, no get-ready, 5 last-seconds cues, high
// sensitivity, and a bouncing wrist through every hold (the bouncing trace looped), so every hold
// carries as many warnings as the detector's refractory time allows and the result record is long.
// The emulator's clock is its host's Date.now: after boot it is frozen and moved 80 ms per step,
// one accelerometer sample per step (12.5 Hz, the Bangle's rate); timers run at those steps, so
// they fire up to one step (80 ms) after their exact time.
import fs from "node:fs";
import path from "node:path";
import { decodeResultRecord } from "../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { Cue } from "../common/session";
import { parseTraceCsv } from "../model/trace-csv";
import { cuesOf } from "../sim/bangle/cues";
import { traceAt } from "../sim/bangle/motion";
import { AccelSample, Buzz, FakeBangle, Kx023LowPass } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "./build-bangle";

const ROOT = path.resolve(__dirname, "..");
const STEP_MS = 80;
const MEMORY_EVERY_STEPS = 10;
const BYTES_PER_VAR = 14;
export const WORST_CASE: Routine = {
  ...DEFAULT_ROUTINE,
  repsPerLeg: 5,
  holdSeconds: 60,
  restSeconds: 0,
  switchSeconds: 0,
  getReadySeconds: 0,
  lastSecondsCue: 5,
  sensitivity: "high",
};
const SESSION_MS = WORST_CASE.repsPerLeg * 2 * WORST_CASE.holdSeconds * 1000;
const TAIL_MS = 5000;
/** What the emulator lacks (it has no radio): reported apart from differences in the app's behaviour. */
const EMULATOR_LIMITS = ["NRF.updateServices is missing"];

interface Emulator {
  start(): Promise<void>;
  run(js: string): string[];
  eval(expr: string): string | undefined;
  upload(name: string, text: string): void;
  memory(): { free: number; usage: number; total: number; blocksize: number };
}

/** The wrist bounces all session long: the bouncing trace, looped, in g. */
function bouncingWrist(): (t: number) => AccelSample {
  const trace = parseTraceCsv(
    fs.readFileSync(path.join(ROOT, "scenarios", "traces", "bounce.csv"), "utf8"),
    "bounce.csv",
  );
  const length = trace.t[trace.t.length - 1] - trace.t[0];
  return (t) => traceAt(trace, t % length) as AccelSample;
}

function fmt(buzzCues: { t: number; cue: Cue }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of buzzCues) counts[c.cue] = (counts[c.cue] ?? 0) + 1;
  return counts;
}

async function main(): Promise<void> {
  const emuDir = path.resolve(process.argv[2] ?? path.join(ROOT, "..", "shared", "bangle-emu"));
  const driver = path.join(emuDir, "emu.js");
  if (!fs.existsSync(driver)) {
    console.error(
      `No Bangle.js 2 firmware emulator at ${emuDir} (expected ${driver}). Pass its folder as the first argument.`,
    );
    process.exit(2);
  }
  const appText = fs.readFileSync(BANGLE_APP_FILE, "utf8");
  const wrist = bouncingWrist();
  // The firmware emulator has no KX023: the samples it is given go through the sensor's filter here, as the fake's do.
  const sensor = new Kx023LowPass();

  // ---- the real firmware
  const realNow = Date.now;
  let frozen: number | null = null;
  Date.now = () => (frozen === null ? realNow() : frozen);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const emu = require(driver) as Emulator;
  await emu.start();
  const version = emu.eval("process.env.VERSION");
  const atBoot = emu.memory();
  emu.upload("steadyhold.json", JSON.stringify(WORST_CASE));
  emu.upload("steadyhold.app.js", appText);
  // Buzzes are printed, not kept: a list in the watch's memory would inflate the figure measured.
  emu.run('Bangle.buzz=function(ms,s){print("\\x02B",Date.now(),ms,s);return Promise.resolve();};');
  frozen = realNow();
  const t0 = frozen;
  const problems: string[] = [];
  const limits = new Set<string>();
  const buzzes: Buzz[] = [];
  const collect = (lines: string[]) => {
    for (const line of lines) {
      // The emulator starts each line the app prints with STX (0x02).
      // eslint-disable-next-line no-control-regex
      const m = /\x02B (\d+) (\d+) ([\d.]+)/.exec(line);
      if (m) buzzes.push({ t: Number(m[1]) - t0, ms: Number(m[2]), strength: Number(m[3]) });
      else if (EMULATOR_LIMITS.some((known) => line.indexOf(known) >= 0)) limits.add(line);
      else if (line.trim() !== "" && !/^=/.test(line)) problems.push(line);
    }
  };
  collect(emu.run('eval(require("Storage").read("steadyhold.app.js"))'));
  const afterLoad = emu.memory();
  collect(emu.run('Bangle.emit("touch",1,{x:88,y:88,type:0})'));
  let peak = emu.memory();
  let peakAt = 0;
  const steps = Math.ceil((SESSION_MS + TAIL_MS) / STEP_MS);
  const started = realNow();
  for (let i = 1; i <= steps; i++) {
    frozen += STEP_MS;
    const t = i * STEP_MS;
    const a = sensor.reading(t, wrist(t));
    collect(emu.run(`Bangle.emit("accel",{x:${a.x.toFixed(4)},y:${a.y.toFixed(4)},z:${a.z.toFixed(4)},mag:1,diff:0})`));
    if (i % MEMORY_EVERY_STEPS === 0 || t % (WORST_CASE.holdSeconds * 1000) < STEP_MS) {
      const m = emu.memory();
      if (m.usage > peak.usage) {
        peak = m;
        peakAt = t;
      }
    }
  }
  const wallSeconds = (realNow() - started) / 1000;
  const screenLines = emu.run('print("\\x03"+require("Storage").list(/^steadyhold\\./).join(","))');
  const files = (screenLines.find((l) => l.startsWith("\x03")) ?? "\x03")
    .slice(1)
    .split(",")
    .filter((f) => f !== "");
  const atEnd = emu.memory();
  const recordName = files.find((f) => f.startsWith("steadyhold.r"));
  let recordReport = "no result record stored";
  let bounceCountEmu = -1;
  if (recordName !== undefined) {
    const length = Number(emu.eval(`require("Storage").read(${JSON.stringify(recordName)}).length`));
    const bytes: number[] = [];
    for (let at = 0; at < length; at += 64) {
      const hex = JSON.parse(
        emu.eval(
          `(function(s){var o="";for(var i=${at};i<Math.min(s.length,${at + 64});i++)o+=(256+s.charCodeAt(i)).toString(16).slice(1);return o;})(require("Storage").read(${JSON.stringify(recordName)}))`,
        ) ?? '""',
      ) as string;
      for (let k = 0; k < hex.length; k += 2) bytes.push(parseInt(hex.slice(k, k + 2), 16));
    }
    const decoded = decodeResultRecord(new Uint8Array(bytes));
    if (decoded.ok) {
      bounceCountEmu = decoded.value.holds.reduce((n, h) => n + h.bounceAtMs.length, 0);
      recordReport = `${bytes.length}-byte record decodes: ${decoded.value.holds.length} holds, ${bounceCountEmu} bounce warnings, completed ${decoded.value.completed}`;
    } else recordReport = `${bytes.length}-byte record does NOT decode: ${decoded.reason}`;
  }
  Date.now = realNow;

  // ---- the same session in the fake runtime
  const storage = new Map([["steadyhold.json", JSON.stringify(WORST_CASE)]]);
  const fake = new FakeBangle(appText, BANGLE_APP_FILE, { storage, motion: wrist });
  fake.launch();
  fake.touch();
  fake.advance(SESSION_MS + TAIL_MS);

  // The firmware runs its timers when the driver steps the clock (every 80 ms), so a cue can come up
  // to one step after the fake runtime's exact time; more than that is a difference.
  const emuCues = cuesOf(buzzes, STEP_MS);
  const fakeCues = cuesOf(fake.buzzes);
  const differences: string[] = [];
  const n = Math.max(emuCues.length, fakeCues.length);
  for (let i = 0; i < n; i++) {
    const e = emuCues[i];
    const f = fakeCues[i];
    if (e === undefined || f === undefined || e.cue !== f.cue || e.t < f.t || e.t - f.t >= STEP_MS) {
      differences.push(
        `cue ${i + 1}: firmware ${e ? e.cue + " at " + e.t + " ms" : "none"}, fake ${f ? f.cue + " at " + f.t + " ms" : "none"}`,
      );
    }
  }
  // Session ids differ (each runtime's own clock and random numbers): compare the kinds of files.
  const kinds = (names: string[]) =>
    names
      .filter((f) => f !== "steadyhold.app.js")
      .map((f) => f.replace(/^(steadyhold\.[rx]).*$/, "$1<id>"))
      .sort()
      .join(", ");
  const fakeFiles = [...storage.keys()].filter((k) => k.startsWith("steadyhold."));
  if (kinds(fakeFiles) !== kinds(files)) differences.push(`files: firmware ${kinds(files)}; fake ${kinds(fakeFiles)}`);
  for (const e of fake.errors) differences.push("fake runtime error: " + e);

  const kb = (vars: number) => ((vars * BYTES_PER_VAR) / 1024).toFixed(1) + " KB";
  const report: string[] = [];
  report.push(
    `Bangle.js 2 firmware ${version} (emulator ${path.relative(ROOT, emuDir)}), app ${path.relative(ROOT, BANGLE_APP_FILE)} ${Buffer.byteLength(appText)} bytes`,
  );
  report.push(
    `worst case: ${WORST_CASE.repsPerLeg} holds x ${WORST_CASE.holdSeconds} s a leg, no rests, sensitivity ${WORST_CASE.sensitivity}, bouncing in every hold; ${steps} steps of ${STEP_MS} ms (${wallSeconds.toFixed(1)} s of wall time)`,
  );
  report.push(`memory (JsVars of ${atBoot.blocksize} bytes, total ${atBoot.total}):`);
  report.push(`  after boot            usage ${atBoot.usage} (${kb(atBoot.usage)})`);
  report.push(`  app loaded, home      usage ${afterLoad.usage} (${kb(afterLoad.usage)})`);
  report.push(
    `  peak in the session   usage ${peak.usage} (${kb(peak.usage)}), free ${peak.free}, at ${(peakAt / 1000).toFixed(1)} s`,
  );
  report.push(`  after the session     usage ${atEnd.usage} (${kb(atEnd.usage)})`);
  report.push(`cues on the firmware: ${JSON.stringify(fmt(emuCues))}`);
  report.push(`cues in the fake:     ${JSON.stringify(fmt(fakeCues))}`);
  report.push(`result: ${recordReport}`);
  report.push(`files on the firmware: ${files.join(", ") || "none"}`);
  report.push(`firmware console: ${problems.length === 0 ? "no errors or other output" : problems.length + " lines"}`);
  for (const p of problems.slice(0, 20)) report.push("  " + p);
  for (const l of limits)
    report.push(`emulator limit (no radio): "${l}" — the app keeps serving the values it published`);
  report.push(
    `differences between the firmware and the fake runtime: ${differences.length === 0 ? "none" : differences.length}`,
  );
  for (const d of differences.slice(0, 30)) report.push("  " + d);
  console.log(report.join("\n"));
  // The figures in the docs come from this run, never copied by hand.
  const doc = [
    "<!-- Generated by `npx tsx tools/bangle-emu-check.ts` (the real Bangle.js 2 firmware in ../shared/bangle-emu); do not edit by hand. -->",
    "# Bangle.js 2 app on the real firmware",
    "",
    "A worst-case session of the built `wearables/bangle/steadyhold.app.js` on Espruino's own firmware (run in Node),",
    "compared cue by cue and file by file with the project's fake Bangle runtime (`sim/bangle/`).",
    "",
    "```",
    ...report.map((line) => line.replace(/ \([\d.]+ s of wall time\)/, "")),
    "```",
    "",
  ].join("\n");
  fs.writeFileSync(path.join(ROOT, "docs", "numbers-bangle.md"), doc);
  console.log("wrote docs/numbers-bangle.md");
  const ok = peak.free > 0 && recordName !== undefined && differences.length === 0 && problems.length === 0;
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error((e as Error).stack ?? String(e));
  process.exit(1);
});
