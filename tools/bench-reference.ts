// Round nine of issue 14: a per-hold calm reference in place of (or beside) the quiet-time
// background. On the TUNING sets only (base 1–11, wide 2–12; no held-out set is touched). Nothing is
// written.
//
//   npx tsx tools/bench-reference.ts [--help] [--sets N] [--variants v;w;…]
// Today's threshold is 3 × the rms of a background learnt while the hold is quiet (no lobe for
// 1.5 s) or has moved for 3 s without a run. The calm reference instead follows the hold's calmest
// moments: the projected signal's energy over a short window (SHORT_TAU_S), and its running minimum
// after the first second ("minimum statistics"), which may creep up (UP_TAU_S; Infinity: a
// reference learnt in the hold's first calm moments that only ever falls) but never while a bout is
// open. A variant (mode:factor:floor:shortTau:upTau) sets the threshold to
//   replace  scale × max(floor, factor × √reference)
//   max      scale × max(floor, 3 × √background, factor × √reference)
//   cap      scale × max(floor, 3 × √min(background, factor² × reference))
//   settle   scale × max(floor, 3 × √background, factor × √(mean energy of the first upTau s))
//            (a reference learnt in the settling seconds and then frozen; shortTau unused)
// (the reference unknown in the first second: today's threshold). The patch is applied to
// common/bounce.ts at load time, as tools/bench-scorer-detector.ts does; "today" is the detector
// unchanged, and a test (test/bounce-reference.test.ts) checks that the patch with the reference
// off warns exactly as it does.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BounceDetector } from "../common/bounce";
import { ModelEnvelope } from "../model/holds";
import { Samples, warningTimes } from "../model/detector-run";
import { BASE_SEEDS, WIDE_SEEDS, tuningHolds } from "./tuning-sets";
import { LabelledHold, scoreHolds } from "./bench-score";
import { SCORE_HEADER, scoreCells, table } from "./bench-report";

const USAGE = "usage: npx tsx tools/bench-reference.ts [--help] [--sets N] [--variants mode:factor:floor:short:up;…]";

export type ReferenceMode = "off" | "replace" | "max" | "cap" | "settle";
export interface ReferenceVariant {
  mode: ReferenceMode;
  factor: number;
  floor: number;
  shortTauS: number;
  upTauS: number;
}
export const REFERENCE_OFF: ReferenceVariant = { mode: "off", factor: 3, floor: 0.15, shortTauS: 0.5, upTauS: 20 };

export interface ReferenceDetectorModule {
  BounceDetector: new (sensitivity: number | "normal" | "low" | "high") => BounceDetector;
  REFERENCE: { variant: ReferenceVariant };
}

function replaceOnce(source: string, from: string, to: string): string {
  const at = source.indexOf(from);
  if (at < 0 || source.indexOf(from, at + 1) >= 0) throw new Error(`bench-reference: patch point not unique: ${from}`);
  return source.slice(0, at) + to + source.slice(at + from.length);
}

/** The patched source of common/bounce.ts: two more slots (short energy, reference) and the threshold rule of the variant. */
export function referenceDetectorSource(source: string): string {
  let patched = replaceOnce(
    source,
    "const STATE_SLOTS = CARRIED_SCORE + 1;",
    "const SHORT_E = CARRIED_SCORE + 1;\nconst REFERENCE_E = CARRIED_SCORE + 2;\nconst STATE_SLOTS = CARRIED_SCORE + 3;",
  );
  patched = replaceOnce(
    patched,
    "  clearLobes(s, DOWN);\n  s[HALF_SIGN] = 0;\n  // A pause",
    "  clearLobes(s, DOWN);\n  s[HALF_SIGN] = 0;\n  s[SHORT_E] = 0;\n  // A pause",
  );
  patched = replaceOnce(
    patched,
    "    s[MOTION_ENERGY] = s[MOTION_TIME] = s[BOUT_OPEN] = s[BOUTS_S] = 0;\n",
    "    s[MOTION_ENERGY] = s[MOTION_TIME] = s[BOUT_OPEN] = s[BOUTS_S] = 0;\n    s[REFERENCE_E] = 0;\n",
  );
  patched = replaceOnce(
    patched,
    "    s[THRESHOLD] = s[SCALE] * Math.max(THRESHOLD_FLOOR, THRESHOLD_FACTOR * Math.sqrt(background));\n",
    `    s[THRESHOLD] = s[SCALE] * Math.max(THRESHOLD_FLOOR, THRESHOLD_FACTOR * Math.sqrt(background));
    const v = REFERENCE.variant;
    if (v.mode !== "off") {
      s[SHORT_E] += (1 - Math.exp(-dt / v.shortTauS)) * (projected * projected - s[SHORT_E]);
      if (v.mode === "settle") {
        // The mean energy of the hold's first upTauS seconds (its settling), then frozen.
        if (s[MOTION_TIME] < v.upTauS) s[REFERENCE_E] += (dt / s[MOTION_TIME]) * (projected * projected - s[REFERENCE_E]);
        else s[THRESHOLD] = s[SCALE] * Math.max(v.floor, THRESHOLD_FACTOR * Math.sqrt(background), v.factor * Math.sqrt(s[REFERENCE_E]));
      } else if (s[MOTION_TIME] >= BACKGROUND_WARMUP_S) {
        if (s[REFERENCE_E] === 0 || s[SHORT_E] < s[REFERENCE_E]) s[REFERENCE_E] = s[SHORT_E];
        else if (!s[BOUT_OPEN]) s[REFERENCE_E] += (dt / v.upTauS) * (s[SHORT_E] - s[REFERENCE_E]);
        const ref = s[REFERENCE_E];
        const t =
          v.mode === "replace"
            ? Math.max(v.floor, v.factor * Math.sqrt(ref))
            : v.mode === "max"
              ? Math.max(v.floor, THRESHOLD_FACTOR * Math.sqrt(background), v.factor * Math.sqrt(ref))
              : Math.max(v.floor, THRESHOLD_FACTOR * Math.sqrt(Math.min(background, v.factor * v.factor * ref)));
        s[THRESHOLD] = s[SCALE] * t;
      }
    }
`,
  );
  patched += `
export const REFERENCE: { variant: { mode: string; factor: number; floor: number; shortTauS: number; upTauS: number } } = {
  variant: { mode: "off", factor: 3, floor: 0.15, shortTauS: 0.5, upTauS: 20 },
};
`;
  return patched;
}

