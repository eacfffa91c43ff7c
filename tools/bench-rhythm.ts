// Round six of issue 14: does rhythm beat energy? A rhythm score (tools/bench-rhythm-score.ts: a
// running autocorrelation of the detector's band-passed, projected signal at lags of one period of
// 0.7–3 Hz, normalised by its energy) measured on the TUNING sets only (base 1–11, wide 2–12; the
// held-out sets are not touched), pooled per envelope and rate group, by the bench's scoring rules:
//   1. today's detector at threshold scales 1 (normal), 0.85 (high sensitivity) and 0.7;
//   2. the rhythm score alone: an alarm whenever it passes a bar;
//   3. the rhythm score at today's warnings, those that catch a bout against the false ones;
//   4. today's detector with the rhythm wired in: a veto on runs, and runs of four tugs at a lower
//      threshold (as an extra path beside today's three-tug runs), with and without the veto;
//   5. today's warnings plus rhythm alarms.
// Nothing is written. Takes about three minutes.
//
//   npx tsx tools/bench-rhythm.ts [--help] [--sets N] [--tau S]
// --sets N: only the first N tuning seeds of each envelope (default 6, all); --tau S: the averaging
// time of the autocorrelation, seconds (default 2.5: a few periods of the slowest bouncing).
import { BounceDetector } from "../common/bounce";
import { generateHoldSet, ModelEnvelope, sensorLowPassShare } from "../model/holds";
import { Samples, undoSensorLowPass, warningTimes } from "../model/detector-run";
import { BASE_SEEDS, WIDE_SEEDS, HOLDS_PER_SET } from "./tuning-sets";
import { LabelledHold, scoreHolds, CATCH_AFTER_END_MS } from "./bench-score";
import { SCORE_HEADER, scoreCells, table } from "./bench-report";
import {
  MAX_LAG,
  MIN_LAG,
  RHYTHM_SCORES,
  RhythmOptions,
  RhythmTrace,
  TICK_S,
  loadRhythmDetector,
  rhythmAlarms,
  rhythmAt,
  rhythmTrace,
} from "./bench-rhythm-score";

const USAGE = "usage: npx tsx tools/bench-rhythm.ts [--help] [--sets N] [--tau S]";
/** The detector's refractory time between warnings (common/bounce.ts REFRACTORY_S). */
const REFRACTORY_MS = 4000;
/** Rhythm alarms need the band rms at least this (m/s²): the detector's threshold floor is 0.15 for lobes 3 × the rms. */
const ALARM_FLOOR_RMS = 0.1;

type Hold = LabelledHold & Samples & { fsHz: number };
interface Group {
  name: string;
  holds: Hold[];
  traces: RhythmTrace[];
}

