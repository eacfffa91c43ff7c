// The room the Bangle keeps for a session's result (common/result-room.ts) against the real encoders:
// for every routine shape, the worst result it can give — every hold held to its end with the most
// warnings the engine keeps (100 a hold: more than the detector's refractory time allows in a hold
// that runs on, reached by pausing and going on while bouncing), an id of the wire's longest, every
// number at its longest — fits in it, as a record and (clock not set) as the JSON that waits for the
// clock. And the room its saves need: the longest save of every routine shape, and the saves of
// sessions run on the engine, fit in saveRoomBytes.
import { describe, expect, it } from "vitest";
import { MAX_SESSION_ID_LENGTH, encodeResultRecord } from "../common/gatt-profile";
import { HoldResult, MAX_BOUNCES_PER_HOLD, SessionResult } from "../common/result";
import { DETECTOR_WARNINGS_PER_HOLD, resultRoomBytes, saveRoomBytes } from "../common/result-room";
import { Aid, DEFAULT_ROUTINE, Leg, Routine, Sensitivity } from "../common/routine";
import { SessionState, newSession, reduceSession } from "../common/session";

function worstHolds(routine: Routine, warnings: number): HoldResult[] {
  const holds: HoldResult[] = [];
  const heldMs = routine.holdSeconds * 1000;
  for (let i = 0; i < routine.repsPerLeg * 2; i++)
    holds.push({
      leg: "right",
      rep: routine.repsPerLeg,
      targetSeconds: routine.holdSeconds,
      achievedMs: heldMs,
      endedEarly: false,
      bounceAtMs: new Array<number>(warnings).fill(heldMs),
      bouncingMs: heldMs,
      steadiness: 100,
    });
  return holds;
}

function worstResult(routine: Routine, startedAt: number): SessionResult {
  const holds = worstHolds(routine, MAX_BOUNCES_PER_HOLD);
  return {
    id: "z".repeat(MAX_SESSION_ID_LENGTH),
    startedAt,
    endedAt: startedAt + 2 * 24 * 3600 * 1000,
    completed: false,
    routine,
    holds,
    utcOffsetMinutes: -840,
    timeUnknown: true,
  };
}

/** The Bangle's save (wearables/bangle/src/store.ts saveSession) of the longest state of `routine`. */
function worstSave(routine: Routine): string {
  const at = -1577836799999; // on an unset clock set back past 1970 (a set clock's times are shorter)
  const state: SessionState = {
    routine,
    id: "z".repeat(MAX_SESSION_ID_LENGTH),
    startedAt: at,
    phase: "get-ready",
    leg: "right",
    rep: routine.repsPerLeg,
    phaseStartedAt: at,
    phaseEndsAt: at,
    pausedAt: at,
    cuesGiven: routine.lastSecondsCue,
    holds: worstHolds(routine, DETECTOR_WARNINGS_PER_HOLD),
    endedAt: at,
    completed: false,
    utcOffsetMinutes: -840,
  };
  return JSON.stringify({ savedAt: at, state, timeline: 99999 });
}

function everyRoutine(): Routine[] {
  const routines: Routine[] = [];
  for (let reps = 1; reps <= 5; reps++)
    for (let hold = 5; hold <= 60; hold++)
      for (const firstLeg of ["left", "right"] as Leg[])
        for (const aid of ["towel", "band", "none", "seated"] as Aid[])
          for (const sensitivity of ["low", "normal", "high"] as Sensitivity[])
            routines.push({
              firstLeg,
              repsPerLeg: reps,
              holdSeconds: hold,
              restSeconds: 60,
              switchSeconds: 120,
              getReadySeconds: 30,
              lastSecondsCue: 5,
              aid,
              sensitivity,
              dailyGoal: 3,
            });
  return routines;
}

describe("resultRoomBytes: the room kept for a session's result", () => {
  it("holds the record of the worst result of every routine", () => {
    for (const routine of everyRoutine()) {
      const record = encodeResultRecord(worstResult(routine, Date.UTC(2099, 0, 1)));
      if (!record.ok) throw new Error(record.reason);
      expect(record.value.length).toBeLessThanOrEqual(resultRoomBytes(routine, false));
    }
  });

  it("holds the JSON of the worst result waiting for the clock, of every routine", () => {
    for (const routine of everyRoutine()) {
      // On an unset clock times are before 2020; a clock set back past 1970 makes them negative.
      const waiting = { timeline: 99999, result: worstResult(routine, -1577836799999) };
      expect(JSON.stringify(waiting).length).toBeLessThanOrEqual(resultRoomBytes(routine, true));
    }
  });

  it("is sized to the routine: a 1 × 10 s routine needs far less than the 5 × 60 s one", () => {
    const short = everyRoutine().find((r) => r.repsPerLeg === 1 && r.holdSeconds === 10) as Routine;
    const long = everyRoutine().find((r) => r.repsPerLeg === 5 && r.holdSeconds === 60) as Routine;
    expect(resultRoomBytes(short, false)).toBe(478);
    expect(resultRoomBytes(short, true)).toBe(1866);
    expect(resultRoomBytes(long, false)).toBe(2150); // the profile's largest record
    expect(resultRoomBytes(long, true)).toBe(7730);
    // Tight: the longest JSON is at most 32 bytes short of its bound.
    const worst = JSON.stringify({ timeline: 99999, result: worstResult(long, -1577836799999) }).length;
    expect(resultRoomBytes(long, true) - worst).toBeLessThan(32);
  });
});

describe("saveRoomBytes: the room a session's saves need", () => {
  it("holds the longest save of every routine, tightly", () => {
    const slack = [Infinity, Infinity, Infinity, Infinity, Infinity];
    for (const routine of everyRoutine()) {
      const length = worstSave(routine).length;
      expect(length).toBeLessThanOrEqual(saveRoomBytes(routine));
      slack[routine.repsPerLeg - 1] = Math.min(slack[routine.repsPerLeg - 1], saveRoomBytes(routine) - length);
    }
    // Tight: for every number of holds, the longest save is at most 16 bytes short of its bound.
    for (const bytes of slack) expect(bytes).toBeLessThan(16);
    expect(saveRoomBytes(everyRoutine()[0])).toBe(984); // 1 hold a leg
  });

  it("holds every save of sessions run on the engine, a warning every 4 s of each hold", () => {
    for (const repsPerLeg of [1, 3, 5]) {
      const routine: Routine = { ...DEFAULT_ROUTINE, repsPerLeg, holdSeconds: 60, lastSecondsCue: 5 };
      let state = newSession(routine, "mx2z9q80-52yn");
      let now = Date.UTC(2026, 10, 30, 8, 0, 0);
      state = reduceSession(state, { type: "start", utcOffsetMinutes: 60 }, now).state;
      let longest = 0;
      while (state.phase !== "done") {
        now += 100;
        const holding = state.phase === "hold" && (now - state.phaseStartedAt) % 4000 === 100;
        state = reduceSession(state, { type: holding ? "bounce" : "tick" }, now).state;
        longest = Math.max(longest, JSON.stringify({ savedAt: now, state }).length);
      }
      expect(Math.max(...state.holds.map((h) => h.bounceAtMs.length))).toBe(DETECTOR_WARNINGS_PER_HOLD);
      expect(longest).toBeLessThanOrEqual(saveRoomBytes(routine));
    }
  });
});
