// Round seven of issue 14: does a fitted combination of features separate the detector's candidate
// runs better than its hand-set rules? On the TUNING sets only (base 1–11, wide 2–12; no held-out
// set is touched):
//   1. today's detector, patched (tools/bench-scorer-detector.ts) to give more candidates (a lower
//      threshold scale, looser run rules), and asked at each candidate run for its features;
//   2. every candidate labelled: inside a bout's [start, end + 2 s] = bouncing, else calm;
//   3. a logistic regression (ridge, Newton steps, features standardised) fitted with
//      cross-validation ACROSS seeds: fold k holds out base seed k and wide seed k, the other five
//      pairs fit, and the held-out fold is scored with the fitted scorer deciding in the loop
//      (a run warns when its score passes the bar);
//   4. the out-of-fold warnings pooled and scored by the bench's rules (recall, false warnings per
//      minute, calm holds clean, latency) per envelope and rate group, beside today's detector at
//      several threshold scales (the same recall-against-false-warnings trade the scorer must beat).
// Nothing is written. Takes a few minutes.
//
//   npx tsx tools/fit-bounce-scorer.ts [--help] [--scale S] [--loose] [--settling] [--per-bout [--first]] [--once] [--high-only] [--prime] [--release] [--features i,j,…] [--sets N]
// --scale S: the candidates' threshold scale (default 0.8; normal is 1); --loose: also loosen the
// run rules (interval, size and swing ratios); --settling: keep today's settling rules (default:
// the scorer replaces them and gets their inputs as features); --per-bout: a bout's candidates
// weigh 1 in all in the fit (else each weighs 1), with --first its first one 1 more; --features:
// only these features (indices into FEATURE_NAMES; without it all 26, round ten's two direction
// features, 19–20, and five shape features, 21–25, included: rounds seven and eight's runs with all
// features are --features 0,…,18); --once: the scorer may refuse only a side's
// first run (the next, one tug later, warns); --high-only: the scorer at 25–100 Hz only; --prime:
// the scorer as a veto that holds a run back as the settling rules do; --release: the scorer lets a
// run the settling rules hold back warn at once (round eight); --sets N: tuning seeds per envelope.
import { BounceDetector } from "../common/bounce";
import { ModelEnvelope } from "../model/holds";
import { Samples, warningTimes } from "../model/detector-run";
import { BASE_SEEDS, WIDE_SEEDS, HOLDS_PER_SET, tuningHolds } from "./tuning-sets";
import { LabelledHold, scoreHolds, CATCH_AFTER_END_MS } from "./bench-score";
import { SCORE_HEADER, scoreCells, table } from "./bench-report";
import {
  LooseConstant,
  SHAPE,
  ScorerDetectorModule,
  Slots,
  loadScorerDetector,
  lobeDirectionCos,
} from "./bench-scorer-detector";

const USAGE =
  "usage: npx tsx tools/fit-bounce-scorer.ts [--help] [--scale S] [--loose] [--settling] [--per-bout [--first]] [--once] [--high-only] [--prime] [--release] [--features i,j,…] [--sets N]";
/** Looser run rules for --loose (today's values in common/bounce.ts in the comments). */
const LOOSE: Array<[LooseConstant, number]> = [
  ["MAX_INTERVAL_RATIO", 1.8], // 1.4
  ["MIN_AMPLITUDE_RATIO", 0.3], // 0.45
  ["MIN_LOBE_SUM_OVER_THRESHOLD", 2.1], // 2.4
  ["NEWEST_LOBE_SHARE", 0.4], // 0.6
  ["SWING_SHARE", 0.15], // 0.3
  ["MAX_SWING_RATIO", 2.5], // 1.6
  ["SWING_SIMILARITY", 0.2], // 0.4
];
const BARS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99];
const TODAY_SCALES = [0.85, 0.9, 1, 1.1, 1.2];
const RIDGE = 1e-2;
const PER_BOUT = process.argv.includes("--per-bout");
const FIRST = process.argv.includes("--first");
/** --once: the scorer may refuse only a side's first run; the run one tug later (four tugs) warns. */
const ONCE = process.argv.includes("--once");
/** --high-only: the scorer only at 25–100 Hz (fitted there; at 12.5 Hz today's detector). */
const HIGH_ONLY = process.argv.includes("--high-only");
/**
 * --prime: the scorer as a veto that holds a run back as the settling rules do (asked only about
 * runs today's rules let warn at once; a held-back run's next tug warns): cheap on the watch.
 */