function numberArgument(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!(value > 0)) {
    console.error(`bench-rhythm: ${name} needs a positive number\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

function print(title: string, header: string[], rows: string[][]): void {
  console.log(`\n### ${title}\n`);
  table(header, rows).forEach((line) => console.log(line));
}

/** Today's warnings (or any per-hold warnings) scored per group: the row cells. */
function scored(group: Group, warnings: number[][]): string[] {
  return scoreCells(scoreHolds(group.holds, warnings));
}

/** Warnings of a detector (today's or the patched one) over every hold of a group, as model/detector-run.ts runs it. */
function run(detector: Pick<BounceDetector, "reset" | "push">, group: Group): number[][] {
  return group.holds.map((hold) => warningTimes(hold, detector as BounceDetector));
}

/** Extra warnings beside `first`: those not within the refractory time of one of them. */
function union(first: number[][], extra: number[][]): number[][] {
  return first.map((times, i) =>
    times.concat(extra[i].filter((t) => !times.some((w) => Math.abs(w - t) < REFRACTORY_MS))).sort((a, b) => a - b),
  );
}

function quantiles(values: number[]): string {
  if (values.length === 0) return "–";
  const sorted = values.slice().sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(2);
  return `${at(0.1)} / ${at(0.25)} / ${at(0.5)} / ${at(0.75)} / ${at(0.9)}`;
}

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(USAGE);
    return;
  }
  const sets = numberArgument("--sets", 6);
  const tauS = numberArgument("--tau", 2.5);
  const started = Date.now();
  const groups = new Map<string, Group>();
  const seeds: Array<[ModelEnvelope, number]> = [
    ...BASE_SEEDS.slice(0, sets).map((seed): [ModelEnvelope, number] => ["base", seed]),
    ...WIDE_SEEDS.slice(0, sets).map((seed): [ModelEnvelope, number] => ["wide", seed]),
  ];
  for (const [envelope, seed] of seeds)
    for (const hold of generateHoldSet(seed, HOLDS_PER_SET, `${envelope}-${seed}`, envelope)) {
      // What the detector is fed: a device that knows its sensor's filter undoes it.
      const fed = undoSensorLowPass(hold, sensorLowPassShare(hold.sensorFilter));
      const name = `${envelope} model, ${hold.fsHz < 20 ? "12.5 Hz" : "25–100 Hz"}`;
      if (!groups.has(name)) groups.set(name, { name, holds: [], traces: [] });
      groups.get(name)!.holds.push({ ...hold, ...fed });
      groups.get(name)!.traces.push(rhythmTrace(fed, tauS));
    }
  const all = [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
  console.log(
    `## Rhythm against energy (round six), tuning sets only: base ${BASE_SEEDS.slice(0, sets).join(", ")}; ` +
      `wide ${WIDE_SEEDS.slice(0, sets).join(", ")}; ${HOLDS_PER_SET} holds each, pooled per envelope and rate group.`,
  );
  console.log(
    `Rhythm score: autocorrelation of the band-passed projection, decimated to ${1 / TICK_S} Hz, lags ${MIN_LAG}–${MAX_LAG} ` +
      `ticks (${(MIN_LAG * TICK_S).toFixed(1)}–${(MAX_LAG * TICK_S).toFixed(1)} s), averaged over ${tauS} s, normalised by its energy.`,
  );

  const today = new Map<number, number[][][]>();
  for (const scale of [1, 0.85, 0.7])
    today.set(
      scale,
      all.map((group) => run(new BounceDetector(scale), group)),
    );
  const header = ["rows", "variant", ...SCORE_HEADER];
  print(
    "1. Today's detector per threshold scale (1 = normal, 0.85 = high sensitivity)",
    header,
    all.flatMap((group, g) =>
      [1, 0.85, 0.7].map((scale) => [group.name, `scale ${scale}`, ...scored(group, today.get(scale)![g])]),
    ),
  );

  print(
    `2. The rhythm score alone: an alarm when it reaches the bar and the band rms ${ALARM_FLOOR_RMS} m/s², one per ${REFRACTORY_MS / 1000} s`,
    header,
    all.flatMap((group) =>
      RHYTHM_SCORES.flatMap((score) =>
        [0.5, 0.6, 0.7, 0.8, 0.9].map((bar) => [
          group.name,
          `${score} ≥ ${bar}`,
          ...scored(
            group,
            group.traces.map((trace) => rhythmAlarms(trace, score, bar, ALARM_FLOOR_RMS, REFRACTORY_MS)),
          ),
        ]),
      ),
    ),
  );

  const atWarnings: string[][] = [];
  all.forEach((group, g) => {
    const caught: Record<string, number[]> = { peak: [], comb: [], twice: [] };
    const falseOnes: Record<string, number[]> = { peak: [], comb: [], twice: [] };
    group.holds.forEach((hold, i) => {
      for (const t of today.get(1)![g][i]) {
        const inBout = hold.bouts.some((b) => t >= b.startMs && t <= b.endMs + CATCH_AFTER_END_MS);
        for (const score of RHYTHM_SCORES)
          (inBout ? caught : falseOnes)[score].push(rhythmAt(group.traces[i], score, t));
      }
    });
    for (const score of RHYTHM_SCORES) {
      atWarnings.push([group.name, score, `${caught[score].length} in bouts`, quantiles(caught[score])]);
      atWarnings.push([group.name, score, `${falseOnes[score].length} false`, quantiles(falseOnes[score])]);
    }
  });
  print(
    "3. The rhythm score at today's warnings (normal sensitivity): those in a bout's window against the false ones",
    ["rows", "score", "warnings", "score at the warning: 10 / 25 / 50 / 75 / 90 %"],
    atWarnings,
  );

  const patched = await loadRhythmDetector();
  const variants: Array<{ label: string; scale: number; options: Partial<RhythmOptions>; beside?: boolean }> = [
    { label: "wired in, off (must equal scale 1)", scale: 1, options: {} },
    ...[0.1, 0.2, 0.3].map((bar) => ({
      label: `veto: r(run's interval) ≥ ${bar}`,
      scale: 1,
      options: { veto: "period" as const, bar },
    })),
    ...[0.2, 0.3].map((bar) => ({
      label: `veto: r(run's interval) ≥ ${bar}, over 1 s`,
      scale: 1,
      options: { veto: "period" as const, bar, tauS: 1 },
    })),
    ...[0.1, 0.15].map((bar) => ({
      label: `veto: r(interval), r(2 intervals) ≥ ${bar}`,
      scale: 1,
      options: { veto: "twice" as const, bar },
    })),
    ...[0.2, 0.3].map((bar) => ({
      label: `veto: best one-period r ≥ ${bar}`,
      scale: 1,
      options: { veto: "max" as const, bar },
    })),
    ...[0.85, 0.7].map((scale) => ({
      label: `beside: four-tug runs at scale ${scale}`,
      scale,
      options: { confirm: true },
      beside: true,
    })),
    ...[0.1, 0.2].map((bar) => ({
      label: `beside: four-tug runs at scale 0.7, veto r(interval) ≥ ${bar}`,
      scale: 0.7,
      options: { confirm: true, veto: "period" as const, bar },
      beside: true,
    })),
  ];
  const wiredRows: string[][] = [];
  for (const group of all) {
    const g = all.indexOf(group);
    for (const variant of variants) {
      Object.assign(patched.RHYTHM, { veto: "off", bar: 0, tauS, confirm: false }, variant.options);
      const warnings = run(new patched.BounceDetector(variant.scale), group);
      wiredRows.push([
        group.name,
        variant.label,
        ...scored(group, variant.beside ? union(today.get(1)![g], warnings) : warnings),
      ]);
    }
  }
  print(
    "4. Today's detector with the rhythm wired in (a veto on runs; four-tug runs at a lower threshold beside today's warnings)",
    header,
    wiredRows,
  );

  print(
    `5. Today's warnings plus rhythm alarms (band rms ≥ ${ALARM_FLOOR_RMS} m/s²)`,
    header,
    all.flatMap((group, g) =>
      RHYTHM_SCORES.flatMap((score) =>
        [0.8, 0.9].map((bar) => [
          group.name,
          `plus ${score} ≥ ${bar}`,
          ...scored(
            group,
            union(
              today.get(1)![g],
              group.traces.map((trace) => rhythmAlarms(trace, score, bar, ALARM_FLOOR_RMS, REFRACTORY_MS)),
            ),
          ),
        ]),
      ),
    ),
  );
  console.log(`\n(${Math.round((Date.now() - started) / 1000)} s)`);
}

main().catch((error: unknown) => {
  console.error(`bench-rhythm: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
