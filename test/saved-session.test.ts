import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_ROUTINE } from "../common/routine";
import { STATE_KEYS, SessionState, newSession, reduceSession } from "../common/session";
import { PHASES, decodeSavedSession, encodeEndedResult, encodeSavedSession } from "../common/saved-session";
import { sessionResult } from "../common/result";
import { PHASE_TITLE } from "../common/screen-text";
import { decodeCbor, encodeCbor } from "../sim/cbor";
import { routineArb } from "./support/arbitraries";

/** A session some way into its second hold, with a bounce warning and a steadiness score. */
function sessionInSecondHold(): SessionState {
  let s = newSession(DEFAULT_ROUTINE, "mabc123-x1");
  const at = 1_764_316_800_000;
  s = reduceSession(s, { type: "start", utcOffsetMinutes: 60 }, at).state;
  s = reduceSession(s, { type: "tick" }, at + 10_000 + 30_000 + 10_000 + 2_000).state;
  s = reduceSession(s, { type: "bounce" }, at + 52_500).state;
  s = reduceSession(s, { type: "steadiness", score: 71, bouncingMs: 1_800 }, at + 53_000).state;
  return s;
}

describe("saved session (session.cbor)", () => {
  it("comes back exactly as it was saved, through CBOR", () => {
    const state = sessionInSecondHold();
    expect(state.holds).toHaveLength(2);
    const back = decodeSavedSession(decodeCbor(encodeCbor(encodeSavedSession(state, 1_764_316_853_000))));
    expect(back).toEqual({ savedAt: 1_764_316_853_000, state });
  });

  it("round-trips any routine and the idle state", () => {
    fc.assert(
      fc.property(routineArb, fc.integer({ min: 0, max: 2 ** 42 }), (routine, savedAt) => {
        const state = newSession(routine, "id");
        expect(decodeSavedSession(encodeSavedSession(state, savedAt))).toEqual({ savedAt, state });
      }),
    );
  });

  it("saves each hold as a row: a third smaller than keyed holds in a 10-hold session", () => {
    const state = sessionInSecondHold();
    for (let i = 0; i < 8; i++) state.holds.push({ ...state.holds[0], bounceAtMs: [1200, 5400] });
    const rows = encodeCbor(encodeSavedSession(state, 1)).length;
    const keyed = encodeCbor({ savedAt: 1, state }).length;
    expect(rows).toBeLessThan((keyed * 2) / 3);
  });

  it("still reads a file saved before rows (keyed state, routine and holds)", () => {
    const state = sessionInSecondHold();
    expect(decodeSavedSession({ savedAt: 5, state })).toEqual({ savedAt: 5, state });
  });

  it("saves the state and its routine as rows too: keys no longer fill the file", () => {
    const state = sessionInSecondHold();
    const saved = encodeSavedSession(state, 1);
    const keyedState = {
      savedAt: 1,
      state: { ...state, holds: (saved as { state: unknown[] }).state[STATE_KEYS.indexOf("holds")] },
    };
    expect(encodeCbor(saved).length).toBeLessThan(encodeCbor(keyedState).length / 2);
  });

  it("keeps the routine first and the holds eleventh in a state's row (the encoder writes those positions out)", () => {
    expect(STATE_KEYS.indexOf("routine")).toBe(0);
    expect(STATE_KEYS.indexOf("holds")).toBe(10);
    const row = (encodeSavedSession(sessionInSecondHold(), 1) as { state: unknown[] }).state;
    expect(Array.isArray(row[0]) && Array.isArray(row[10])).toBe(true);
  });

  it("rejects every wrong layout with null, never an exception", () => {
    const good = encodeSavedSession(sessionInSecondHold(), 1) as { savedAt: number; state: unknown[] };
    const withField = (key: (typeof STATE_KEYS)[number], value: unknown) => {
      const row = good.state.slice();
      row[STATE_KEYS.indexOf(key)] = value;
      return { savedAt: 1, state: row };
    };
    const withHolds = (holds: unknown) => withField("holds", holds);
    for (const bad of [
      null,
      undefined,
      7,
      "session",
      [],
      [1, good.state],
      withHolds(5),
      withHolds(undefined),
      withHolds([[1, 2]]),
      withHolds([null]),
      withHolds([7]),
      { savedAt: 1, state: null },
      { savedAt: 1 },
      { savedAt: 1, state: good.state.slice(1) },
      withField("routine", [1, 2]),
    ])
      expect(decodeSavedSession(bad)).toBeNull();
    fc.assert(fc.property(fc.anything(), (junk) => void decodeSavedSession(junk)));
  });
});

describe("PHASES", () => {
  it("names every phase of the engine, each once (PHASE_TITLE has a title for each)", () => {
    expect([...PHASES].sort()).toEqual(Object.keys(PHASE_TITLE).sort());
  });
});

describe("encodeEndedResult (a result kept as its finished session while storage is full)", () => {
  it("reads back, through the CBOR file, as a done session whose result is the same result", () => {
    fc.assert(
      fc.property(routineArb, fc.integer({ min: 1, max: 4 }), (routine, holdsDone) => {
        // A real result: a session played hold by hold, then abandoned.
        let s = newSession(routine, "mabc123-x9");
        let t = 1_000_000;
        s = reduceSession(s, { type: "start", utcOffsetMinutes: 90 }, t).state;
        for (let i = 0; i < 400 && s.holds.length < holdsDone + 1 && s.phase !== "done"; i++) {
          t += 1000;
          s = reduceSession(s, { type: "tick" }, t).state;
        }
        const step = reduceSession(s, { type: "abort" }, t + 500);
        const result = step.result;
        fc.pre(result !== null); // ended before its first hold: nothing to keep (fast-check fails if that is every run)
        if (result === null) return;
        const saved = decodeSavedSession(decodeCbor(encodeCbor(encodeEndedResult(result, t + 900))));
        expect(saved).not.toBeNull();
        expect(saved!.savedAt).toBe(t + 900);
        expect(saved!.state.phase).toBe("done");
        expect(sessionResult(saved!.state, saved!.state.holds, saved!.state.endedAt)).toEqual(result);
      }),
      { numRuns: 50 },
    );
  });
});
