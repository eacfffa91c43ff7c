// fast-check generators for valid routines and session results (shared by protocol, history and companion tests).
import fc from "fast-check";
import { Routine } from "../../common/routine";
import { HoldResult, SessionResult } from "../../common/result";

export const routineArb: fc.Arbitrary<Routine> = fc.record({
  firstLeg: fc.constantFrom("left" as const, "right" as const),
  repsPerLeg: fc.integer({ min: 1, max: 5 }),
  holdSeconds: fc.integer({ min: 5, max: 60 }),
  restSeconds: fc.integer({ min: 0, max: 60 }),
  switchSeconds: fc.integer({ min: 0, max: 120 }),
  getReadySeconds: fc.integer({ min: 0, max: 30 }),
  lastSecondsCue: fc.constantFrom(0 as const, 3 as const, 5 as const),
  aid: fc.constantFrom("towel" as const, "band" as const, "none" as const, "seated" as const),
  sensitivity: fc.constantFrom("low" as const, "normal" as const, "high" as const),
  dailyGoal: fc.integer({ min: 1, max: 3 }),
});

export const sessionIdArb: fc.Arbitrary<string> = fc.stringMatching(/^[0-9a-z]{6,9}-[0-9a-z]{4}$/);

function holdArb(routine: Routine): fc.Arbitrary<HoldResult> {
  const maxMs = routine.holdSeconds * 1000;
  return fc
    .record({
      leg: fc.constantFrom("left" as const, "right" as const),
      rep: fc.integer({ min: 1, max: routine.repsPerLeg }),
      targetSeconds: fc.constant(routine.holdSeconds),
      achievedMs: fc.integer({ min: 0, max: maxMs }),
      endedEarly: fc.boolean(),
      bounceAtMs: fc.array(fc.integer({ min: 0, max: maxMs }), { maxLength: 8 }),
      steadiness: fc.integer({ min: -1, max: 100 }),
      bouncingShare: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ bouncingShare, ...hold }) => ({ ...hold, bouncingMs: Math.round(bouncingShare * hold.achievedMs) }));
}

/** Valid results starting between 2024 and 2030, with every field a device fills. */
export const resultArb: fc.Arbitrary<SessionResult> = routineArb.chain((routine) =>
  fc
    .record({
      id: sessionIdArb,
      startedAt: fc.integer({ min: 1704067200000, max: 1893456000000 }),
      durationMs: fc.integer({ min: 0, max: 3 * 3600 * 1000 }),
      completed: fc.boolean(),
      routine: fc.constant(routine),
      holds: fc.array(holdArb(routine), { maxLength: routine.repsPerLeg * 2 }),
      utcOffsetMinutes: fc.integer({ min: -840, max: 840 }),
    })
    .map(({ durationMs, ...r }) => ({ ...r, endedAt: r.startedAt + durationMs })),
);
