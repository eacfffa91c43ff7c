// Round ten of issue 14: direction. Every tug of a hold pulls along one line and turns the wrist about
// one axis, so the band-passed 3-D vector at each tug's lobe should point the same way tug after tug,
// while the hold's own wobble (a sum of components, each with its own direction) should wander. Does
// the cosine between a run's lobes' vectors tell bouts from the runs that make false warnings? On the
// TUNING sets only (base 1–11, wide 2–12; no held-out set is touched). Nothing is written.
//
//   npx tsx tools/bench-direction.ts [--help] [--sets N] [--parts dist,veto,refuse,gate] [--bars b,c,…] [--gates scale:bar,…] [--at peak|crossing] [--rule-off] [--refuse-until S]
// The detector is today's, patched by tools/bench-scorer-detector.ts (which keeps each lobe
// counter's peak vectors: lobeDirectionCos). A run's direction agreement is the smaller of its two
// cosines (middle lobe with the oldest, newest with the middle: "min cos") and their mean.
// --at crossing: each lobe's vector where it crossed the threshold instead of at its peak (as the
// detector's own rule takes it); --rule-off: the patched detector without that rule (a lobe more than
// 90° from the last of its side starts a new run), i.e. round nine's detector ("today" stays the
// committed detector).
// dist: the distributions at today's candidate runs (normal sensitivity) per outcome — warned in a
//       bout, warned calm (false), held back by round seven's veto, held back by the settling rules —
//       and at the runs of a lower threshold scale (0.8) in bouts today's detector misses and calm.
// veto: a run that today's rules let warn at once is held back (its next tug's run warns) also when
//       its min cos is under a bar (--bars), at every rate.
// refuse: a run whose min cos is under a bar (--bars) is no run at all (settling and confirming
//       runs included), at every rate; with --refuse-until S only in the hold's first S seconds.
// gate: today's warnings plus those of the detector at a lower threshold scale whose runs warn only
//       when their min cos reaches a bar (--gates scale:bar): can direction let weak bouts warn?
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BounceDetector } from "../common/bounce";
import { ModelEnvelope } from "../model/holds";
import { Samples, warningTimes } from "../model/detector-run";
import { BASE_SEEDS, WIDE_SEEDS, tuningHolds } from "./tuning-sets";
import { LabelledHold, scoreHolds, CATCH_AFTER_END_MS } from "./bench-score";
import { SCORE_HEADER, scoreCells, table } from "./bench-report";
import { ScorerDetectorModule, loadScorerDetector, lobeDirectionCos } from "./bench-scorer-detector";

const USAGE =
  "usage: npx tsx tools/bench-direction.ts [--help] [--sets N] [--parts dist,veto,refuse,gate] [--bars b,c,…] [--gates scale:bar,…] [--at peak|crossing] [--rule-off] [--refuse-until S]";

type Hold = LabelledHold & Samples & { fsHz: number; envelope: ModelEnvelope };

/** Refractory time of common/bounce.ts: a merged warning this soon after another is the same one. */
const REFRACTORY_MS = 4000;
/** The lower threshold scale whose runs the distributions also show. */
const LOW_SCALE = 0.8;

const SOURCE = readFileSync(
  join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "common", "bounce.ts"),
  "utf8",
);
function constant(name: string): number {
  const match = new RegExp(`^const ${name} = (-?[0-9.]+);`, "m").exec(SOURCE);
  if (!match) throw new Error(`bench-direction: no ${name} in common/bounce.ts`);
  return Number(match[1]);
}
const SCORE_BAR = constant("SCORE_BAR");
const COARSE_STEP_S = constant("COARSE_STEP_S");

/** The smaller and the mean of a run's two lobe-to-lobe cosines. */
export function runDirection(
  patched: ScorerDetectorModule,
  s: Float64Array,
  run: number,
): { min: number; mean: number } {
  const [older, newer] = lobeDirectionCos(s, patched.SLOTS, run);
  return { min: Math.min(older, newer), mean: (older + newer) / 2 };
}

/** Today's veto of common/bounce.ts (round seven's fitted score), as the patch's HOOK.veto would replace it. */
export function todaysVeto(patched: ScorerDetectorModule, s: Float64Array): boolean {
  const S = patched.SLOTS;
  return s[S.GAIN_DT] < COARSE_STEP_S && s[S.RUN_SCORE] < SCORE_BAR;
}

/**
 * Today's veto, or a run whose lobes' directions agree less than `bar` (min cos): held back as the
 * settling rules hold a run back (its next tug's run warns). A bar of -Infinity is today's veto alone.
 */
export function directionVeto(patched: ScorerDetectorModule, bar: number) {
  return (s: Float64Array, run: number) => todaysVeto(patched, s) || runDirection(patched, s, run).min < bar;
}

/** Warnings of two detectors merged: one within the refractory time after a kept one is the same warning. */
export function mergeWarnings(a: number[], b: number[]): number[] {
  const merged: number[] = [];
  for (const t of a.concat(b).sort((x, y) => x - y))
    if (merged.length === 0 || t - merged[merged.length - 1] >= REFRACTORY_MS) merged.push(t);
  return merged;
}

