// The routine editor's rules, from common/: the same fields, labels, ranges, choices and messages as
// the Fitbit settings page (routineField, ROUTINE_LABELS, CHOICE_OPTIONS, parseRoutine). Pure; the page renders it.
import {
  DEFAULT_ROUTINE,
  ROUTINE_KEYS,
  ROUTINE_LABELS,
  Routine,
  parseRoutine,
  routineField,
} from "../../common/routine";
import type { SessionResult } from "../../common/result";
import { CHOICE_OPTIONS } from "../../common/settings-routine";

export interface FormField {
  key: keyof Routine;
  label: string;
  kind: "integer" | "choice";
  /** Integer fields. */
  min: number;
  max: number;
  unit: string;
  /** Choice fields: what the settings page's Select shows, and the value behind it. */
  options: { name: string; value: string }[];
  /** "5–60 s", shown beside the input. */
  hint: string;
}

export function routineFormFields(): FormField[] {
  return ROUTINE_KEYS.map((key) => {
    const spec = routineField(key);
    const { label, unit } = ROUTINE_LABELS[key];
    if (spec.kind === "integer") {
      return {
        key,
        label,
        kind: "integer",
        min: spec.min,
        max: spec.max,
        unit,
        options: [],
        hint: spec.min + "–" + spec.max + (unit ? " " + unit : ""),
      };
    }
    const named = CHOICE_OPTIONS[key];
    const options = spec.options.map((value, i) => ({
      name: named && named[i] ? named[i].name : String(value),
      value: String(value),
    }));
    return { key, label, kind: "choice", min: 0, max: 0, unit, options, hint: "" };
  });
}

/** The form's values as strings (what inputs hold). */
export function routineToForm(routine: Routine): { [key: string]: string } {
  const values: { [key: string]: string } = {};
  for (const key of ROUTINE_KEYS) values[key] = String(routine[key]);
  return values;
}

/**
 * What a routine read from the watch changed in the fields the user did not edit, while they have
 * unsaved edits (`kept`): "Holds per leg 3 → 5; Aid Towel → Band". Empty when nothing changed. The
 * form fills those fields silently otherwise, and a Save would send a change the user never saw.
 */
export function followedChanges(shown: { [key: string]: string }, read: Routine, kept: ReadonlySet<string>): string {
  const changes: string[] = [];
  const readValues = routineToForm(read);
  for (const field of routineFormFields()) {
    const before = shown[field.key];
    const after = readValues[field.key];
    if (kept.has(field.key) || before === undefined || before === after) continue;
    const text = (value: string) => {
      const option = field.options.find((o) => o.value === value);
      return option ? option.name : value + (field.unit ? " " + field.unit : "");
    };
    changes.push(field.label + " " + text(before) + " → " + text(after));
  }
  return changes.join("; ");
}

export interface CheckedRoutine {
  /** Null when any field is invalid: nothing is sent. */
  routine: Routine | null;
  /** parseRoutine's message per invalid field, without its "; using …" tail (the page refuses instead). */
  errors: { [key: string]: string };
}

/** Checks each field with parseRoutine, so the messages are the settings page's own. */
export function checkRoutineForm(values: { [key: string]: string }): CheckedRoutine {
  const errors: { [key: string]: string } = {};
  const raw: { [key: string]: unknown } = {};
  for (const key of ROUTINE_KEYS) {
    const value = values[key] === undefined ? "" : values[key];
    raw[key] = value;
    if (value.trim() === "") {
      // An empty box is a missing value, which parseRoutine would quietly default: say so instead.
      errors[key] = ROUTINE_LABELS[key].label + ": no value given";
      continue;
    }
    const one = parseRoutine({ [key]: value });
    if (one.errors.length > 0) errors[key] = one.errors[0].replace(/; using [^;]*$/, "");
  }
  if (Object.keys(errors).length > 0) return { routine: null, errors };
  return { routine: parseRoutine(raw).routine, errors };
}

/**
 * The routine the history page judges today's goal and the progression by: the connected watch's,
 * else the one the latest session ran (what the watch had in force then), else the default.
 */
export function historyRoutine(wearable: Routine | null, history: SessionResult[]): Routine {
  if (wearable !== null) return wearable;
  let latest: SessionResult | null = null;
  for (const result of history) if (latest === null || result.startedAt >= latest.startedAt) latest = result;
  return latest === null ? DEFAULT_ROUTINE : latest.routine;
}

/** What this page holds of the routine edited on it (the store's draft). */
export interface DraftStatus {
  /** The routine last saved on this page (null before the first save). */
  routine: Routine | null;
  /** It waits for a watch to take it (saved while none was connected, or the watch was busy). */
  waiting: boolean;
  /** Why a watch refused it as invalid (it is not sent again), or null. */
  refusal: string | null;
}

/**
 * What the routine form shows. The user's draft while it waits for a watch or after a watch refused
 * it — so that Save sends the user's routine again, never the watch's — with a note saying so (the
 * page shows the note when it opens; once connected the client's messages say it). Otherwise the
 * connected watch's routine; with no watch, the draft, else the default. The simulated watch's
 * routine (`simulated`) is shown as it is: a Save there goes to it only, and the draft waits.
 */
export function routineFormContent(
  watch: Routine | null,
  draft: DraftStatus,
  simulated = false,
): { routine: Routine; note: string } {
  if (simulated && watch !== null) return { routine: watch, note: "" };
  if (draft.routine !== null && draft.refusal !== null)
    return {
      routine: draft.routine,
      note: "The watch refused this routine (" + draft.refusal + ") and keeps its own: change it and save again.",
    };
  if (draft.routine !== null && draft.waiting)
    return {
      routine: draft.routine,
      note: "This routine is saved on this device and not yet on the watch; it is sent when the watch can take it.",
    };
  if (watch !== null) return { routine: watch, note: "" };
  return { routine: draft.routine ?? DEFAULT_ROUTINE, note: "" };
}
