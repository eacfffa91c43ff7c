import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  DEFAULT_ROUTINE,
  DAILY_GOAL_AT,
  ROUTINE_KEYS,
  parseRoutine,
  routineField,
  sameRoutine,
  savedRoutineFits,
  summarizeRoutine,
} from "../common/routine";

describe("routine defaults", () => {
  it("follow the article: 3 × 30 s per leg, towel", () => {
    // Every field, exactly: DEFAULT_ROUTINE is built from a row of values in ROUTINE_KEYS order.
    expect(DEFAULT_ROUTINE).toEqual({
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
    });
    expect(summarizeRoutine(DEFAULT_ROUTINE)).toBe("Hamstrings · 3 × 30 s each leg · towel");
  });

  it("every default lies inside its own field's range", () => {
    const { errors } = parseRoutine(DEFAULT_ROUTINE);
    expect(errors).toEqual([]);
  });
});

describe("field limits", () => {
  it("give each field its range or its choices, numbers as numbers", () => {
    expect(ROUTINE_KEYS[DAILY_GOAL_AT]).toBe("dailyGoal"); // app/results.ts reads a stored result's goal there
    expect(ROUTINE_KEYS.map(routineField)).toEqual([
      { kind: "choice", options: ["left", "right"] },
      { kind: "integer", min: 1, max: 5 },
      { kind: "integer", min: 5, max: 60 },
      { kind: "integer", min: 0, max: 60 },
      { kind: "integer", min: 0, max: 120 },
      { kind: "integer", min: 0, max: 30 },
      { kind: "choice", options: [0, 3, 5] },
      { kind: "choice", options: ["towel", "band", "none", "seated"] },
      { kind: "choice", options: ["low", "normal", "high"] },
      { kind: "integer", min: 1, max: 3 },
    ]);
  });
});

describe("parseRoutine", () => {
  it("accepts a valid routine unchanged, including numbers stored as strings", () => {
    const input = {
      firstLeg: "right",
      repsPerLeg: "2",
      holdSeconds: 45,
      restSeconds: "0",
      switchSeconds: 120,
      getReadySeconds: 5,
      lastSecondsCue: "5",
      aid: "band",
      sensitivity: "high",
      dailyGoal: 3,
    };
    const { routine, errors } = parseRoutine(input);
    expect(errors).toEqual([]);
    expect(routine).toEqual({
      firstLeg: "right",
      repsPerLeg: 2,
      holdSeconds: 45,
      restSeconds: 0,
      switchSeconds: 120,
      getReadySeconds: 5,
      lastSecondsCue: 5,
      aid: "band",
      sensitivity: "high",
      dailyGoal: 3,
    });
  });

  it("fills missing fields with defaults silently", () => {
    const { routine, errors } = parseRoutine({ holdSeconds: 20 });
    expect(errors).toEqual([]);
    expect(routine).toEqual({ ...DEFAULT_ROUTINE, holdSeconds: 20 });
  });

  it("replaces bad fields by their defaults with a readable reason for each", () => {
    const { routine, errors } = parseRoutine({
      repsPerLeg: 9,
      holdSeconds: "thirty",
      restSeconds: 2.5,
      aid: "rope",
      lastSecondsCue: 4,
      firstLeg: null,
      dailyGoal: {},
    });
    expect(routine).toEqual(DEFAULT_ROUTINE);
    expect(errors).toEqual([
      "Start with: null is not one of left/right; using left",
      "Holds per leg: 9 is outside 1–5; using 3",
      'Hold: "thirty" is not a whole number; using 30',
      "Rest between holds: 2.5 is not a whole number; using 10",
      "Last-seconds cue: 4 is not one of 0/3/5; using 3",
      'Aid: "rope" is not one of towel/band/none/seated; using towel',
      "Sessions a day: an object is not a whole number; using 1",
    ]);
  });

  it("rejects non-objects with one reason and the default routine", () => {
    for (const bad of [null, undefined, 42, "routine", [1, 2, 3], true]) {
      const { routine, errors } = parseRoutine(bad);
      expect(routine).toEqual(DEFAULT_ROUTINE);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^Routine: expected an object/);
    }
  });

  it("survives objects with throwing getters and odd prototypes", () => {
    const hostile = Object.create(null);
    Object.defineProperty(hostile, "holdSeconds", {
      get() {
        throw new Error("boom");
      },
      enumerable: true,
    });
    const { routine, errors } = parseRoutine(hostile);
    expect(routine.holdSeconds).toBe(30);
    expect(errors).toEqual(["Hold: null is not a whole number; using 30"]);
  });

  it("never throws and always returns a routine within every range (fuzz)", () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true, withTypedArray: true }),
        fc.dictionary(fc.constantFrom(...ROUTINE_KEYS), fc.anything()),
        (anything, partial) => {
          for (const input of [anything, partial]) {
            const { routine } = parseRoutine(input);
            for (const key of ROUTINE_KEYS) {
              const spec = routineField(key);
              const value = routine[key];
              if (spec.kind === "integer") {
                expect(Number.isInteger(value)).toBe(true);
                expect(value as number).toBeGreaterThanOrEqual(spec.min);
                expect(value as number).toBeLessThanOrEqual(spec.max);
              } else {
                expect(spec.options).toContain(value);
              }
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("sameRoutine compares every field", () => {
    expect(sameRoutine(DEFAULT_ROUTINE, { ...DEFAULT_ROUTINE })).toBe(true);
    expect(sameRoutine(DEFAULT_ROUTINE, { ...DEFAULT_ROUTINE, sensitivity: "high" })).toBe(false);
  });
});

describe("savedRoutineFits (a saved session's routine)", () => {
  it("takes a routine within its limits, and one that misses fields (saved by an older app)", () => {
    expect(savedRoutineFits(DEFAULT_ROUTINE)).toBe(true);
    expect(savedRoutineFits({ repsPerLeg: 2, holdSeconds: 30 })).toBe(true);
  });
  it("refuses any field out of its limits or of the wrong type", () => {
    expect(savedRoutineFits({ ...DEFAULT_ROUTINE, lastSecondsCue: 3e128 as 3 })).toBe(false);
    expect(savedRoutineFits({ ...DEFAULT_ROUTINE, repsPerLeg: 0 })).toBe(false);
    expect(savedRoutineFits({ ...DEFAULT_ROUTINE, holdSeconds: "30" as unknown as number })).toBe(false);
    expect(savedRoutineFits({ ...DEFAULT_ROUTINE, aid: "rope" as "towel" })).toBe(false);
  });
});
