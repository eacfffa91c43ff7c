// Round ten of issue 14: tug SHAPE. In the model a bout's tugs repeat one pulse shape and width
// (model/holds.ts), so a run's band-passed lobes should have like widths and like asymmetry, while
// the hold's wobble (sums of sinusoids) and a grip adjustment's ringing need not. On the TUNING sets
// only (base 1–11, wide 2–12; no held-out set is touched), with today's detector patched to follow
// its lobes' shapes (tools/bench-scorer-detector.ts: zero crossings and peak time per counted lobe,
// O(1) per sample; the features are shapeFeatures in tools/fit-bounce-scorer.ts):
//   1. the shape features' distributions for today's candidate runs at normal sensitivity (warned
//      in a bout, false warnings, held back by round seven's veto or by the settling rules), and for
//      the candidates at a lower threshold scale in the bouts today misses and in calm stretches;
//   2. --veto RULES: today's detector with runs whose shape fails RULES held back too (as round
//      seven's veto holds them: the next tug's run warns);
//   2b. --refuse RULES: the same, but a run whose shape fails is refused outright (not a run; the
//      next lobe makes a new candidate with its own shape), as round seven's judge refused runs;
//   3. --gate SCALE:RULES: the detector at a lower threshold scale where a run whose lobes do not
//      all pass today's threshold (and today's lobe-sum test) warns only when its shape passes RULES.
// RULES: `feature>bar` or `feature<bar` joined by `,` (all must hold), features by index into the
// shape features (0 width ratio, 1 rise share difference, 2 gap ratio, 3 width / interval, 4 mean
// rise share), variants joined by `;`. Writes nothing.
//
//   npx tsx tools/bench-shape.ts [--sets N] [--veto RULES;…] [--refuse RULES;…] [--gate SCALE:RULES;…]
import { BounceDetector } from "../common/bounce";
import { warningTimes } from "../model/detector-run";
import { CATCH_AFTER_END_MS, scoreHolds } from "./bench-score";
import { SCORE_HEADER, scoreCells, table } from "./bench-report";
import { ScorerDetectorModule, loadScorerDetector } from "./bench-scorer-detector";
import { FEATURE_NAMES, FIRST_SHAPE_FEATURE, shapeFeatures } from "./fit-bounce-scorer";
import { TuningHold, tuningHolds } from "./tuning-sets";

export const SHAPE_NAMES = FEATURE_NAMES.slice(FIRST_SHAPE_FEATURE);
const LOWER_SCALE = 0.8;
const QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9];

/** One test of a shape rule: feature index, direction, bar. */
type Test = [number, "<" | ">", number];

export function parseRules(text: string): Test[] {
  return text
    .split(",")
    .filter((part) => part.length > 0)
    .map((part) => {
      const match = /^(\d+)([<>])(-?[0-9.]+)$/.exec(part.trim());
      if (!match || Number(match[1]) >= SHAPE_NAMES.length) throw new Error(`bench-shape: bad rule ${part}`);
      return [Number(match[1]), match[2] as "<" | ">", Number(match[3])];
    });
}

export const passes = (tests: Test[], f: number[]) =>
  tests.every(([j, op, bar]) => (op === ">" ? f[j] > bar : f[j] < bar));

type Candidate = { f: number[]; envelope: string; high: boolean; label: number; fate: string };

/** The bout of `hold` whose [start, end + 2 s] holds tS, or -1. */
const boutAt = (hold: TuningHold, tS: number) =>
  hold.bouts.findIndex((b) => tS * 1000 >= b.startMs && tS * 1000 <= b.endMs + CATCH_AFTER_END_MS);

