// The stretch routine: what the user sets on the phone and the watch plays.
// Pure and ES5-safe: the watch imports this module.
import { describe, isIntegerIn } from "./numbers";
import { fromRow } from "./rows";

// The routine's shape and its keys live in ./routine-shape.ts, which the watch's session part loads
// without the limits, parsing and summary here (app/parts.ts).
export { ROUTINE_KEYS, otherLeg } from "./routine-shape";
export type { Aid, LastSecondsCue, Leg, Routine, Sensitivity } from "./routine-shape";
import { ROUTINE_KEYS, Routine } from "./routine-shape";

// Defaults follow the article: 3 reps of 30 s per leg, a short rest, a break between legs. A row of
// ROUTINE_KEYS' values, so the watch's bundle does not spell the keys out once more (test/routine.test.ts
// checks every field).
/** Where dailyGoal sits in ROUTINE_KEYS (a stored result's routine row): a number, not a look-up, in the watch's code. */
export const DAILY_GOAL_AT = 9;

export const DEFAULT_ROUTINE = fromRow<Routine>(
  ["left", 3, 30, 10, 30, 10, 3, "towel", "normal", 1],
  ROUTINE_KEYS,
) as Routine;

// The limits of every field: one string, the one home the watch checks wire routines against, the
// settings page draws its controls from and parseRoutine repairs with. A string rather than a table
// of objects: in JerryScript 3.0 (measured with a heapUsed() build, same object layout as 64 KB)
// the former table of ten objects held 1448 B of the watch's heap from launch, this string 160 B.
// Labels are phone-side (ROUTINE_LABELS).
export interface IntegerField {
  kind: "integer";
  min: number;
  max: number;
}
export interface ChoiceField {
  kind: "choice";
  options: ReadonlyArray<string | number>;
}
export type FieldSpec = IntegerField | ChoiceField;

/** In ROUTINE_KEYS order: "min-max" for whole numbers (never negative), "a/b/c" for a choice (digits are numbers). */
const FIELD_LIMITS = "left/right 1-5 5-60 0-60 0-120 0-30 0/3/5 towel/band/none/seated low/normal/high 1-3";

/** Field `key`'s valid values (a new object each call: nothing is kept in memory). */
export function routineField(key: keyof Routine): FieldSpec {
  const text = FIELD_LIMITS.split(" ")[ROUTINE_KEYS.indexOf(key)];
  const range = text.split("-");
  if (range.length === 2) return { kind: "integer", min: +range[0], max: +range[1] };
  const options: Array<string | number> = text.split("/");
  for (let i = 0; i < options.length; i++) if (String(+options[i]) === options[i]) options[i] = +options[i];
  return { kind: "choice", options: options };
}

/**
 * What the phone shows for each field (settings page, web app, parseRoutine's messages). Kept out
 * of the limits so the watch, which logs field keys instead, does not carry these strings.
 */
export const ROUTINE_LABELS: { readonly [K in keyof Routine]: { label: string; unit: string } } = {
  firstLeg: { label: "Start with", unit: "" },
  repsPerLeg: { label: "Holds per leg", unit: "" },
  holdSeconds: { label: "Hold", unit: "s" },
  restSeconds: { label: "Rest between holds", unit: "s" },
  switchSeconds: { label: "Break between legs", unit: "s" },
  getReadySeconds: { label: "Get ready", unit: "s" },
  lastSecondsCue: { label: "Last-seconds cue", unit: "s" },
  aid: { label: "Aid", unit: "" },
  sensitivity: { label: "Bounce sensitivity", unit: "" },
  dailyGoal: { label: "Sessions a day", unit: "" },
};

export interface ParsedRoutine {
  routine: Routine;
  /** Readable reasons for every value that was replaced by its default. Empty when the input was valid. */
  errors: string[];
}

/**
 * Whether `value` is valid as field `key`, taken as it is (no strings for numbers). The one check
 * behind the watch's wire routines and saved sessions and the phone's parseRoutine (fieldProblem);
 * the watch bundles this without the messages.
 */
export function fieldFits(key: keyof Routine, value: unknown): boolean {
  // Read from FIELD_LIMITS itself, not through routineField: no spec object.
  const text = FIELD_LIMITS.split(" ")[ROUTINE_KEYS.indexOf(key)];
  const range = text.split("-");
  // A choice: one of its options, of the default's type (3, not "3").
  return range.length < 2
    ? typeof value === typeof DEFAULT_ROUTINE[key] && text.split("/").indexOf(String(value)) >= 0
    : isIntegerIn(value, +range[0], +range[1]);
}