export async function loadReferenceDetector(): Promise<ReferenceDetectorModule> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const source = referenceDetectorSource(readFileSync(join(root, "common", "bounce.ts"), "utf8"));
  const folder = mkdtempSync(join(tmpdir(), "steady-hold-reference-"));
  const file = join(folder, "bounce-reference.ts");
  writeFileSync(file, source);
  try {
    return (await import(pathToFileURL(file).href)) as ReferenceDetectorModule;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** "replace:4:0.15:0.5:20" → a variant; "off" → the detector unchanged. */
export function parseVariant(text: string): ReferenceVariant {
  const [mode, factor, floor, shortTauS, upTauS] = text.split(":");
  if (mode === "off") return REFERENCE_OFF;
  if (mode !== "replace" && mode !== "max" && mode !== "cap" && mode !== "settle")
    throw new Error(`bench-reference: unknown mode ${mode}`);
  const v = {
    mode,
    factor: Number(factor),
    floor: Number(floor ?? 0.15),
    shortTauS: Number(shortTauS ?? 0.5),
    upTauS: upTauS === "inf" ? Infinity : Number(upTauS ?? 20),
  } as ReferenceVariant;
  if (![v.factor, v.floor, v.shortTauS, v.upTauS].every((n) => n > 0))
    throw new Error(`bench-reference: bad variant ${text}`);
  return v;
}

type Hold = LabelledHold & Samples & { fsHz: number; envelope: ModelEnvelope };

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(USAGE);
    return;
  }
  const setsAt = process.argv.indexOf("--sets");
  const setCount = setsAt >= 0 ? Number(process.argv[setsAt + 1]) : 6;
  const variantsAt = process.argv.indexOf("--variants");
  const variantTexts =
    variantsAt >= 0 ? process.argv[variantsAt + 1].split(";") : ["off", "replace:4:0.15:0.5:20", "cap:1.5:0.15:0.5:20"];
  const started = Date.now();
  const patched = await loadReferenceDetector();
  const holds: Hold[] = tuningHolds(setCount);
  console.log(
    `## A per-hold calm reference (round nine), tuning sets only: base ${BASE_SEEDS.slice(0, setCount).join(", ")}; ` +
      `wide ${WIDE_SEEDS.slice(0, setCount).join(", ")}, normal sensitivity (generated in ${((Date.now() - started) / 1000).toFixed(0)} s).\n`,
  );
  const groups: Array<[string, (h: Hold) => boolean]> = [
    ["base model, 12.5 Hz", (h) => h.envelope === "base" && h.fsHz < 20],
    ["base model, 25–100 Hz", (h) => h.envelope === "base" && h.fsHz >= 20],
    ["wide model, 12.5 Hz", (h) => h.envelope === "wide" && h.fsHz < 20],
    ["wide model, 25–100 Hz", (h) => h.envelope === "wide" && h.fsHz >= 20],
  ];
  const detector = new patched.BounceDetector("normal");
  const rows: string[][] = [];
  for (const text of variantTexts) {
    patched.REFERENCE.variant = parseVariant(text);
    const warnings = holds.map((hold) => warningTimes(hold, detector));
    for (const [name, keep] of groups) {
      const index = holds.map((_, i) => i).filter((i) => keep(holds[i]));
      const score = scoreHolds(
        index.map((i) => holds[i]),
        index.map((i) => warnings[i]),
      );
      rows.push([name, text, ...scoreCells(score)]);
    }
    console.error(`${text} done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  table(
    ["sets", "variant", ...SCORE_HEADER],
    rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
  ).forEach((line) => console.log(line));
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

if (process.argv[1] && /bench-reference/.test(process.argv[1])) void main();
