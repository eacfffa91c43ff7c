// Round seven of issue 14: today's detector (common/bounce.ts) patched at load time so that a tool
// can judge its candidate runs. The patch (checked by test/bounce-scorer.test.ts: with no judge it
// warns exactly as today's detector):
// - the run rules' constants become settable (setConstant), so looser rules give more candidates;
// - a judge (HOOK.judge) is asked about every run the rules pass, before it may warn; with
//   HOOK.keepSettling false the judge replaces the settling rules too (it sees the same inputs);
// - or a veto (HOOK.veto) holds back a run as the settling rules do (the next tug's run warns) in
//   place of the detector's own fitted score (RUN_SCORE against SCORE_BAR);
// - one more state slot keeps the projected signal's energy over the last ~2 s (SHORT_ENERGY);
// - (round eight) a tool may be told of every held-back run and every warning (HOOK.heldBack,
//   HOOK.warned), release a run the settling rules hold back (HOOK.settlingVeto), or add a run of
//   its own that warns at once (HOOK.early);
// - (round ten) per lobe counter, the band-passed 3-D vector at its newest lobe's peak and at the lobe
//   before it, and the cosine between that lobe and the one before it (DIRECTION_SLOTS from DIRS):
//   lobeDirectionCos reads how alike in direction a run's lobes are. Written only, never read by
//   the detector's own rules. KEPT_VECTOR.atPeak false: the vector where the lobe crosses the
//   threshold instead (cheaper on the watch: no copy while the lobe rises).
// - (round ten) each lobe counter also follows its lobes' SHAPE: the lobe's start and end (the
//   projected signal's zero crossings, interpolated) and its peak time, so a tool can compare the
//   widths and the asymmetry (rise over width) of a run's lobes (SHAPE_UP and SHAPE_DOWN blocks, see SHAPE). It
//   only writes slots of its own: with no hook it warns exactly as the detector.
// The module is written to a temporary file and imported; nothing in common/ changes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BounceDetector } from "../common/bounce";

/** Run-rule constants of common/bounce.ts that the tool may loosen. */
export const LOOSE_CONSTANTS = [
  "MAX_INTERVAL_RATIO",
  "MIN_AMPLITUDE_RATIO",
  "MIN_LOBE_SUM_OVER_THRESHOLD",
  "NEWEST_LOBE_SHARE",
  "SWING_SHARE",
  "FIRST_SWING_SHARE",
  "MAX_SWING_RATIO",
  "SWING_SIMILARITY",
] as const;
export type LooseConstant = (typeof LOOSE_CONSTANTS)[number];

/** Slot numbers of the detector's state that the judge reads. */
export const SLOT_NAMES = [
  "SCALE",
  "GAIN_DT",
  "BACKGROUND",
  "LAST_QUIET",
  "MOTION_TIME",
  "NOW_S",
  "THRESHOLD",
  "BOUT_OPEN",
  "UP",
  "DOWN",
  "COUNT",
  "TIMES",
  "PEAKS",
  "SWINGS",
  "SHORT_ENERGY",
  "PRIMED",
  "RUN_SCORE",
  "REFRACTORY_UNTIL",
  "DIRS",
  "SHAPE_UP",
  "SHAPE_DOWN",
] as const;
export type Slots = { [K in (typeof SLOT_NAMES)[number]]: number };

export interface ScorerDetectorModule {
  BounceDetector: new (sensitivity: number | "normal" | "low" | "high") => BounceDetector;
  setConstant(name: LooseConstant, value: number): void;
  SLOTS: Slots;
  /**
   * judge(state, run base): true lets the run warn. keepSettling: today's settling rules still apply.
   * veto(state, run base), asked about a run that is neither settling nor confirming a held-back run:
   * true holds it back as the settling rules do (its oldest lobe dropped, the next tug's run warns).
   */
  HOOK: {
    judge: ((s: Float64Array, run: number) => boolean) | null;
    keepSettling: boolean;
    veto: ((s: Float64Array, run: number) => boolean) | null;
    /**
     * settlingVeto(state, run base), asked about a run the settling rules hold back (round eight):
     * false lets it warn at once. heldBack and warned are told of each held-back run (and whether
     * the settling rules held it) and each warning (run 0: a swing of the bout), for diagnosis.
     */
    settlingVeto: ((s: Float64Array, run: number) => boolean) | null;
    heldBack: ((s: Float64Array, run: number, settling: boolean) => void) | null;
    warned: ((s: Float64Array, run: number) => void) | null;
    /**
     * early(state): a lobe counter's base when it and the other counter have two lobes each that
     * alternate like a run's (one tug earlier than a three-lobe run); 0 for none. Its run warns at
     * once (round eight's experiment).
     */
    early: ((s: Float64Array) => number) | null;
    /** Round ten: false switches off the detector's own rule that a lobe pointing away from the last one of its side starts a new run. */
    directionRule: boolean;
  };
  /** Round ten: keep each lobe's vector at its peak (else where it crossed the threshold). */
  KEPT_VECTOR: { atPeak: boolean };
}