const PRIME = process.argv.includes("--prime");
/**
 * --release (round eight): the scorer asked about the runs the settling rules hold back, and one it
 * passes warns at once (today's veto, RUN_SCORE against SCORE_BAR, kept for the others): can a
 * bout that starts in the settling seconds warn a tug sooner?
 */
const RELEASE = process.argv.includes("--release");
/** The patched detector without round seven's own veto (RUN_SCORE against SCORE_BAR in common/bounce.ts): round six's rules, which the scorer is fitted on. */
const NO_VETO = () => false;
/** --features i,j,…: only these features (indices into FEATURE_NAMES), for a scorer cheap enough for the watch. */
const PICKED = (() => {
  const i = process.argv.indexOf("--features");
  return i >= 0 ? process.argv[i + 1].split(",").map(Number) : null;
})();

type Hold = LabelledHold & Samples & { fsHz: number; envelope: ModelEnvelope; fold: number };

export const FEATURE_NAMES = [
  "log interval ratio",
  "lobe size ratio",
  "newest / smaller lobe",
  "log mean lobe / threshold",
  "log tug interval",
  "least swing share",
  "biggest swing / lobe",
  "first swing share",
  "swing similarity",
  "log background rms",
  "log 2 s rms / background",
  "seconds held (≤ 6)",
  "held < 3 s",
  "seconds since quiet (≤ 5)",
  "quiet before first tug (≤ 3)",
  "today's settling rule",
  "runs in a row (≤ 3)",
  "other side active",
  "12.5 Hz",
  "lobe direction min cos",
  "lobe direction mean cos",
  "lobe width ratio",
  "rise share difference",
  "gap ratio",
  "lobe width / interval (≤ 2)",
  "mean rise share",
] as const;

/** Round ten: the first shape feature's index (the lobes' widths and asymmetry; see shapeFeatures). */
export const FIRST_SHAPE_FEATURE = FEATURE_NAMES.indexOf("lobe width ratio");

/**
 * Round ten: the shape of run \`run\`'s two complete lobes (the newest is still rising): their widths
 * alike (smaller over bigger), their rise shares (start to peak over width) alike (absolute
 * difference), the gaps before the second and the newest lobe alike (smaller over bigger), the
 * lobes' mean width over the run's tug interval, and their mean rise share. A lobe whose end was
 * not seen (a restart) reads as alike.
 */
export function shapeFeatures(s: Float64Array, run: number, S: Slots): number[] {
  const shape = run === S.UP ? S.SHAPE_UP : S.SHAPE_DOWN;
  const start = [0, 1, 2].map((i) => s[shape + SHAPE.STARTS + i]);
  const width = [0, 1].map((i) => s[shape + SHAPE.WIDTHS + i]);
  const rise = [0, 1].map((i) => s[shape + SHAPE.RISES + i] / width[i]);
  const gap = [0, 1].map((i) => start[i + 1] - start[i] - width[i]);
  const interval = (s[run + S.TIMES + 2] - s[run + S.TIMES]) / 2;
  const alike = (a: number, b: number) => {
    const ratio = Math.min(a, b) / Math.max(a, b);
    return Number.isFinite(ratio) && ratio >= 0 ? ratio : 1;
  };
  const meanWidth = (width[0] + width[1]) / 2;
  const meanRise = (rise[0] + rise[1]) / 2;
  return [
    alike(width[0], width[1]),
    Number.isFinite(rise[0] - rise[1]) ? Math.abs(rise[0] - rise[1]) : 0,
    alike(Math.max(gap[0], 0), Math.max(gap[1], 0)),
    Number.isFinite(meanWidth) ? clip(meanWidth / interval, 0, 2) : 0.5,
    Number.isFinite(meanRise) ? meanRise : 0.5,
  ];
}

