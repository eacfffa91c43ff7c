import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_ROUTINE, ROUTINE_KEYS, Routine, routineField } from "../common/routine";
import {
  CHOICE_OPTIONS,
  readStoredValue,
  routineFromSettings,
  routineToSettings,
  settingValue,
} from "../common/settings-routine";
import { routineArb } from "./support/arbitraries";

function fromEntries(entries: { [key: string]: string }) {
  return routineFromSettings((key) => (key in entries ? entries[key] : null));
}

describe("readStoredValue understands every component's stored format", () => {
  it("Slider: a number as a string, plain or JSON-quoted", () => {
    expect(readStoredValue("30")).toBe(30);
    expect(readStoredValue('"30"')).toBe("30");
  });
  it("Select: values[0].value, else the selected index into the options", () => {
    expect(readStoredValue('{"selected":[1],"values":[{"name":"Band","value":"band"}]}', CHOICE_OPTIONS.aid)).toBe(
      "band",
    );
    expect(readStoredValue('{"selected":[2],"values":[]}', CHOICE_OPTIONS.aid)).toBe("none");
    expect(readStoredValue('{"selected":[9],"values":[]}', CHOICE_OPTIONS.aid)).toEqual({ selected: [9], values: [] });
  });
  it("Toggle: true/false", () => {
    expect(readStoredValue("true")).toBe(true);
    expect(readStoredValue("false")).toBe(false);
  });
  it("TextInput: {name} JSON or a plain string", () => {
    expect(readStoredValue('{"name":"45"}')).toBe("45");
    expect(readStoredValue("towel")).toBe("towel");
  });
  it("nothing stored is undefined", () => {
    expect(readStoredValue(null)).toBeUndefined();
    expect(readStoredValue(undefined)).toBeUndefined();
  });
});

describe("routine ⇄ settings", () => {
  it("stores integers like a Slider and choices like a Select", () => {
    expect(settingValue("holdSeconds", 30)).toBe("30");
    expect(JSON.parse(settingValue("aid", "band"))).toEqual({
      selected: [1],
      values: [{ name: "Band", value: "band" }],
    });
    expect(JSON.parse(settingValue("lastSecondsCue", 0))).toEqual({
      selected: [0],
      values: [{ name: "Off", value: 0 }],
    });
  });

  it("every choice field offers exactly its routine options, in order", () => {
    for (const key of ROUTINE_KEYS) {
      const spec = routineField(key);
      if (spec.kind === "choice") expect(CHOICE_OPTIONS[key].map((o) => o.value)).toEqual([...spec.options]);
      else expect(CHOICE_OPTIONS[key]).toBeUndefined();
    }
  });

  it("round-trips any valid routine without errors or repairs", () => {
    fc.assert(
      fc.property(routineArb, (routine) => {
        expect(fromEntries(routineToSettings(routine))).toEqual({ routine, errors: [], repairs: {} });
      }),
    );
  });

  it("accepts what the real components write (Select with only the selected index, quoted slider numbers)", () => {
    const parsed = fromEntries({ ...routineToSettings(DEFAULT_ROUTINE), aid: '{"selected":[3]}', holdSeconds: '"45"' });
    expect(parsed.routine).toEqual({ ...DEFAULT_ROUTINE, aid: "seated", holdSeconds: 45 });
    expect(parsed.errors).toEqual([]);
    // A different but valid spelling is not rewritten.
    expect(parsed.repairs).toEqual({});
  });

  it("fills missing keys with defaults silently and asks to write them so the page shows them", () => {
    const parsed = fromEntries({});
    expect(parsed.routine).toEqual(DEFAULT_ROUTINE);
    expect(parsed.errors).toEqual([]);
    expect(parsed.repairs).toEqual(routineToSettings(DEFAULT_ROUTINE));
  });

  it("replaces garbage by defaults, with a reason each and a repair each", () => {
    const parsed = fromEntries({
      ...routineToSettings(DEFAULT_ROUTINE),
      holdSeconds: "{not json",
      repsPerLeg: "99",
      aid: '{"selected":[7],"values":[{"name":"Rope","value":"rope"}]}',
      dailyGoal: "true",
    });
    expect(parsed.routine).toEqual(DEFAULT_ROUTINE);
    expect(parsed.errors).toEqual([
      "Settings: Holds per leg: 99 is outside 1–5; using 3",
      'Settings: Hold: "{not json" is not a whole number; using 30',
      'Settings: Aid: "rope" is not one of towel/band/none/seated; using towel',
      "Settings: Sessions a day: true is not a whole number; using 1",
    ]);
    expect(Object.keys(parsed.repairs).sort()).toEqual(["aid", "dailyGoal", "holdSeconds", "repsPerLeg"]);
    expect(parsed.repairs.holdSeconds).toBe("30");
  });

  it("treats a throwing storage read as a missing value", () => {
    const parsed = routineFromSettings((key) => {
      if (key === "holdSeconds") throw new Error("storage broken");
      return null;
    });
    expect(parsed.routine.holdSeconds).toBe(30);
  });

  it("never throws on random stored strings and always yields a valid routine", () => {
    const keys = ROUTINE_KEYS as string[];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), fc.oneof(fc.string(), fc.json())), (entries) => {
        const parsed = fromEntries(entries);
        expect(fromEntries(routineToSettings(parsed.routine as Routine)).errors).toEqual([]);
        expect(parsed.errors.length).toBeLessThanOrEqual(Object.keys(parsed.repairs).length);
      }),
      { numRuns: 1000 },
    );
  });
});