/**
 * Round ten: slots per lobe counter from DIRS (UP's first, then DOWN's): the band-passed vector at
 * the newest lobe's peak (3), at the lobe before it (3), and the cosine between the lobe before it
 * and the one before that (1).
 */
export const DIRECTION_SLOTS = 7;

/** Cosine between the vectors in slots a…a+2 and b…b+2 (0 when either is zero). */
function cosine(s: Float64Array, a: number, b: number): number {
  const dot = s[a] * s[b] + s[a + 1] * s[b + 1] + s[a + 2] * s[b + 2];
  const norms = (s[a] ** 2 + s[a + 1] ** 2 + s[a + 2] ** 2) * (s[b] ** 2 + s[b + 1] ** 2 + s[b + 2] ** 2);
  return norms > 0 ? dot / Math.sqrt(norms) : 0;
}

/**
 * How alike in direction the last three lobes of counter `run` are: the cosine of the middle lobe's
 * vector with the oldest's, and of the newest's (at this sample, still rising) with the middle's.
 */
export function lobeDirectionCos(s: Float64Array, S: Slots, run: number): [number, number] {
  const d = S.DIRS + (run === S.UP ? 0 : DIRECTION_SLOTS);
  return [s[d + 6], cosine(s, d, d + 3)];
}

/**
 * Slots of one lobe counter's shape block (round ten), relative to SHAPE_UP or SHAPE_DOWN: the last
 * upward zero crossing of the counter's polarity, whether a counted lobe is still above zero, its
 * peak time and value so far, then the start (zero crossing up), width (to the zero crossing down)
 * and rise (start to peak) of the last three counted lobes, oldest first, aligned with TIMES
 * (NaN until the lobe has ended).
 */
export const SHAPE = { ZERO_UP: 0, OPEN: 1, PEAK_T: 2, PEAK_V: 3, STARTS: 4, WIDTHS: 7, RISES: 10, SLOTS: 13 };

/** Averaging time of SHORT_ENERGY, seconds. */
export const SHORT_TAU_S = 2;

function replaceOnce(source: string, from: string, to: string): string {
  const at = source.indexOf(from);
  if (at < 0 || source.indexOf(from, at + 1) >= 0)
    throw new Error(`bench-scorer-detector: patch point not unique: ${from}`);
  return source.slice(0, at) + to + source.slice(at + from.length);
}