/** Every candidate run of the detector at `scale` (which warns as it would), with its fate and shape. */
export function candidatesOf(
  patched: ScorerDetectorModule,
  holds: TuningHold[],
  scale: number,
): { candidates: Candidate[]; warnings: number[][] } {
  const S = patched.SLOTS;
  const detector = new patched.BounceDetector(scale);
  const candidates: Candidate[] = [];
  const warnings: number[][] = [];
  for (const hold of holds) {
    const pending = new Map<number, Candidate>();
    patched.HOOK.judge = (s, run) => {
      const c: Candidate = {
        f: shapeFeatures(s, run, S),
        envelope: hold.envelope,
        high: hold.fsHz >= 20,
        label: boutAt(hold, s[S.NOW_S]) >= 0 ? 1 : 0,
        fate: "passed",
      };
      candidates.push(c);
      pending.set(run, c);
      return true;
    };
    patched.HOOK.heldBack = (_s, run, settling) => {
      const c = pending.get(run);
      if (c) c.fate = settling ? "settling" : "veto";
    };
    patched.HOOK.warned = (_s, run) => {
      const c = pending.get(run);
      if (run && c) c.fate = "warned";
    };
    warnings.push(warningTimes(hold, detector));
  }
  patched.HOOK.judge = patched.HOOK.heldBack = patched.HOOK.warned = null;
  return { candidates, warnings };
}

function quantiles(values: number[]): string {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return "–";
  return QUANTILES.map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(2)).join(" ");
}

/** A few values are listed whole (ascending), more as quantiles. */
const LIST_UP_TO = 20;

function distributionRows(label: string, group: Candidate[]): string[][] {
  const cell = (values: number[]) =>
    values.length > LIST_UP_TO
      ? quantiles(values)
      : values
          .sort((a, b) => a - b)
          .map((v) => v.toFixed(2))
          .join(" ") || "–";
  return [[label, String(group.length), ...SHAPE_NAMES.map((_, j) => cell(group.map((c) => c.f[j])))]];
}