/** Per hold: the candidate runs so far on each counter, for "runs in a row". */
interface RunMemory {
  times: number[];
  length: number[];
}

const clip = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

/** The features of candidate run `run` (a lobe counter's base) in the detector state `s`. */
export function features(s: Float64Array, run: number, S: Slots, memory: RunMemory): number[] {
  const tS = s[S.NOW_S];
  const threshold = s[S.THRESHOLD] / s[S.SCALE];
  const t = [0, 1, 2].map((i) => s[run + S.TIMES + i]);
  const p = [0, 1, 2].map((i) => s[run + S.PEAKS + i]);
  const w = [0, 1, 2].map((i) => s[run + S.SWINGS + i]);
  const i1 = t[1] - t[0];
  const i2 = t[2] - t[1];
  const smaller = Math.min(p[0], p[1]);
  const biggest = Math.max(p[0], p[1], p[2]);
  const background = Math.sqrt(s[S.BACKGROUND]);
  const held = s[S.MOTION_TIME];
  const lastQuiet = s[S.LAST_QUIET];
  const settling =
    held < 3 || (held < 4.5 && lastQuiet - tS + held < 1.5) || (t[0] - tS + held < 3 && lastQuiet < t[0] - 0.5);
  const k = run === S.UP ? 0 : 1;
  const length = memory.times[k] === t[1] ? memory.length[k] + 1 : 1;
  memory.times[k] = t[2];
  memory.length[k] = length;
  const other = run === S.UP ? S.DOWN : S.UP;
  const otherActive = s[other + S.COUNT] >= 2 && tS - s[other + S.TIMES + 2] < 1.7 ? 1 : 0;
  const [olderCos, newerCos] = lobeDirectionCos(s, S, run);
  return [
    Math.log(Math.max(i1, i2) / Math.min(i1, i2)),
    smaller / Math.max(p[0], p[1]),
    clip(p[2] / smaller, 0, 2),
    Math.log((p[0] + p[1]) / 2 / threshold),
    Math.log((i1 + i2) / 2),
    clip(Math.min(w[1] / p[1], w[2] / smaller), 0, 2),
    clip(Math.max(w[0], w[1], w[2]) / biggest, 0, 4),
    clip(w[0] / p[0], 0, 2),
    Math.min(w[1], w[2]) / Math.max(w[1], w[2], 1e-9),
    Math.log(background),
    clip(Math.log(Math.sqrt(s[S.SHORT_ENERGY]) / background), -2, 3),
    Math.min(held, 6),
    held < 3 ? 1 : 0,
    clip(tS - lastQuiet, 0, 5),
    clip(t[0] - lastQuiet, 0, 3),
    settling ? 1 : 0,
    Math.min(length, 3),
    otherActive,
    s[S.GAIN_DT] >= 0.05 ? 1 : 0,
    Math.min(olderCos, newerCos),
    (olderCos + newerCos) / 2,
    ...shapeFeatures(s, run, S),
  ];
}

const RUNS_IN_A_ROW = FEATURE_NAMES.indexOf("runs in a row (≤ 3)");
const picked = (f: number[]) => (PICKED ? PICKED.map((j) => f[j]) : f);

export interface Model {
  mean: number[];
  spread: number[];
  weights: number[];
  bias: number;
}