/** The patched source of common/bounce.ts. */
export function scorerDetectorSource(source: string): string {
  let patched = source;
  for (const name of LOOSE_CONSTANTS) {
    const declaration = new RegExp(`^const ${name} = `, "m");
    if (!declaration.test(patched)) throw new Error(`bench-scorer-detector: no constant ${name}`);
    patched = patched.replace(declaration, `let ${name} = `);
  }
  patched = replaceOnce(
    patched,
    "const STATE_SLOTS = CARRIED_SCORE + 1;",
    `const SHORT_ENERGY = CARRIED_SCORE + 1;\nconst DIRS = CARRIED_SCORE + 2;\nconst PREV_PROJECTED = DIRS + ${2 * DIRECTION_SLOTS};\nconst SHAPE_UP = PREV_PROJECTED + 1;\nconst SHAPE_DOWN = SHAPE_UP + ${SHAPE.SLOTS};\nconst STATE_SLOTS = SHAPE_DOWN + ${SHAPE.SLOTS};`,
  );
  patched = replaceOnce(
    patched,
    "  clearLobes(s, DOWN);\n  s[HALF_SIGN] = 0;\n  // A pause",
    "  clearLobes(s, DOWN);\n  s[HALF_SIGN] = 0;\n  s[SHORT_ENERGY] = s[PREV_PROJECTED] = 0;\n  restartShape(s, SHAPE_UP);\n  restartShape(s, SHAPE_DOWN);\n  // A pause",
  );
  patched = replaceOnce(
    patched,
    "    s[PROJECTED] = projected;\n",
    `    s[PROJECTED] = projected;\n    s[SHORT_ENERGY] += (1 - Math.exp(-dt / ${SHORT_TAU_S})) * (projected * projected - s[SHORT_ENERGY]);\n`,
  );
  patched = replaceOnce(
    patched,
    "    updateLobes(s, DOWN, -1);\n",
    "    updateLobes(s, DOWN, -1);\n    followShape(s, UP, SHAPE_UP, 1);\n    followShape(s, DOWN, SHAPE_DOWN, -1);\n    s[PREV_PROJECTED] = projected;\n",
  );
  patched = replaceOnce(
    patched,
    "const run = isRun(s, UP) ? UP : isRun(s, DOWN) ? DOWN : 0;",
    "let run = isRun(s, UP) && (!HOOK.judge || HOOK.judge(s, UP)) ? UP : isRun(s, DOWN) && (!HOOK.judge || HOOK.judge(s, DOWN)) ? DOWN : 0;\n      const early = !run && HOOK.early !== null ? HOOK.early(s) : 0;\n      if (early) run = early;",
  );
  patched = replaceOnce(
    patched,
    "if (run && !s[run + PRIMED] && (settling",
    "if (run && !early && !s[run + PRIMED] && (settling",
  );
  patched = replaceOnce(patched, "const settling =\n", "const settling = (!HOOK.judge || HOOK.keepSettling) && (\n");
  patched = replaceOnce(
    patched,
    "s[LAST_QUIET] < first - QUIET_BEFORE_RUN_S);",
    "s[LAST_QUIET] < first - QUIET_BEFORE_RUN_S));",
  );
  patched = replaceOnce(
    patched,
    "(settling || (s[GAIN_DT] < COARSE_STEP_S && s[RUN_SCORE] < SCORE_BAR))",
    "(settling ? HOOK.settlingVeto === null || HOOK.settlingVeto(s, run) : HOOK.veto !== null ? HOOK.veto(s, run) : s[GAIN_DT] < COARSE_STEP_S && s[RUN_SCORE] < SCORE_BAR)",
  );
  patched = replaceOnce(
    patched,
    "s[run + PRIMED] = 1;\n",
    "s[run + PRIMED] = 1;\n        if (HOOK.heldBack !== null) HOOK.heldBack(s, run, settling);\n",
  );
  patched = replaceOnce(
    patched,
    "if (run && !s[BOUT_OPEN]) openBout(s, run);\n",
    "if (run && !s[BOUT_OPEN]) openBout(s, run);\n        if (HOOK.warned !== null) HOOK.warned(s, run);\n",
  );
  // Round ten: the detector's own direction rule may be switched off (HOOK.directionRule false).
  patched = replaceOnce(
    patched,
    "if (dot < 0) s[base + COUNT] = 0;",
    "if (HOOK.directionRule && dot < 0) s[base + COUNT] = 0;",
  );
  // Round ten: the band-passed vector at each lobe's peak, kept beside the peak's size.
  patched = replaceOnce(
    patched,
    "if (value > s[newestPeak]) s[newestPeak] = value;\n    if (value < 0.5",
    "if (value > s[newestPeak]) { s[newestPeak] = value; if (KEPT_VECTOR.atPeak) keepLobeVector(s, base); }\n    if (value < 0.5",
  );
  patched = replaceOnce(
    patched,
    "if (value > s[newestPeak]) s[newestPeak] = value;\n      return;",
    "if (value > s[newestPeak]) { s[newestPeak] = value; if (KEPT_VECTOR.atPeak) keepLobeVector(s, base); }\n      return;",
  );
  patched = replaceOnce(
    patched,
    "  s[newestPeak] = value;\n  s[base + NEWEST_SWING]",
    "  newLobeVector(s, base);\n  s[newestPeak] = value;\n  s[base + NEWEST_SWING]",
  );
  patched += `
export const KEPT_VECTOR = { atPeak: true };
function keepLobeVector(s: Float64Array, base: number): void {
  const d = DIRS + (base === UP ? 0 : ${DIRECTION_SLOTS});
  s[d] = s[BAND];
  s[d + 1] = s[BAND + 1];
  s[d + 2] = s[BAND + 2];
}
function newLobeVector(s: Float64Array, base: number): void {
  const d = DIRS + (base === UP ? 0 : ${DIRECTION_SLOTS});
  const dot = s[d] * s[d + 3] + s[d + 1] * s[d + 4] + s[d + 2] * s[d + 5];
  const norms = (s[d] * s[d] + s[d + 1] * s[d + 1] + s[d + 2] * s[d + 2]) * (s[d + 3] * s[d + 3] + s[d + 4] * s[d + 4] + s[d + 5] * s[d + 5]);
  s[d + 6] = norms > 0 ? dot / Math.sqrt(norms) : 0;
  s[d + 3] = s[d];
  s[d + 4] = s[d + 1];
  s[d + 5] = s[d + 2];
  keepLobeVector(s, base);
}
function restartShape(s: Float64Array, shape: number): void {
  s[shape + ${SHAPE.ZERO_UP}] = s[LAST_T];
  s[shape + ${SHAPE.OPEN}] = 0;
  for (let i = ${SHAPE.STARTS}; i < ${SHAPE.SLOTS}; i++) s[shape + i] = NaN;
}
/** Round ten: the shape of the lobes of lobe counter "base" (zero crossings interpolated within the sample step). */
function followShape(s: Float64Array, base: number, shape: number, sign: number): void {
  const value = sign * s[PROJECTED];
  const previous = sign * s[PREV_PROJECTED];
  const tS = s[NOW_S];
  const crossedAt = tS - (s[GAIN_DT] * value) / (value - previous);
  if (previous <= 0 && value > 0) s[shape + ${SHAPE.ZERO_UP}] = crossedAt;
  if (s[base + NEWEST_TIME] === tS) {
    // A lobe was counted at this sample: the shapes shift as its TIMES did.
    for (const k of [${SHAPE.STARTS}, ${SHAPE.WIDTHS}, ${SHAPE.RISES}]) {
      s[shape + k] = s[shape + k + 1];
      s[shape + k + 1] = s[shape + k + 2];
      s[shape + k + 2] = NaN;
    }
    s[shape + ${SHAPE.STARTS} + 2] = s[shape + ${SHAPE.ZERO_UP}];
    s[shape + ${SHAPE.OPEN}] = 1;
    s[shape + ${SHAPE.PEAK_T}] = tS;
    s[shape + ${SHAPE.PEAK_V}] = value;
    return;
  }
  if (!s[shape + ${SHAPE.OPEN}]) return;
  if (value > s[shape + ${SHAPE.PEAK_V}]) {
    s[shape + ${SHAPE.PEAK_V}] = value;
    s[shape + ${SHAPE.PEAK_T}] = tS;
  }
  if (value <= 0 && previous > 0) {
    s[shape + ${SHAPE.OPEN}] = 0;
    s[shape + ${SHAPE.WIDTHS} + 2] = crossedAt - s[shape + ${SHAPE.STARTS} + 2];
    s[shape + ${SHAPE.RISES} + 2] = s[shape + ${SHAPE.PEAK_T}] - s[shape + ${SHAPE.STARTS} + 2];
  }
}
export const HOOK: { judge: ((s: Float64Array, run: number) => boolean) | null; keepSettling: boolean; veto: ((s: Float64Array, run: number) => boolean) | null; settlingVeto: ((s: Float64Array, run: number) => boolean) | null; heldBack: ((s: Float64Array, run: number, settling: boolean) => void) | null; warned: ((s: Float64Array, run: number) => void) | null; early: ((s: Float64Array) => number) | null; directionRule: boolean } = { judge: null, keepSettling: true, veto: null, settlingVeto: null, heldBack: null, warned: null, early: null, directionRule: true };
export const SLOTS = { ${SLOT_NAMES.join(", ")} };
export function setConstant(name: string, value: number): void {
  switch (name) {
${LOOSE_CONSTANTS.map((name) => `    case "${name}": ${name} = value; break;`).join("\n")}
    default: throw new Error("unknown constant " + name);
  }
}
`;
  return patched;
}

export async function loadScorerDetector(): Promise<ScorerDetectorModule> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const source = scorerDetectorSource(readFileSync(join(root, "common", "bounce.ts"), "utf8"));
  const folder = mkdtempSync(join(tmpdir(), "steady-hold-scorer-"));
  const file = join(folder, "bounce-scorer.ts");
  writeFileSync(file, source);
  try {
    return (await import(pathToFileURL(file).href)) as ScorerDetectorModule;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
