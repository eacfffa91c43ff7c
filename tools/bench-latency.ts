// Round eight of issue 14: where the latency goes, and whether runs the settling rules hold back may
// warn at once when the fitted score (round seven's RUN_SCORE) is high. On the TUNING sets only
// (base 1–11, wide 2–12; no held-out set is touched). Nothing is written.
//
//   npx tsx tools/bench-latency.ts [--help] [--bars b,c,…] [--sets N]
// 1. Today's detector (patched by tools/bench-scorer-detector.ts, which warns exactly as it does),
//    told of every held-back run and every warning: for each caught bout, its latency, whether the
//    warning's run had been held back once (settling or the veto) and why, the bout's tug count,
//    rate, pulse shape and size, its start in the hold, the sample rate; the slowest 10 % of
//    warnings and the missed bouts against the rest.
// 2. --bars: a run the settling rules hold back warns at once when its fitted score (RUN_SCORE)
//    reaches the bar, at 25–100 Hz (where the score was fitted): pooled scores per bar.
import { ModelEnvelope } from "../model/holds";
import { Samples, warningTimes } from "../model/detector-run";
import { BASE_SEEDS, WIDE_SEEDS, tuningHolds } from "./tuning-sets";
import { LabelledHold, scoreHolds, CATCH_AFTER_END_MS } from "./bench-score";
import { SCORE_HEADER, scoreCells, table } from "./bench-report";
import { Slots, loadScorerDetector } from "./bench-scorer-detector";

const USAGE =
  "usage: npx tsx tools/bench-latency.ts [--help] [--bars b,c,…] [--early k,l,…] [--early-coarse] [--sets N]";

type Hold = LabelledHold & Samples & { fsHz: number; envelope: ModelEnvelope; description: string };

/** What the detector did at one warning. */
interface Warned {
  tMs: number;
  /** The warning's run had been held back once: by the settling rules, by the veto, or not at all. */
  held: "settling" | "veto" | "no" | "swing";
  score: number;
}

/** The bout's drawn parameters, read from the hold's description. */
export function boutTraits(description: string): { tugs: number; shape: string; cm: number; periodMs: number } {
  const m = / (\d+) tugs (\S+) \d+ ms ([\d.]+) cm [-\d.]+° every (\d+) ms/.exec(description);
  return m
    ? { tugs: Number(m[1]), shape: m[2], cm: Number(m[3]), periodMs: Number(m[4]) }
    : { tugs: NaN, shape: "?", cm: NaN, periodMs: NaN };
}

/** A two-sided run's gates: mean lobe over the threshold, shortest tug interval (s), seconds since the hold was last quiet. */
export interface EarlyGate {
  meanLobe: number;
  minInterval: number;
  minMoving: number;
}

/** --early-coarse: two-sided runs at 12.5 Hz too. */
const EARLY_COARSE = process.argv.includes("--early-coarse");

/**
 * One tug earlier (round eight's experiment): the newest lobe of one side completes two lobes on
 * each side that alternate (other, this, other, this) at like intervals and sizes, each following a
 * swing the other way — the run rules of common/bounce.ts on four half-waves instead of three lobes
 * of one side. Outside the settling rules only (there today's rules decide). Returns the side's base
 * (its oldest lobe slot set one interval before its first, so the bout opens with that period).
 */
export function earlyRun(s: Float64Array, S: Slots, gate: EarlyGate): number {
  const now = s[S.NOW_S];
  const threshold = s[S.THRESHOLD];
  for (const side of [S.UP, S.DOWN]) {
    const other = side === S.UP ? S.DOWN : S.UP;
    if (s[side + S.COUNT] < 2 || s[other + S.COUNT] < 2 || s[side + S.PRIMED] || s[other + S.PRIMED]) continue;
    const t1 = s[side + S.TIMES + 1];
    const t2 = s[side + S.TIMES + 2];
    const o1 = s[other + S.TIMES + 1];
    const o2 = s[other + S.TIMES + 2];
    if (!(o1 < t1 && t1 < o2 && o2 < t2) || now - t2 > 1.7) continue;
    const interval = t2 - t1;
    const otherInterval = o2 - o1;
    if (interval < 0.25 || interval > 1.7 || otherInterval < 0.25 || otherInterval > 1.7) continue;
    if (Math.max(interval, otherInterval) > 1.4 * Math.min(interval, otherInterval)) continue;
    // The half-waves alternate about evenly: each side's lobe falls 20–80 % into the other's interval.
    const offset = (t1 - o1) / otherInterval;
    const offset2 = (o2 - t1) / interval;
    if (offset < 0.2 || offset > 0.8 || offset2 < 0.2 || offset2 > 0.8) continue;
    const p1 = s[side + S.PEAKS + 1];
    const p2 = s[side + S.PEAKS + 2];
    const q1 = s[other + S.PEAKS + 1];
    const q2 = s[other + S.PEAKS + 2];
    const smallest = Math.min(p1, q1, q2);
    const biggest = Math.max(p1, q1, q2);
    if (smallest < 0.45 * biggest || p2 < 0.6 * Math.min(p1, q2)) continue;
    if (p1 + q1 + q2 < 3 * gate.meanLobe * threshold || interval < gate.minInterval) continue;
    const held = s[S.MOTION_TIME];
    const lastQuiet = s[S.LAST_QUIET];
    const settling =
      held < 3 || (held < 4.5 && lastQuiet - now + held < 1.5) || (o1 - now + held < 3 && lastQuiet < o1 - 0.5);
    if (settling || now - lastQuiet < gate.minMoving) continue;
    if (process.env.EARLY_LOG)
      console.log(
        `early ${now.toFixed(2)} held ${held.toFixed(1)} quiet ${(now - lastQuiet).toFixed(1)} int ${interval.toFixed(2)}/${otherInterval.toFixed(2)} off ${offset.toFixed(2)}/${offset2.toFixed(2)} size ${(smallest / biggest).toFixed(2)} mean ${((p1 + q1 + q2) / 3 / threshold).toFixed(2)} swing ${(s[side + S.SWINGS + 2] / p1).toFixed(2)}`,
      );
    s[side + S.TIMES] = t1 - interval;
    return side;
  }
  return 0;
}