/** Logistic regression with a ridge on the standardised weights, by Newton steps (IRLS). */
export function fitLogistic(x: number[][], y: number[], sampleWeights?: number[], ridge = RIDGE, steps = 30): Model {
  const n = x.length;
  const sw = sampleWeights ?? x.map(() => 1);
  const total = sw.reduce((sum, v) => sum + v, 0);
  const d = x[0].length;
  const mean = Array.from({ length: d }, (_, j) => x.reduce((sum, row) => sum + row[j], 0) / n);
  const spread = mean.map((m, j) => Math.sqrt(x.reduce((sum, row) => sum + (row[j] - m) ** 2, 0) / n) || 1);
  const z = x.map((row) => [1, ...row.map((v, j) => (v - mean[j]) / spread[j])]);
  const beta = new Array(d + 1).fill(0);
  for (let step = 0; step < steps; step++) {
    const gradient = new Array(d + 1).fill(0);
    const hessian = Array.from({ length: d + 1 }, () => new Array(d + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const row = z[i];
      let eta = 0;
      for (let j = 0; j <= d; j++) eta += beta[j] * row[j];
      const mu = 1 / (1 + Math.exp(-eta));
      const weight = sw[i] * Math.max(mu * (1 - mu), 1e-9);
      for (let j = 0; j <= d; j++) {
        gradient[j] += sw[i] * (y[i] - mu) * row[j];
        for (let k = j; k <= d; k++) hessian[j][k] += weight * row[j] * row[k];
      }
    }
    for (let j = 0; j <= d; j++) {
      for (let k = 0; k < j; k++) hessian[j][k] = hessian[k][j];
      if (j > 0) {
        gradient[j] -= ridge * total * beta[j];
        hessian[j][j] += ridge * total;
      }
    }
    const delta = solve(hessian, gradient);
    let change = 0;
    for (let j = 0; j <= d; j++) {
      beta[j] += delta[j];
      change = Math.max(change, Math.abs(delta[j]));
    }
    if (change < 1e-8) break;
  }
  // Back to raw features: score = Σ w_j x_j + b.
  const weights = beta.slice(1).map((b, j) => b / spread[j]);
  const bias = beta[0] - weights.reduce((sum, w, j) => sum + w * mean[j], 0);
  return { mean, spread, weights, bias };
}

/** Gaussian elimination with partial pivoting (the system is small). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const out = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let v = m[r][n];
    for (let k = r + 1; k < n; k++) v -= m[r][k] * out[k];
    out[r] = v / m[r][r];
  }
  return out;
}

export const probability = (model: Model, f: number[]) =>
  1 / (1 + Math.exp(-(model.bias + model.weights.reduce((sum, w, j) => sum + w * f[j], 0))));

/** The bout whose [start, end + 2 s] holds time tMs (ms since the hold's start), or -1. */
function boutOf(hold: LabelledHold, tMs: number): number {
  return hold.bouts.findIndex((b) => tMs >= b.startMs && tMs <= b.endMs + CATCH_AFTER_END_MS);
}

function numberArgument(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!(value > 0)) {
    console.error(`fit-bounce-scorer: ${name} needs a positive number\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(USAGE);
    return;
  }
  const scale = numberArgument("--scale", 0.8);
  const setCount = numberArgument("--sets", 6);
  const loose = process.argv.includes("--loose");
  const keepSettling = process.argv.includes("--settling");
  const started = Date.now();
  const patched: ScorerDetectorModule = await loadScorerDetector();
  if (loose) for (const [name, value] of LOOSE) patched.setConstant(name, value);
  patched.HOOK.keepSettling = keepSettling;
  const S = patched.SLOTS;

  const holds: Hold[] = tuningHolds(setCount);
  console.log(
    `## A fitted scorer for candidate runs (round seven), tuning sets only: base ${BASE_SEEDS.slice(0, setCount).join(", ")}; ` +
      `wide ${WIDE_SEEDS.slice(0, setCount).join(", ")}; ${HOLDS_PER_SET} holds each (generated in ${((Date.now() - started) / 1000).toFixed(0)} s).`,
  );
  console.log(
    `Candidates: threshold scale ${scale}, ${loose ? "loosened run rules (" + LOOSE.map(([n, v]) => `${n} ${v}`).join(", ") + ")" : "today's run rules"}, ` +
      `${keepSettling ? "today's settling rules kept" : "settling rules replaced by the scorer"}.`,
  );

  // 1–2. Candidates with features and labels: the judge records every candidate and lets none warn.
  const detector = new patched.BounceDetector(scale);
  const candidates: Array<{ f: number[]; label: number; fold: number; bout: string }> = [];
  holds.forEach((hold, h) => {
    const memory: RunMemory = { times: [NaN, NaN], length: [0, 0] };
    const seen = new Set<number>();
    const ask = (s: Float64Array, run: number) => {
      const key = run * 1e7 + s[run + S.TIMES + 2];
      if (seen.has(key)) return false;
      seen.add(key);
      const bout = boutOf(hold, s[S.NOW_S] * 1000);
      const all = features(s, run, S, memory);
      if (ONCE && all[RUNS_IN_A_ROW] >= 2) return false;
      candidates.push({
        f: picked(all),
        label: bout >= 0 ? 1 : 0,
        fold: hold.fold,
        bout: `${h}:${bout}`,
      });
      return false;
    };
    patched.HOOK.judge = PRIME || RELEASE ? null : ask;
    patched.HOOK.veto = PRIME ? ask : RELEASE ? null : NO_VETO;
    // --release: asked about the runs the settling rules hold back; each is still held back here.
    patched.HOOK.settlingVeto = RELEASE ? (s, run) => (ask(s, run), true) : null;
    if (!(HIGH_ONLY && hold.fsHz < 20)) warningTimes(hold, detector);
  });
  // Weights: each calm candidate 1 (each can be a false warning); each bout's candidates 1 in all
  // with --per-bout (a bout is caught once), else 1 each.
  const perBout = new Map<string, number>();
  for (const c of candidates) if (c.label) perBout.set(c.bout, (perBout.get(c.bout) ?? 0) + 1);
  // --first: a bout's first candidate weighs 1 (turning it down costs latency), the rest 1 in all.
  const firstOf = new Set<string>();
  const firstCandidate = candidates.map(
    (c) => c.label === 1 && !firstOf.has(c.bout) && firstOf.add(c.bout) !== undefined,
  );
  const weightOf = (c: (typeof candidates)[number], i: number) =>
    !c.label || !PER_BOUT ? 1 : FIRST && firstCandidate[i] ? 1 : 1 / perBout.get(c.bout)!;
  patched.HOOK.judge = patched.HOOK.veto = patched.HOOK.settlingVeto = null;
  const positives = candidates.filter((c) => c.label === 1).length;
  console.log(`\n${candidates.length} candidate runs, ${positives} in bouts, ${candidates.length - positives} calm.`);

  // 3. Cross-validation across seeds, then the scorer in the loop on the held-out fold.
  const groups: Array<[string, (h: Hold) => boolean]> = [
    ["base model, 12.5 Hz", (h) => h.envelope === "base" && h.fsHz < 20],
    ["base model, 25–100 Hz", (h) => h.envelope === "base" && h.fsHz >= 20],
    ["wide model, 12.5 Hz", (h) => h.envelope === "wide" && h.fsHz < 20],
    ["wide model, 25–100 Hz", (h) => h.envelope === "wide" && h.fsHz >= 20],
  ];
  const outOfFold = BARS.map(() => holds.map(() => [] as number[]));
  const candidateAuc: Array<[number, number]> = [];
  for (let fold = 0; fold < setCount; fold++) {
    const train = candidates.map((c, i) => ({ c, w: weightOf(c, i) })).filter(({ c }) => c.fold !== fold);
    const model = fitLogistic(
      train.map(({ c }) => c.f),
      train.map(({ c }) => c.label),
      train.map(({ w }) => w),
    );
    for (const c of candidates) if (c.fold === fold) candidateAuc.push([probability(model, c.f), c.label]);
    BARS.forEach((bar, b) => {
      holds.forEach((hold, i) => {
        if (hold.fold !== fold) return;
        const memory: RunMemory = { times: [NaN, NaN], length: [0, 0] };
        const verdicts = new Map<number, boolean>();
        const judge = (s: Float64Array, run: number) => {
          const key = run * 1e7 + s[run + S.TIMES + 2];
          let verdict = verdicts.get(key);
          if (verdict === undefined) {
            const all = features(s, run, S, memory);
            verdict = (ONCE && all[RUNS_IN_A_ROW] >= 2) || probability(model, picked(all)) > bar;
            verdicts.set(key, verdict);
          }
          return verdict;
        };
        patched.HOOK.judge = PRIME || RELEASE ? null : judge;
        patched.HOOK.veto = PRIME ? (s, run) => !judge(s, run) : RELEASE ? null : NO_VETO;
        patched.HOOK.settlingVeto = RELEASE ? (s, run) => !judge(s, run) : null;
        if (HIGH_ONLY && hold.fsHz < 20)
          [patched.HOOK.judge, patched.HOOK.veto, patched.HOOK.settlingVeto] = [null, RELEASE ? null : NO_VETO, null];
        outOfFold[b][i] = warningTimes(hold, detector);
      });
    });
  }
  patched.HOOK.judge = patched.HOOK.veto = patched.HOOK.settlingVeto = null;
  console.log(`Out-of-fold ROC AUC over candidates: ${auc(candidateAuc).toFixed(3)}`);

  // 4. Pooled scores beside today's detector.
  const rows: string[][] = [];
  const today = new BounceDetector("normal");
  for (const [name, keep] of groups) {
    const index = holds.map((_, i) => i).filter((i) => keep(holds[i]));
    const pick = (warnings: number[][]) =>
      scoreCells(
        scoreHolds(
          index.map((i) => holds[i]),
          index.map((i) => warnings[i]),
        ),
      );
    for (const todayScale of TODAY_SCALES) {
      today.reset(todayScale);
      rows.push([name, `today's detector, scale ${todayScale}`, ...pick(holds.map((h) => warningTimes(h, today)))]);
    }
    patched.HOOK.veto = RELEASE ? null : NO_VETO;
    if (RELEASE) patched.HOOK.settlingVeto = () => false;
    const all = holds.map((h) => (keep(h) ? warningTimes(h, detector) : []));
    patched.HOOK.settlingVeto = null;
    rows.push([name, `candidates, every one warns`, ...pick(all)]);
    BARS.forEach((bar, b) => rows.push([name, `scorer, bar ${bar}`, ...pick(outOfFold[b])]));
  }
  console.log(`\n### Pooled tuning sets, scorer out of fold (normal sensitivity is today's scale 1)\n`);
  table(["sets", "detector", ...SCORE_HEADER], rows).forEach((line) => console.log(line));

  const full = fitLogistic(
    candidates.map((c) => c.f),
    candidates.map((c) => c.label),
    candidates.map(weightOf),
  );
  console.log(
    `\n### Weights fitted on every tuning fold (raw features; score = Σ w·x + b, bias ${full.bias.toFixed(3)})\n`,
  );
  table(
    ["feature", "weight", "weight × spread"],
    full.weights.map((w, j) => [FEATURE_NAMES[PICKED ? PICKED[j] : j], w.toFixed(4), (w * full.spread[j]).toFixed(3)]),
  ).forEach((line) => console.log(line));
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

/** Area under the ROC curve of [score, label] pairs (rank statistic). */
export function auc(pairs: Array<[number, number]>): number {
  const sorted = pairs.slice().sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let positives = 0;
  sorted.forEach(([, label], i) => {
    if (label) {
      rankSum += i + 1;
      positives++;
    }
  });
  const negatives = sorted.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

if (process.argv[1] && /fit-bounce-scorer/.test(process.argv[1])) void main();
