// Review 39 (a guard, not a bug: this test passes). heap8 split the routine and ack checks into one
// check with an `Explain`: the phone's decoders give the full text (inFull), the watch's give a code
// (byCode). What the user relies on: a routine or ack the phone would reject is rejected by the watch
// too, and one the phone accepts is applied by the watch with the same values — otherwise the
// settings page says "sent" for a routine the watch throws away, or the watch applies one the phone
// calls invalid. Checked over many hostile inputs, as well as fieldFits against fieldProblem's text
// (the watch's saved-session check and the phone's settings page must agree on every field).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  PROTOCOL_VERSION,
  byCode,
  checkAckMessage,
  checkRoutineMessage,
  decodeAckMessage,
  decodeRoutineMessage,
  encodeRoutineMessage,
} from "../common/protocol";
import { DEFAULT_ROUTINE, ROUTINE_KEYS, Routine, fieldFits, fieldProblem } from "../common/routine";

const atom = fc.oneof(
  fc.constantFrom<unknown>(0, 1, 3, 5, 60, 61, 120, 121, -1, 1.5, NaN, Infinity, -0, 2 ** 53, null, undefined),
  fc.constantFrom<unknown>("", "3", "left", "right", "towel", "seated", "low", "high", "routine", "ack", true),
  fc.constantFrom<unknown>([], {}, "x".repeat(40)),
  fc.integer({ min: -200, max: 200 }),
  fc.string({ maxLength: 6 }),
);

/** A valid wire routine with up to three fields replaced, a field added or one dropped. */
const row = fc
  .tuple(
    fc.array(fc.tuple(fc.nat({ max: ROUTINE_KEYS.length - 1 }), atom), { maxLength: 3 }),
    fc.constantFrom("same", "longer", "shorter"),
  )
  .map(([changes, shape]) => {
    const values: unknown[] = (encodeRoutineMessage(DEFAULT_ROUTINE, 1) as unknown[])[3] as unknown[];
    const copy = values.slice();
    for (const [i, v] of changes) copy[i] = v;
    if (shape === "longer") copy.push(0);
    if (shape === "shorter") copy.pop();
    return copy;
  });

function message(kind: string, payload: fc.Arbitrary<unknown[]>): fc.Arbitrary<unknown> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.tuple(fc.constantFrom<unknown>(1, PROTOCOL_VERSION), payload).map(([v, p]) => [v, kind, ...p]),
    },
    { weight: 2, arbitrary: fc.tuple(atom, atom, payload).map(([v, k, p]) => [v, k, ...p]) },
    { weight: 1, arbitrary: atom },
  );
}

describe("review 39: the watch's checks and the phone's decoders give the same verdicts", () => {
  it("a routine message: accepted by both with the same routine and revision, or rejected by both", () => {
    const payload = fc.oneof(
      fc.tuple(fc.constantFrom<unknown>(0, 7, 2 ** 40), row).map((p) => p as unknown[]),
      fc.array(atom, { maxLength: 3 }),
    );
    fc.assert(
      fc.property(message("routine", payload), (data) => {
        const phone = decodeRoutineMessage(data);
        const watch = checkRoutineMessage(data, byCode);
        expect(watch.ok).toBe(phone.ok);
        if (phone.ok && watch.ok) expect(watch.value).toEqual(phone.value);
        if (!watch.ok) expect(watch.reason).toMatch(/^\d+( \w+)?$/);
      }),
      { numRuns: 4000, seed: 39 },
    );
  });

  it("an ack: accepted by both or rejected by both", () => {
    const id = "s-39";
    const payload = fc.oneof(fc.constant([id] as unknown[]), fc.array(atom, { maxLength: 2 }));
    fc.assert(
      fc.property(message("ack", payload), (data) => {
        const phone = decodeAckMessage(data, id);
        const watch = checkAckMessage(data, id, byCode);
        expect(watch.ok).toBe(phone.ok);
        if (!watch.ok) expect(watch.reason).toMatch(/^\d+$/);
      }),
      { numRuns: 2000, seed: 39 },
    );
  });

  it("every field: fieldFits exactly when fieldProblem has nothing to say", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROUTINE_KEYS), atom, (key: keyof Routine, value) => {
        expect(fieldFits(key, value)).toBe(fieldProblem(key, value) === "");
      }),
      { numRuns: 3000, seed: 39 },
    );
  });
});