function boutOf(hold: LabelledHold, tMs: number): number {
  return hold.bouts.findIndex((b) => tMs >= b.startMs && tMs <= b.endMs + CATCH_AFTER_END_MS);
}

interface Candidate {
  min: number;
  mean: number;
  inBout: boolean;
  outcome: "warned" | "veto" | "settling" | "none";
  coarse: boolean;
  envelope: ModelEnvelope;
  /** The bout it falls in was caught by today's detector (for the lower scale's candidates). */
  caughtToday: boolean;
  kind: string;
  /** Seconds into the hold. */
  tS: number;
}

function quantiles(values: number[]): string[] {
  const sorted = values.slice().sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(2) : "–";
  const share = (keep: (v: number) => boolean) =>
    sorted.length ? (values.filter(keep).length / values.length).toFixed(3) : "–";
  return [
    String(sorted.length),
    share((v) => v < 0),
    at(0.1),
    at(0.25),
    at(0.5),
    at(0.75),
    at(0.9),
    share((v) => v >= 0.9),
  ];
}

/** Every candidate run (dedup by counter and newest lobe) of the patched detector at `scale`, with its outcome. */
function candidates(patched: ScorerDetectorModule, holds: Hold[], scale: number, todays: number[][]): Candidate[] {
  const S = patched.SLOTS;
  const out: Candidate[] = [];
  const detector = new patched.BounceDetector(scale);
  holds.forEach((hold, h) => {
    const seen = new Set<number>();
    let last: Candidate | null = null;
    patched.HOOK.judge = (s, run) => {
      const key = run * 1e7 + s[run + S.TIMES + 2];
      if (seen.has(key)) return true;
      seen.add(key);
      const bout = boutOf(hold, s[S.NOW_S] * 1000);
      const caughtToday =
        bout >= 0 &&
        todays[h].some((t) => t >= hold.bouts[bout].startMs && t <= hold.bouts[bout].endMs + CATCH_AFTER_END_MS);
      last = {
        ...runDirection(patched, s, run),
        inBout: bout >= 0,
        outcome: "none",
        coarse: hold.fsHz < 20,
        envelope: hold.envelope,
        caughtToday,
        kind: hold.kind,
        tS: s[S.NOW_S],
      };
      out.push(last);
      return true;
    };
    patched.HOOK.heldBack = (_s, _run, settling) => {
      if (last !== null && last.outcome === "none") last.outcome = settling ? "settling" : "veto";
    };
    patched.HOOK.warned = (_s, run) => {
      if (run && last !== null && last.outcome === "none") last.outcome = "warned";
    };
    warningTimes(hold, detector);
  });
  patched.HOOK.judge = patched.HOOK.heldBack = patched.HOOK.warned = null;
  return out;
}