async function main(): Promise<void> {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const setCount = Number(arg("--sets") ?? 6);
  const started = Date.now();
  const patched = await loadScorerDetector();
  const S = patched.SLOTS;
  const holds = tuningHolds(setCount);
  console.log(
    `## Tug shape (round ten), tuning sets only: ${setCount} folds, ${holds.length} holds (generated in ${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
  );
  const groups: Array<[string, (h: TuningHold) => boolean]> = [
    ["base 12.5 Hz", (h) => h.envelope === "base" && h.fsHz < 20],
    ["base 25–100 Hz", (h) => h.envelope === "base" && h.fsHz >= 20],
    ["wide 12.5 Hz", (h) => h.envelope === "wide" && h.fsHz < 20],
    ["wide 25–100 Hz", (h) => h.envelope === "wide" && h.fsHz >= 20],
  ];
  const scoreRows = (name: string, warnings: number[][]) =>
    groups.map(([group, keep]) => {
      const index = holds.map((_, i) => i).filter((i) => keep(holds[i]));
      return [
        group,
        name,
        ...scoreCells(
          scoreHolds(
            index.map((i) => holds[i]),
            index.map((i) => warnings[i]),
          ),
        ),
      ];
    });

  const veto = arg("--veto");
  const gate = arg("--gate");
  const refuse = arg("--refuse");
  const rows: string[][] = [];
  const today = new BounceDetector("normal");
  rows.push(
    ...scoreRows(
      "today's detector",
      holds.map((h) => warningTimes(h, today)),
    ),
  );
  if (veto) {
    for (const variant of veto.split(";")) {
      const tests = parseRules(variant);
      // Round seven's veto as the detector has it, and the shape's on top of it.
      patched.HOOK.veto = (s, run) =>
        (s[S.GAIN_DT] < 0.05 && s[S.RUN_SCORE] < 6.2652) || !passes(tests, shapeFeatures(s, run, S));
      const detector = new patched.BounceDetector(1);
      rows.push(
        ...scoreRows(
          `veto unless ${variant}`,
          holds.map((h) => warningTimes(h, detector)),
        ),
      );
    }
    patched.HOOK.veto = null;
  }
  if (refuse) {
    for (const variant of refuse.split(";")) {
      const tests = parseRules(variant);
      patched.HOOK.judge = (s, run) => passes(tests, shapeFeatures(s, run, S));
      const detector = new patched.BounceDetector(1);
      rows.push(
        ...scoreRows(
          `refused unless ${variant}`,
          holds.map((h) => warningTimes(h, detector)),
        ),
      );
    }
    patched.HOOK.judge = null;
  }
  if (gate) {
    for (const variant of gate.split(";")) {
      const [scaleText, rules] = variant.split(":");
      const scale = Number(scaleText);
      const tests = rules === "off" ? null : parseRules(rules ?? "");
      patched.HOOK.judge = (s, run) => {
        // Today's threshold and lobe-sum test on the run's lobes (the newest still rising)…
        const normal = s[S.THRESHOLD] / scale;
        const p = [0, 1, 2].map((i) => s[run + S.PEAKS + i]);
        if (Math.min(p[0], p[1], p[2]) > normal && p[0] + p[1] >= 2.4 * normal) return true;
        // …or the shape of a bout.
        return tests !== null && passes(tests, shapeFeatures(s, run, S));
      };
      const detector = new patched.BounceDetector(scale);
      rows.push(
        ...scoreRows(
          `scale ${scale}, weaker runs only ${rules === "off" ? "never" : "if " + rules}`,
          holds.map((h) => warningTimes(h, detector)),
        ),
      );
    }
    patched.HOOK.judge = null;
  }
  console.log("### Pooled tuning sets, normal sensitivity\n");
  table(["sets", "detector", ...SCORE_HEADER], rows).forEach((line) => console.log(line));
  if (veto || refuse || gate) {
    console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
    return;
  }

  // 1. Distributions: today's candidates, then the lower scale's in missed bouts and calm stretches.
  const normal = candidatesOf(patched, holds, 1);
  const caught = holds.map((hold, i) =>
    hold.bouts.map((b) => normal.warnings[i].some((t) => t >= b.startMs && t <= b.endMs + CATCH_AFTER_END_MS)),
  );
  const lower: Candidate[] = [];
  {
    const detector = new patched.BounceDetector(LOWER_SCALE);
    holds.forEach((hold, h) => {
      patched.HOOK.judge = (s, run) => {
        const bout = boutAt(hold, s[S.NOW_S]);
        lower.push({
          f: shapeFeatures(s, run, S),
          envelope: hold.envelope,
          high: hold.fsHz >= 20,
          label: bout >= 0 ? 1 : 0,
          fate: bout < 0 ? "calm" : caught[h][bout] ? "caught" : "missed",
        });
        return true;
      };
      warningTimes(hold, detector);
    });
    patched.HOOK.judge = null;
  }
  const header = ["candidates", "n", ...SHAPE_NAMES.map((n) => `${n} (10/25/50/75/90 %, or all up to ${LIST_UP_TO})`)];
  for (const [group, envelope, high] of [
    ["wide 25–100 Hz", "wide", true],
    ["base 25–100 Hz", "base", true],
    ["wide 12.5 Hz", "wide", false],
    ["base 12.5 Hz", "base", false],
  ] as Array<[string, string, boolean]>) {
    const mine = normal.candidates.filter((c) => c.envelope === envelope && c.high === high);
    const low = lower.filter((c) => c.envelope === envelope && c.high === high);
    const rowsOf: string[][] = [
      ...distributionRows(
        "warned, in a bout",
        mine.filter((c) => c.fate === "warned" && c.label),
      ),
      ...distributionRows(
        "warned, calm (false warnings)",
        mine.filter((c) => c.fate === "warned" && !c.label),
      ),
      ...distributionRows(
        "held back by the veto, in a bout",
        mine.filter((c) => c.fate === "veto" && c.label),
      ),
      ...distributionRows(
        "held back by the veto, calm",
        mine.filter((c) => c.fate === "veto" && !c.label),
      ),
      ...distributionRows(
        "held back settling, in a bout",
        mine.filter((c) => c.fate === "settling" && c.label),
      ),
      ...distributionRows(
        "held back settling, calm",
        mine.filter((c) => c.fate === "settling" && !c.label),
      ),
      ...distributionRows(
        `scale ${LOWER_SCALE}: in bouts today catches`,
        low.filter((c) => c.fate === "caught"),
      ),
      ...distributionRows(
        `scale ${LOWER_SCALE}: in bouts today misses`,
        low.filter((c) => c.fate === "missed"),
      ),
      ...distributionRows(
        `scale ${LOWER_SCALE}: calm`,
        low.filter((c) => c.fate === "calm"),
      ),
    ];
    console.log(`\n### ${group}: shape of the candidate runs' two complete lobes\n`);
    table(header, rowsOf).forEach((line) => console.log(line));
  }
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

if (process.argv[1] && /bench-shape/.test(process.argv[1])) void main();
