// The stretch routine: what the user sets on the phone and the watch plays.
// Pure and ES5-safe: the watch imports this module.

export type Leg = "left" | "right";
export type Aid = "towel" | "band" | "none" | "seated";
export type Sensitivity = "low" | "normal" | "high";
export type LastSecondsCue = 0 | 3 | 5;

export interface Routine {
  firstLeg: Leg;
  repsPerLeg: number;
  holdSeconds: number;
  restSeconds: number;
  switchSeconds: number;
  getReadySeconds: number;
  lastSecondsCue: LastSecondsCue;
  aid: Aid;
  sensitivity: Sensitivity;
  dailyGoal: number;
}

// Defaults follow the article: 3 reps of 30 s per leg, a short rest, a break between legs.
export const DEFAULT_ROUTINE: Routine = {
  firstLeg: "left",
  repsPerLeg: 3,
  holdSeconds: 30,
  restSeconds: 10,
  switchSeconds: 30,
  getReadySeconds: 10,
  lastSecondsCue: 3,
  aid: "towel",
  sensitivity: "normal",
  dailyGoal: 1,
};

export interface IntegerField {
  kind: "integer";
  min: number;
  max: number;
  label: string;
  unit: string;
}
export interface ChoiceField {
  kind: "choice";
  options: ReadonlyArray<string | number>;
  label: string;
  unit: string;
}
export type FieldSpec = IntegerField | ChoiceField;

export const ROUTINE_FIELDS: { readonly [K in keyof Routine]: FieldSpec } = {
  firstLeg: { kind: "choice", options: ["left", "right"], label: "Start with", unit: "" },
  repsPerLeg: { kind: "integer", min: 1, max: 5, label: "Holds per leg", unit: "" },
  holdSeconds: { kind: "integer", min: 5, max: 60, label: "Hold", unit: "s" },
  restSeconds: { kind: "integer", min: 0, max: 60, label: "Rest between holds", unit: "s" },
  switchSeconds: { kind: "integer", min: 0, max: 120, label: "Break between legs", unit: "s" },
  getReadySeconds: { kind: "integer", min: 0, max: 30, label: "Get ready", unit: "s" },
  lastSecondsCue: { kind: "choice", options: [0, 3, 5], label: "Last-seconds cue", unit: "s" },
  aid: { kind: "choice", options: ["towel", "band", "none", "seated"], label: "Aid", unit: "" },
  sensitivity: { kind: "choice", options: ["low", "normal", "high"], label: "Bounce sensitivity", unit: "" },
  dailyGoal: { kind: "integer", min: 1, max: 3, label: "Sessions a day", unit: "" },
};

export const ROUTINE_KEYS: Array<keyof Routine> = [
  "firstLeg",
  "repsPerLeg",
  "holdSeconds",
  "restSeconds",
  "switchSeconds",
  "getReadySeconds",
  "lastSecondsCue",
  "aid",
  "sensitivity",
  "dailyGoal",
];

export interface ParsedRoutine {
  routine: Routine;
  /** Readable reasons for every value that was replaced by its default. Empty when the input was valid. */
  errors: string[];
}

function describe(value: unknown): string {
  if (typeof value === "string") return '"' + (value.length > 20 ? value.slice(0, 20) + "…" : value) + '"';
  if (value === null) return "null";
  if (typeof value === "object") return Array.isArray(value) ? "a list" : "an object";
  return String(value);
}

function indexOf(options: ReadonlyArray<string | number>, value: unknown): number {
  for (let i = 0; i < options.length; i++) if (options[i] === value) return i;
  return -1;
}

/**
 * Why `value` cannot be field `key` ("Hold: 90 is outside 5–60; using 30"), or "" when it can.
 * `raw` is what was given, for the message (parseRoutine converts numbers written as strings first).
 * The watch checks wire routines with this alone, without parseRoutine (its code sits in a 64 KB heap).
 */
export function fieldError(key: keyof Routine, value: unknown, raw: unknown = value): string {
  const spec = ROUTINE_FIELDS[key];
  const using = "; using " + DEFAULT_ROUTINE[key];
  if (spec.kind === "integer") {
    if (typeof value !== "number" || !isFinite(value) || Math.floor(value) !== value)
      return spec.label + ": " + describe(raw) + " is not a whole number" + using;
    if (value < spec.min || value > spec.max)
      return spec.label + ": " + value + " is outside " + spec.min + "–" + spec.max + using;
    return "";
  }
  return indexOf(spec.options, value) < 0
    ? spec.label + ": " + describe(raw) + " is not one of " + spec.options.join("/") + using
    : "";
}

function parseField(key: keyof Routine, raw: unknown, errors: string[]): unknown {
  const spec = ROUTINE_FIELDS[key];
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

export function otherLeg(leg: Leg): Leg {
  return leg === "left" ? "right" : "left";
}

export function sameRoutine(a: Routine, b: Routine): boolean {
  for (let i = 0; i < ROUTINE_KEYS.length; i++) if (a[ROUTINE_KEYS[i]] !== b[ROUTINE_KEYS[i]]) return false;
  return true;
}

const AID_LABEL: { [A in Aid]: string } = { towel: "towel", band: "band", none: "no aid", seated: "seated" };

/** "Hamstrings · 3 × 30 s each leg · towel" */
export function summarizeRoutine(r: Routine): string {
  return "Hamstrings · " + r.repsPerLeg + " × " + r.holdSeconds + " s each leg · " + AID_LABEL[r.aid];
}