function distributions(patched: ScorerDetectorModule, holds: Hold[], todays: number[][]): void {
  const header = ["rate", "runs", "min cos: n", "< 0", "10 %", "25 %", "50 %", "75 %", "90 %", "≥ 0.9"];
  const rows: string[][] = [];
  const normal = candidates(patched, holds, 1, todays);
  const low = candidates(patched, holds, LOW_SCALE, todays);
  for (const envelope of ["base", "wide"] as ModelEnvelope[])
    for (const coarse of [false, true]) {
      const rate = `${envelope} ${coarse ? "12.5 Hz" : "25–100 Hz"}`;
      const mine = (c: Candidate) => c.envelope === envelope && c.coarse === coarse;
      const groups: Array<[string, Candidate[], (c: Candidate) => boolean]> = [
        ["warned in a bout", normal, (c) => c.outcome === "warned" && c.inBout],
        ["warned, calm (false)", normal, (c) => c.outcome === "warned" && !c.inBout],
        ["veto held back, in a bout", normal, (c) => c.outcome === "veto" && c.inBout],
        ["veto held back, calm", normal, (c) => c.outcome === "veto" && !c.inBout],
        ["settling held back, in a bout", normal, (c) => c.outcome === "settling" && c.inBout],
        ["settling held back, calm", normal, (c) => c.outcome === "settling" && !c.inBout],
        [`scale ${LOW_SCALE}: in bouts missed today`, low, (c) => c.inBout && !c.caughtToday],
        [`scale ${LOW_SCALE}: in bouts caught today`, low, (c) => c.inBout && c.caughtToday],
        [`scale ${LOW_SCALE}: calm`, low, (c) => !c.inBout],
        [`scale ${LOW_SCALE}: calm, first 4.5 s`, low, (c) => !c.inBout && c.tS < 4.5],
        [`scale ${LOW_SCALE}: calm, later, steady`, low, (c) => !c.inBout && c.tS >= 4.5 && c.kind === "steady"],
        [
          `scale ${LOW_SCALE}: calm, later, re-grip`,
          low,
          (c) => !c.inBout && c.tS >= 4.5 && c.kind === "steady-regrip",
        ],
        [`scale ${LOW_SCALE}: calm, later, tugs`, low, (c) => !c.inBout && c.tS >= 4.5 && /tug/.test(c.kind)],
        [
          `scale ${LOW_SCALE}: calm, later, bouncing hold`,
          low,
          (c) => !c.inBout && c.tS >= 4.5 && /bounce/.test(c.kind),
        ],
      ];
      for (const [name, pool, keep] of groups) {
        const picked = pool.filter((c) => mine(c) && keep(c));
        rows.push([rate, name, ...quantiles(picked.map((c) => c.min))]);
      }
      for (const [name, pool, keep] of groups.slice(0, 2)) {
        const picked = pool.filter((c) => mine(c) && keep(c));
        rows.push([rate, `${name} (mean cos)`, ...quantiles(picked.map((c) => c.mean))]);
      }
    }
  console.log(
    `\n### Direction agreement of candidate runs (min cos of the run's two lobe pairs; normal sensitivity)\n`,
  );
  table(header, rows).forEach((line) => console.log(line));
}

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(USAGE);
    return;
  }
  const argument = (name: string, fallback: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const setCount = Number(argument("--sets", "6"));
  const parts = argument("--parts", "dist,veto,gate").split(",");
  const bars = argument("--bars", "0.3,0.5,0.7,0.8,0.9").split(",").map(Number);
  const refuseUntilS = Number(argument("--refuse-until", "Infinity"));
  const gates = argument("--gates", "0.8:0.9,0.8:0.95,0.7:0.95")
    .split(",")
    .map((g) => g.split(":").map(Number));
  const started = Date.now();
  const patched = await loadScorerDetector();
  const S = patched.SLOTS;
  patched.KEPT_VECTOR.atPeak = argument("--at", "peak") === "peak";
  patched.HOOK.directionRule = !process.argv.includes("--rule-off");
  const holds: Hold[] = tuningHolds(setCount);
  console.log(
    `## Direction of the lobes (round ten), tuning sets only: base ${BASE_SEEDS.slice(0, setCount).join(", ")}; ` +
      `wide ${WIDE_SEEDS.slice(0, setCount).join(", ")} (generated in ${((Date.now() - started) / 1000).toFixed(0)} s).`,
  );
  const today = new BounceDetector("normal");
  const todays = holds.map((hold) => warningTimes(hold, today));
  if (parts.includes("dist")) distributions(patched, holds, todays);

  const groups: Array<[string, (h: Hold) => boolean]> = [
    ["base model, 12.5 Hz", (h) => h.envelope === "base" && h.fsHz < 20],
    ["base model, 25–100 Hz", (h) => h.envelope === "base" && h.fsHz >= 20],
    ["wide model, 12.5 Hz", (h) => h.envelope === "wide" && h.fsHz < 20],
    ["wide model, 25–100 Hz", (h) => h.envelope === "wide" && h.fsHz >= 20],
  ];
  const variants: Array<[string, number[][]]> = [["today", todays]];
  if (parts.includes("veto")) {
    const detector = new patched.BounceDetector(1);
    for (const bar of bars) {
      patched.HOOK.veto = directionVeto(patched, bar);
      variants.push([`veto: min cos < ${bar}`, holds.map((hold) => warningTimes(hold, detector))]);
      console.error(`veto ${bar} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    patched.HOOK.veto = null;
  }
  if (parts.includes("refuse")) {
    const detector = new patched.BounceDetector(1);
    for (const bar of bars) {
      patched.HOOK.judge = (s, run) => s[S.MOTION_TIME] >= refuseUntilS || runDirection(patched, s, run).min >= bar;
      const label = refuseUntilS < Infinity ? ` in the first ${refuseUntilS} s` : "";
      variants.push([`refuse: min cos < ${bar}${label}`, holds.map((hold) => warningTimes(hold, detector))]);
      console.error(`refuse ${bar} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    patched.HOOK.judge = null;
  }
  if (parts.includes("gate")) {
    for (const [scale, bar] of gates) {
      const detector = new patched.BounceDetector(scale);
      patched.HOOK.judge = (s, run) => runDirection(patched, s, run).min >= bar;
      const low = holds.map((hold) => warningTimes(hold, detector));
      variants.push([
        `today + scale ${scale} runs with min cos ≥ ${bar}`,
        holds.map((_, i) => mergeWarnings(todays[i], low[i])),
      ]);
      console.error(`gate ${scale}:${bar} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    patched.HOOK.judge = null;
  }
  if (variants.length > 1) {
    const rows: string[][] = [];
    for (const [name, keep] of groups) {
      const index = holds.map((_, i) => i).filter((i) => keep(holds[i]));
      for (const [variant, warnings] of variants)
        rows.push([
          name,
          variant,
          ...scoreCells(
            scoreHolds(
              index.map((i) => holds[i]),
              index.map((i) => warnings[i]),
            ),
          ),
        ]);
    }
    console.log(`\n### Pooled tuning sets, normal sensitivity\n`);
    table(["sets", "detector", ...SCORE_HEADER], rows).forEach((line) => console.log(line));
  }
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

if (process.argv[1] && /bench-direction/.test(process.argv[1])) void main();