/**
 * What is wrong with `value` as field `key` ("90 is outside 5–60"), or "" when it fits (fieldFits).
 * `raw` is what was given, for the message.
 */
export function fieldProblem(key: keyof Routine, value: unknown, raw: unknown = value): string {
  if (fieldFits(key, value)) return "";
  const text = FIELD_LIMITS.split(" ")[ROUTINE_KEYS.indexOf(key)];
  const range = text.split("-");
  if (range.length < 2) return describe(raw) + " is not one of " + text;
  return isIntegerIn(value, -Infinity, Infinity)
    ? value + " is outside " + range.join("–")
    : describe(raw) + " is not a whole number";
}

/**
 * Whether a saved routine's fields are within their limits (a huge cue or rep count would keep the
 * engine's catch-up looping); a field missing from an older app's routine is tolerated, as the
 * engine always has. The watch checks every saved session's routine with it.
 */
export function savedRoutineFits(routine: Partial<Routine>): boolean {
  for (let i = 0; i < ROUTINE_KEYS.length; i++) {
    const value = routine[ROUTINE_KEYS[i]];
    if (value !== undefined && !fieldFits(ROUTINE_KEYS[i], value)) return false;
  }
  return true;
}

/** The phone's message for a bad field ("Hold: 90 is outside 5–60; using 30"), or "" when it is valid. */
export function fieldError(key: keyof Routine, value: unknown, raw: unknown = value): string {
  const problem = fieldProblem(key, value, raw);
  return problem && ROUTINE_LABELS[key].label + ": " + problem + "; using " + DEFAULT_ROUTINE[key];
}

function parseField(key: keyof Routine, raw: unknown, errors: string[]): unknown {
  const spec = routineField(key);
  if (raw === undefined) return DEFAULT_ROUTINE[key];
  let candidate: unknown = raw;
  // Settings storage writes numbers as strings.
  if (typeof raw === "string" && raw.trim() !== "" && (spec.kind === "integer" || typeof spec.options[0] === "number"))
    candidate = Number(raw);
  const error = fieldError(key, candidate, raw);
  if (error === "") return candidate;
  errors.push(error);
  return DEFAULT_ROUTINE[key];
}

/** Turns any untrusted value into a valid routine. Never throws: bad fields fall back to defaults with a reason. */
export function parseRoutine(input: unknown): ParsedRoutine {
  const errors: string[] = [];
  const routine = copyRoutine(DEFAULT_ROUTINE);
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    errors.push("Routine: expected an object but got " + describe(input) + "; using the default routine");
    return { routine, errors };
  }
  const source = input as { [key: string]: unknown };
  const target = routine as unknown as { [key: string]: unknown };
  for (let i = 0; i < ROUTINE_KEYS.length; i++) {
    const key = ROUTINE_KEYS[i];
    let raw: unknown;
    try {
      raw = source[key];
    } catch (e) {
      raw = null; // a throwing getter is just another bad value
    }
    target[key] = parseField(key, raw, errors);
  }
  return { routine, errors };
}

export function copyRoutine(r: Routine): Routine {
  return {
    firstLeg: r.firstLeg,
    repsPerLeg: r.repsPerLeg,
    holdSeconds: r.holdSeconds,
    restSeconds: r.restSeconds,
    switchSeconds: r.switchSeconds,
    getReadySeconds: r.getReadySeconds,
    lastSecondsCue: r.lastSecondsCue,
    aid: r.aid,
    sensitivity: r.sensitivity,
    dailyGoal: r.dailyGoal,
  };
}

export function sameRoutine(a: Routine, b: Routine): boolean {
  for (let i = 0; i < ROUTINE_KEYS.length; i++) if (a[ROUTINE_KEYS[i]] !== b[ROUTINE_KEYS[i]]) return false;
  return true;
}

/** "Hamstrings · 3 × 30 s each leg · towel" */
export function summarizeRoutine(r: Routine): string {
  return (
    "Hamstrings · " + r.repsPerLeg + " × " + r.holdSeconds + " s each leg · " + (r.aid === "none" ? "no aid" : r.aid)
  );
}
