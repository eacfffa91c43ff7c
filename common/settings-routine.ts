// Maps the phone's settingsStorage (strings written by the settings page's components) to a Routine
// and back. Pure: storage access is passed in. Each routine field has its own settings key, named
// like the field. Integer fields use a Slider, choice fields a Select.
import { ROUTINE_KEYS, Routine, parseRoutine } from "./routine";

export interface ChoiceOption {
  name: string;
  value: string | number;
}

/** What the settings page's Select shows for each choice field (same order as routineField options). */
export const CHOICE_OPTIONS: { [key: string]: ChoiceOption[] } = {
  firstLeg: [
    { name: "Left leg first", value: "left" },
    { name: "Right leg first", value: "right" },
  ],
  lastSecondsCue: [
    { name: "Off", value: 0 },
    { name: "Buzz 3 s before the end", value: 3 },
    { name: "Buzz 5 s before the end", value: 5 },
  ],
  aid: [
    { name: "Towel", value: "towel" },
    { name: "Band", value: "band" },
    { name: "No aid (hands behind the thigh)", value: "none" },
    { name: "Seated stretch", value: "seated" },
  ],
  sensitivity: [
    { name: "Low — only clear bounces", value: "low" },
    { name: "Normal", value: "normal" },
    { name: "High — warn at small bounces", value: "high" },
  ],
};

export interface RoutineFromSettings {
  routine: Routine;
  /** One readable reason per stored value that was replaced by its default. */
  errors: string[];
  /** Settings entries to write back so the page shows what is really used: repaired bad values and missing keys. */
  repairs: { [key: string]: string };
}

/**
 * The plain value inside any settings component's stored string: Slider "30" (or "\"30\""),
 * Select {"selected":[i],"values":[{"name","value"}]}, Toggle "true"/"false", TextInput {"name":"…"}
 * or a plain string. Undefined when nothing is stored. Never throws; garbage comes back as is
 * for parseRoutine to reject with a reason.
 */
export function readStoredValue(raw: string | null | undefined, options?: ChoiceOption[]): unknown {
  if (raw === null || raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    return raw; // TextInput with useSimpleValue and hand-edited values are plain strings
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return parsed;
  const record = parsed as { [key: string]: unknown };
  const values = record.values;
  if (Array.isArray(values) && values.length > 0 && values[0] !== null && typeof values[0] === "object") {
    const first = values[0] as { [key: string]: unknown };
    if (first.value !== undefined) return first.value;
  }
  const selected = record.selected;
  if (Array.isArray(selected) && options && typeof selected[0] === "number" && options[selected[0]])
    return options[selected[0]].value;
  if (typeof record.name === "string") return record.name;
  return parsed;
}

/** The stored string the settings page's component would write for this field's value. */
export function settingValue(key: keyof Routine, value: Routine[keyof Routine]): string {
  const options = CHOICE_OPTIONS[key];
  if (!options) return String(value);
  for (let i = 0; i < options.length; i++) {
    if (options[i].value === value) return JSON.stringify({ selected: [i], values: [options[i]] });
  }
  return JSON.stringify({ selected: [], values: [] });
}

/** Routine → settings entries (tests, simulator scenarios, seeding the page with defaults). */
export function routineToSettings(routine: Routine): { [key: string]: string } {
  const entries: { [key: string]: string } = {};
  for (let i = 0; i < ROUTINE_KEYS.length; i++)
    entries[ROUTINE_KEYS[i]] = settingValue(ROUTINE_KEYS[i], routine[ROUTINE_KEYS[i]]);
  return entries;
}

function sameStoredValue(stored: unknown, value: string | number): boolean {
  if (typeof value === "number" && typeof stored === "string" && stored.trim() !== "") return Number(stored) === value;
  return stored === value;
}

/** Settings → routine. Bad or missing values become defaults; bad ones come with a reason. */
export function routineFromSettings(getItem: (key: string) => string | null): RoutineFromSettings {
  const candidate: { [key: string]: unknown } = {};
  for (let i = 0; i < ROUTINE_KEYS.length; i++) {
    const key = ROUTINE_KEYS[i];
    let raw: string | null = null;
    try {
      raw = getItem(key);
    } catch (e) {
      raw = null; // an unreadable entry is treated as missing
    }
    candidate[key] = readStoredValue(raw, CHOICE_OPTIONS[key]);
  }
  const parsed = parseRoutine(candidate);
  const repairs: { [key: string]: string } = {};
  for (let i = 0; i < ROUTINE_KEYS.length; i++) {
    const key = ROUTINE_KEYS[i];
    if (!sameStoredValue(candidate[key], parsed.routine[key])) repairs[key] = settingValue(key, parsed.routine[key]);
  }
  const errors: string[] = [];
  for (let i = 0; i < parsed.errors.length; i++) errors.push("Settings: " + parsed.errors[i]);
  return { routine: parsed.routine, errors: errors, repairs: repairs };
}