const median = (v: number[]) => {
  const s = v.slice().sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const share = (v: boolean[]) => (v.length ? v.filter(Boolean).length / v.length : NaN);

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(USAGE);
    return;
  }
  const barsAt = process.argv.indexOf("--bars");
  const bars = barsAt >= 0 ? process.argv[barsAt + 1].split(",").map(Number) : [];
  const earlyAt = process.argv.indexOf("--early");
  // --early mean[:interval[:moving]],…
  const earlyBars: EarlyGate[] =
    earlyAt >= 0
      ? process.argv[earlyAt + 1].split(",").map((text) => {
          const [meanLobe, minInterval, minMoving] = text.split(":").map(Number);
          return { meanLobe, minInterval: minInterval || 0, minMoving: minMoving || 0 };
        })
      : [];
  const setsAt = process.argv.indexOf("--sets");
  const setCount = setsAt >= 0 ? Number(process.argv[setsAt + 1]) : 6;
  const started = Date.now();
  const patched = await loadScorerDetector();
  const S = patched.SLOTS;
  const holds: Hold[] = tuningHolds(setCount);
  console.log(
    `## Where the latency goes (round eight), tuning sets only: base ${BASE_SEEDS.slice(0, setCount).join(", ")}; ` +
      `wide ${WIDE_SEEDS.slice(0, setCount).join(", ")} (generated in ${((Date.now() - started) / 1000).toFixed(0)} s).`,
  );
  const detector = new patched.BounceDetector("normal");

  // 1. Today's detector, told of held-back runs and warnings.
  const warned: Warned[][] = [];
  const times: number[][] = [];
  holds.forEach((hold) => {
    const mine: Warned[] = [];
    let heldBy: { [run: number]: "settling" | "veto" } = {};
    detector.reset();
    patched.HOOK.heldBack = (_s, run, settling) => {
      heldBy[run] = settling ? "settling" : "veto";
    };
    patched.HOOK.warned = (s, run) => {
      mine.push({
        tMs: Math.round(s[S.NOW_S] * 1000),
        held: run === 0 ? "swing" : s[run + S.PRIMED] ? (heldBy[run] ?? "no") : "no",
        score: run === 0 ? NaN : s[S.RUN_SCORE],
      });
      heldBy = {};
    };
    times.push(warningTimes(hold, detector));
    warned.push(mine);
  });
  patched.HOOK.heldBack = patched.HOOK.warned = null;

  type Row = {
    hold: Hold;
    latencyMs: number;
    held: string;
    tugs: number;
    shape: string;
    cm: number;
    periodMs: number;
    startMs: number;
  };
  const groups: Array<[string, (h: Hold) => boolean]> = [
    ["base model, 12.5 Hz", (h) => h.envelope === "base" && h.fsHz < 20],
    ["base model, 25–100 Hz", (h) => h.envelope === "base" && h.fsHz >= 20],
    ["wide model, 12.5 Hz", (h) => h.envelope === "wide" && h.fsHz < 20],
    ["wide model, 25–100 Hz", (h) => h.envelope === "wide" && h.fsHz >= 20],
  ];
  const describe = (rows: Row[]) => [
    String(rows.length),
    median(rows.map((r) => r.tugs)).toFixed(0),
    median(rows.map((r) => r.periodMs)).toFixed(0),
    share(rows.map((r) => r.periodMs >= 1000)).toFixed(2),
    median(rows.map((r) => r.cm)).toFixed(1),
    median(rows.map((r) => r.startMs / 1000)).toFixed(1),
    share(rows.map((r) => r.startMs < 4500)).toFixed(2),
    share(rows.map((r) => r.held === "settling")).toFixed(2),
    share(rows.map((r) => r.held === "veto")).toFixed(2),
    ["smooth", "gauss", "asymmetric", "raised-cosine"]
      .map((shape) => `${shape[0]} ${rows.filter((r) => r.shape === shape).length}`)
      .join(" "),
  ];
  const traitRows: string[][] = [];
  const slowest: string[] = [];
  const missedLines: string[] = [];
  for (const [name, keep] of groups) {
    const caught: Row[] = [];
    const missed: Row[] = [];
    holds.forEach((hold, i) => {
      if (!keep(hold)) return;
      const traits = boutTraits(hold.description);
      for (const bout of hold.bouts) {
        const inside = warned[i].filter((w) => w.tMs >= bout.startMs && w.tMs <= bout.endMs + CATCH_AFTER_END_MS);
        const row = { hold, latencyMs: NaN, held: "", ...traits, startMs: bout.startMs };
        if (inside.length) caught.push({ ...row, latencyMs: inside[0].tMs - bout.startMs, held: inside[0].held });
        else missed.push(row);
      }
    });
    caught.sort((a, b) => a.latencyMs - b.latencyMs);
    const cut = Math.floor(0.9 * caught.length);
    traitRows.push([name, "caught, fastest 90 %", ...describe(caught.slice(0, cut))]);
    traitRows.push([name, "caught, slowest 10 %", ...describe(caught.slice(cut))]);
    traitRows.push([name, "missed", ...describe(missed)]);
    if (name.endsWith("25–100 Hz")) {
      for (const r of missed)
        missedLines.push(`${name}: bout at ${(r.startMs / 1000).toFixed(1)} s — ${r.hold.name} ${r.hold.description}`);
      for (const r of caught.slice(cut))
        slowest.push(
          `${name}: ${(r.latencyMs / 1000).toFixed(2)} s, held back ${r.held}, bout at ${(r.startMs / 1000).toFixed(1)} s — ${r.hold.name} ${r.hold.description}`,
        );
    }
  }
  console.log(`\n### Caught and missed bouts by trait (normal sensitivity)\n`);
  console.log(
    "Held back: the warning's run had been held back once, by the settling rules or by round seven's veto (so it warned a tug later). Shapes: smooth, gauss, asymmetric, raised-cosine.\n",
  );
  table(
    [
      "sets",
      "bouts",
      "n",
      "tugs (median)",
      "period ms (median)",
      "period ≥ 1 s",
      "size cm (median)",
      "start s (median)",
      "start < 4.5 s",
      "held: settling",
      "held: veto",
      "shapes",
    ],
    traitRows,
  ).forEach((line) => console.log(line));
  console.log(`\n### The missed bouts at 25–100 Hz\n`);
  missedLines.forEach((line) => console.log(`- ${line}`));
  console.log(`\n### The slowest 10 % of warnings at 25–100 Hz\n`);
  slowest.forEach((line) => console.log(`- ${line}`));

  // 2. Settling runs with a high score warn at once.
  const rows: string[][] = [];
  const score = (warnings: number[][], keep: (h: Hold) => boolean) => {
    const index = holds.map((_, i) => i).filter((i) => keep(holds[i]));
    return scoreCells(
      scoreHolds(
        index.map((i) => holds[i]),
        index.map((i) => warnings[i]),
      ),
    );
  };
  for (const [name, keep] of groups) rows.push([name, "today's detector", ...score(times, keep)]);
  for (const bar of bars) {
    const all = holds.map((hold) => {
      patched.HOOK.settlingVeto = hold.fsHz < 20 ? null : (s) => s[S.RUN_SCORE] < bar;
      return warningTimes(hold, detector);
    });
    for (const [name, keep] of groups) rows.push([name, `settling runs warn at score ≥ ${bar}`, ...score(all, keep)]);
  }
  patched.HOOK.settlingVeto = null;
  for (const bar of earlyBars) {
    const all = holds.map((hold) => {
      patched.HOOK.early = hold.fsHz < 20 && !EARLY_COARSE ? null : (s) => earlyRun(s, S, bar);
      if (process.env.EARLY_LOG)
        console.log(`hold ${hold.name} ${hold.description} bouts ${JSON.stringify(hold.bouts)}`);
      return warningTimes(hold, detector);
    });
    for (const [name, keep] of groups)
      rows.push([
        name,
        `+ two-sided runs, mean lobe ≥ ${bar.meanLobe} × threshold, interval ≥ ${bar.minInterval} s, moving ≥ ${bar.minMoving} s`,
        ...score(all, keep),
      ]);
  }
  patched.HOOK.early = null;
  if (bars.length || earlyBars.length) {
    console.log(`\n### Settling runs with a high fitted score warn at once (25–100 Hz), pooled tuning sets\n`);
    table(
      ["sets", "detector", ...SCORE_HEADER],
      rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    ).forEach((line) => console.log(line));
  }
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

if (process.argv[1] && /bench-latency/.test(process.argv[1])) void main();
