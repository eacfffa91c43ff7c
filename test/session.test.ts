import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_ROUTINE, Routine, copyRoutine } from "../common/routine";
import { routineArb } from "./support/arbitraries";
import { MAX_BOUNCES_PER_HOLD } from "../common/protocol";
import {
  CUE_PATTERN,
  CUE_PRIORITY,
  PATTERN_BY_RANK,
  SessionEvent,
  SessionState,
  Step,
  closedResult,
  newSession,
  reduceSession,
  remainingMs,
  resultOf,
} from "../common/session";
import { describeScreen } from "../common/screen-text";

function routine(overrides: Partial<Routine> = {}): Routine {
  const r = copyRoutine(DEFAULT_ROUTINE);
  for (const key of Object.keys(overrides) as Array<keyof Routine>)
    (r as unknown as Record<string, unknown>)[key] = overrides[key];
  return r;
}

/** Drives the engine like the watch does: one tick exactly at each requested time. */
function runToEnd(
  state: SessionState,
  startAt: number,
  lateByMs = 0,
): { steps: Array<{ at: number; step: Step }>; final: SessionState } {
  const steps: Array<{ at: number; step: Step }> = [];
  let step = reduceSession(state, { type: "start" }, startAt);
  steps.push({ at: startAt, step });
  let guard = 0;
  while (step.nextTickAt >= 0 && guard++ < 1000) {
    const at = step.nextTickAt + lateByMs;
    step = reduceSession(step.state, { type: "tick" }, at);
    steps.push({ at, step });
  }
  return { steps, final: step.state };
}

function hapticsOf(steps: Array<{ at: number; step: Step }>): Array<{ at: number; cue: string }> {
  const out: Array<{ at: number; cue: string }> = [];
  for (const { at, step } of steps) if (step.cue !== null) out.push({ at, cue: step.cue });
  return out;
}

function phasesOf(steps: Array<{ at: number; step: Step }>): string[] {
  const out: string[] = [];
  for (const { step } of steps)
    if (step.phaseBegan) out.push(`${step.state.phase}:${step.state.leg}:${step.state.rep}`);
  return out;
}

describe("session engine: its records", () => {
  it("a new session and a new hold have every field, with its starting value", () => {
    const r = routine({ firstLeg: "right", getReadySeconds: 0, holdSeconds: 45 });
    const s = newSession(r, "n1");
    expect(s).toEqual({
      routine: r,
      id: "n1",
      startedAt: -1,
      phase: "idle",
      leg: "right",
      rep: 1,
      phaseStartedAt: -1,
      phaseEndsAt: -1,
      pausedAt: -1,
      cuesGiven: 0,
      holds: [],
      endedAt: -1,
      completed: false,
      utcOffsetMinutes: 0,
    });
    expect(reduceSession(s, { type: "start" }, 0).state.holds).toEqual([
      {
        leg: "right",
        rep: 1,
        targetSeconds: 45,
        achievedMs: 0,
        endedEarly: false,
        bounceAtMs: [],
        steadiness: -1,
        bouncingMs: 0,
      },
    ]);
  });

  it("the watch's patterns by rank are CUE_PATTERN's, one per cue", () => {
    expect(CUE_PRIORITY.map((cue) => CUE_PATTERN[cue])).toEqual(PATTERN_BY_RANK);
    expect(Object.keys(CUE_PATTERN).sort()).toEqual([...CUE_PRIORITY].sort());
  });

  it("each waiting phase lasts as the routine says", () => {
    const s = reduceSession(
      newSession(routine({ getReadySeconds: 7, restSeconds: 11, switchSeconds: 13, repsPerLeg: 2 }), "w"),
      { type: "start" },
      0,
    ).state;
    expect(s.phaseEndsAt).toBe(7_000);
    const rest = reduceSession(s, { type: "tick" }, 37_000).state;
    expect([rest.phase, rest.phaseEndsAt - rest.phaseStartedAt]).toEqual(["rest", 11_000]);
    const brk = reduceSession(rest, { type: "tick" }, 48_000 + 30_000).state;
    expect([brk.phase, brk.phaseEndsAt - brk.phaseStartedAt]).toEqual(["switch", 13_000]);
  });
});

describe("session engine: the default routine", () => {
  const start = 1_000_000;
  const { steps, final } = runToEnd(newSession(routine(), "s1"), start);

  it("plays get ready, three holds per leg with rests, a switch break and done", () => {
    expect(phasesOf(steps)).toEqual([
      "get-ready:left:1",
      "hold:left:1",
      "rest:left:2",
      "hold:left:2",
      "rest:left:3",
      "hold:left:3",
      "switch:right:1",
      "hold:right:1",
      "rest:right:2",
      "hold:right:2",
      "rest:right:3",
      "hold:right:3",
      "done:right:3",
    ]);
  });

  it("buzzes hold-complete exactly at 30 s and gives the last-seconds cues before it", () => {
    const haptics = hapticsOf(steps);
    const firstHold = start + 10_000;
    expect(haptics.slice(0, 5)).toEqual([
      { at: firstHold, cue: "hold-start" },
      { at: firstHold + 27_000, cue: "last-seconds" },
      { at: firstHold + 28_000, cue: "last-seconds" },
      { at: firstHold + 29_000, cue: "last-seconds" },
      { at: firstHold + 30_000, cue: "hold-complete" },
    ]);
    const cues = haptics.map((h) => h.cue);
    expect(cues.filter((c) => c === "hold-complete")).toHaveLength(4);
    expect(cues.filter((c) => c === "switch-legs")).toHaveLength(1);
    expect(cues[cues.length - 1]).toBe("session-done");
  });

  it("a step that begins a phase plays that moment's cue, the most important one of the step", () => {
    // A step carries one cue: where a hold ends and the switch begins, switch-legs outranks hold-complete.
    const expected: Record<string, string | null> = {
      "get-ready": null,
      hold: "hold-start",
      rest: "hold-complete",
      switch: "switch-legs",
      done: "session-done",
    };
    for (const { step } of steps) if (step.phaseBegan) expect(step.cue).toBe(expected[step.state.phase]);
  });

  it("records six complete holds of 30 s and a completed result sent once", () => {
    expect(final.phase).toBe("done");
    expect(final.completed).toBe(true);
    expect(final.holds.map((h) => h.achievedMs)).toEqual([30000, 30000, 30000, 30000, 30000, 30000]);
    expect(final.holds.every((h) => !h.endedEarly)).toBe(true);
    const sent = steps.flatMap(({ step }) => (step.result !== null ? [step.result] : []));
    expect(sent).toHaveLength(1);
    expect(sent[0].completed).toBe(true);
    expect(sent[0].endedAt).toBe(start + 10_000 + 6 * 30_000 + 4 * 10_000 + 30_000);
  });

  it("turns the accelerometer on only for holds", () => {
    const sensor = steps.flatMap(({ step }) => (step.sensor !== 0 ? [step.sensor > 0] : []));
    expect(sensor).toEqual([true, false, true, false, true, false, true, false, true, false, true, false]);
  });
});

describe("session engine: timing from timestamps", () => {
  it("a late tick does not stretch the hold: achieved time is capped at the target", () => {
    const s0 = reduceSession(newSession(routine({ getReadySeconds: 0 }), "late"), { type: "start" }, 0).state;
    const step = reduceSession(s0, { type: "tick" }, 37_000);
    expect(step.state.holds[0].achievedMs).toBe(30_000);
    // The rest started when the hold ended, not when the late tick came.
    expect(step.state.phase).toBe("rest");
    expect(step.state.phaseStartedAt).toBe(30_000);
  });

  it("catches up through several phases after a long gap and plays only the most important cue", () => {
    const s0 = reduceSession(newSession(routine(), "gap"), { type: "start" }, 0).state;
    const step = reduceSession(s0, { type: "tick" }, 10_000 + 30_000 + 10_000 + 30_000 + 5_000);
    expect(step.state.holds.map((h) => h.achievedMs)).toEqual([30000, 30000]);
    expect(step.state.phase).toBe("rest");
    expect(step.cue).toBe("hold-complete");
  });

  it("pause freezes the countdown and resume shifts the phase end", () => {
    let s = reduceSession(newSession(routine({ getReadySeconds: 0 }), "p"), { type: "start" }, 0).state;
    s = reduceSession(s, { type: "pause" }, 12_000).state;
    expect(remainingMs(s, 12_000)).toBe(18_000);
    expect(remainingMs(s, 60_000)).toBe(18_000);
    const paused = reduceSession(s, { type: "tick" }, 60_000);
    expect(paused.nextTickAt).toBe(-1);
    expect(paused.state.phase).toBe("hold");
    const resumed = reduceSession(paused.state, { type: "resume" }, 62_000);
    expect(resumed.state.phaseEndsAt).toBe(80_000);
    expect(resumed.sensor).toBe(1);
    const end = reduceSession(resumed.state, { type: "tick" }, 80_000);
    expect(end.state.holds[0].achievedMs).toBe(30_000);
    expect(end.cue).toBe("hold-complete");
  });

  it("ending a hold early records the achieved seconds without the complete buzz", () => {
    let s = reduceSession(newSession(routine({ getReadySeconds: 0 }), "e"), { type: "start" }, 0).state;
    const step = reduceSession(s, { type: "end-hold-early" }, 7_400);
    s = step.state;
    expect(s.holds[0]).toMatchObject({ achievedMs: 7_400, endedEarly: true });
    expect(s.phase).toBe("rest");
    expect(step.cue).toBeNull();
  });

  it("skip jumps from rest straight to the next hold", () => {
    let s = reduceSession(newSession(routine({ getReadySeconds: 0 }), "k"), { type: "start" }, 0).state;
    s = reduceSession(s, { type: "tick" }, 30_000).state;
    const step = reduceSession(s, { type: "skip" }, 32_000);
    expect(step.state.phase).toBe("hold");
    expect(step.state.rep).toBe(2);
    expect(step.state.phaseEndsAt).toBe(62_000);
    expect(step.cue).toBe("hold-start");
  });

  it("zero-length waiting phases are skipped", () => {
    const { steps } = runToEnd(
      newSession(routine({ getReadySeconds: 0, restSeconds: 0, switchSeconds: 0, repsPerLeg: 2 }), "z"),
      0,
    );
    expect(phasesOf(steps)).toEqual(["hold:left:1", "hold:left:2", "hold:right:1", "hold:right:2", "done:right:2"]);
  });

  it("no last-seconds cue when the option is off, and none collides with a short hold's start", () => {
    const off = hapticsOf(runToEnd(newSession(routine({ lastSecondsCue: 0 }), "o"), 0).steps).map((h) => h.cue);
    expect(off).not.toContain("last-seconds");
    const short = hapticsOf(
      runToEnd(newSession(routine({ holdSeconds: 5, lastSecondsCue: 5, repsPerLeg: 1 }), "s"), 0).steps,
    );
    const holdStart = short.find((h) => h.cue === "hold-start")!.at;
    const cues = short.filter((h) => h.cue === "last-seconds");
    expect(cues.map((c) => c.at - holdStart).filter((t) => t < 5000)).toEqual([1000, 2000, 3000, 4000]);
  });

  it("the right leg goes first when the routine says so", () => {
    const phases = phasesOf(runToEnd(newSession(routine({ firstLeg: "right", repsPerLeg: 1 }), "r"), 0).steps);
    expect(phases).toEqual(["get-ready:right:1", "hold:right:1", "switch:left:1", "hold:left:1", "done:left:1"]);
  });
});

describe("session engine: bounce, steadiness and abort", () => {
  it("records bounce warnings with their time in the hold and buzzes", () => {
    let s = reduceSession(newSession(routine({ getReadySeconds: 0 }), "b"), { type: "start" }, 500).state;
    const step = reduceSession(s, { type: "bounce" }, 14_600);
    s = step.state;
    expect(s.holds[0].bounceAtMs).toEqual([14_100]);
    expect(step.cue).toBe("bounce");
    s = reduceSession(s, { type: "steadiness", score: 63.6 }, 15_000).state;
    expect(s.holds[0].steadiness).toBe(64);
  });

  it("records the hold's bouncing time that comes with the steadiness score, never more than the time held", () => {
    let s = reduceSession(newSession(routine({ getReadySeconds: 0 }), "b"), { type: "start" }, 500).state;
    expect(s.holds[0].bouncingMs).toBe(0);
    s = reduceSession(s, { type: "steadiness", score: 50, bouncingMs: 6200 }, 10_000).state;
    expect(s.holds[0].bouncingMs).toBe(6200);
    s = reduceSession(s, { type: "steadiness", score: 50, bouncingMs: -5 }, 10_000).state;
    expect(s.holds[0].bouncingMs).toBe(6200);
    s = reduceSession(s, { type: "steadiness", score: 50, bouncingMs: 60_000 }, 12_500).state;
    expect(s.holds[0].bouncingMs).toBe(12_000);
    s = reduceSession(s, { type: "steadiness", score: 50, bouncingMs: NaN }, 13_000).state;
    expect(s.holds[0].bouncingMs).toBe(12_000);
    s = reduceSession(s, { type: "steadiness", score: 50 }, 13_000).state;
    expect(s.holds[0].bouncingMs).toBe(12_000);
  });

  it("keeps at most MAX_BOUNCES_PER_HOLD warnings per hold and shares closed holds with the old state", () => {
    let s = reduceSession(
      newSession(routine({ getReadySeconds: 0, holdSeconds: 60 }), "c"),
      { type: "start" },
      0,
    ).state;
    for (let i = 1; i <= MAX_BOUNCES_PER_HOLD + 5; i++) s = reduceSession(s, { type: "bounce" }, i * 100).state;
    expect(s.holds[0].bounceAtMs.length).toBe(MAX_BOUNCES_PER_HOLD);
    expect(s.holds[0].bounceAtMs[MAX_BOUNCES_PER_HOLD - 1]).toBe(MAX_BOUNCES_PER_HOLD * 100);
    const before = s;
    s = reduceSession(s, { type: "end-hold-early" }, 20_000).state;
    s = reduceSession(s, { type: "tick" }, 35_000).state; // the second hold runs
    const next = reduceSession(s, { type: "bounce" }, 40_000).state;
    expect(next.holds[0]).toBe(s.holds[0]); // closed hold: shared, not copied
    expect(before.holds[0].achievedMs).toBe(0); // the old state is untouched
  });

  it("drops a warning that comes after its hold's end before the tick: back to back it would count for the next hold", () => {
    const r = routine({ getReadySeconds: 0, restSeconds: 0, holdSeconds: 10 });
    const s = reduceSession(newSession(r, "late"), { type: "start" }, 0).state;
    const step = reduceSession(s, { type: "bounce" }, 10_300); // the hold ended at 10 000; no tick yet
    expect(step.state.holds).toHaveLength(2); // the late step moved on to the next hold
    expect(step.state.holds[0].bounceAtMs).toEqual([]);
    expect(step.state.holds[1].bounceAtMs).toEqual([]);
    expect(step.cue).toBe("hold-complete"); // the boundary's own buzz, no bounce buzz
    // A warning just before the end still counts for its own hold.
    const inTime = reduceSession(s, { type: "bounce" }, 9_900);
    expect(inTime.state.holds[0].bounceAtMs).toEqual([9_900]);
    expect(inTime.cue).toBe("bounce");
  });

  it("ignores bounces and steadiness outside a running hold", () => {
    let s = reduceSession(newSession(routine(), "x"), { type: "start" }, 0).state;
    s = reduceSession(s, { type: "bounce" }, 2_000).state;
    s = reduceSession(s, { type: "steadiness", score: 10 }, 2_000).state;
    expect(s.holds).toEqual([]);
    s = reduceSession(s, { type: "tick" }, 10_000).state;
    s = reduceSession(s, { type: "pause" }, 11_000).state;
    s = reduceSession(s, { type: "bounce" }, 12_000).state;
    expect(s.holds[0].bounceAtMs).toEqual([]);
  });

  it("abort keeps the partial result, closing the running hold", () => {
    let s = reduceSession(newSession(routine({ getReadySeconds: 0 }), "a"), { type: "start" }, 0).state;
    s = reduceSession(s, { type: "tick" }, 30_000).state;
    s = reduceSession(s, { type: "skip" }, 31_000).state;
    const step = reduceSession(s, { type: "abort" }, 43_000);
    expect(step.state.phase).toBe("done");
    expect(step.state.completed).toBe(false);
    const sent = step.result!;
    expect(sent.completed).toBe(false);
    expect(sent.holds.map((h) => [h.achievedMs, h.endedEarly])).toEqual([
      [30_000, false],
      [12_000, true],
    ]);
    expect(step.sensor).toBe(-1);
    expect(step.cue).toBeNull();
  });

  it("resultOf a running session closes the running hold as partial", () => {
    let s = reduceSession(newSession(routine({ getReadySeconds: 0 }), "r"), { type: "start" }, 0).state;
    s = reduceSession(s, { type: "pause" }, 9_000).state;
    const r = resultOf(s, 100_000);
    expect(r.completed).toBe(false);
    expect(r.holds[0]).toMatchObject({ achievedMs: 9_000, endedEarly: true });
    expect(s.holds[0].achievedMs).toBe(0); // the state itself is untouched
  });

  it("a result shares the closed holds, and they stay as they were while the session goes on", () => {
    let s = reduceSession(newSession(routine({ getReadySeconds: 0, restSeconds: 0 }), "r"), { type: "start" }, 0).state;
    s = reduceSession(s, { type: "bounce" }, 4_000).state;
    s = reduceSession(s, { type: "tick" }, 31_000).state; // hold 1 closed, hold 2 running
    const r = resultOf(s, 35_000);
    const snapshot = JSON.parse(JSON.stringify(r)) as unknown;
    expect(r.holds[0]).toBe(s.holds[0]); // shared, not copied
    expect(r.holds[1]).not.toBe(s.holds[1]); // the running hold is closed on a copy
    for (const [event, at] of [
      [{ type: "bounce" }, 36_000],
      [{ type: "steadiness", score: 40, bouncingMs: 2_000 }, 37_000],
      [{ type: "end-hold-early" }, 38_000],
      [{ type: "abort" }, 70_000],
    ] as Array<[SessionEvent, number]>)
      s = reduceSession(s, event, at).state;
    expect(r).toEqual(snapshot);
  });

  it("describes each screen for the watch", () => {
    let s = reduceSession(newSession(routine(), "d"), { type: "start" }, 0).state;
    expect(describeScreen(s, 2_500)).toEqual({
      title: "Get ready",
      instruction: "Lie on your back, towel behind the left thigh, lift the leg to vertical",
      countdown: "8",
      rep: "Left · 1/3",
    });
    s = reduceSession(s, { type: "tick" }, 10_000).state;
    expect(describeScreen(s, 10_001)).toMatchObject({ title: "Hold", countdown: "30" });
    s = reduceSession(s, { type: "pause" }, 11_000).state;
    expect(describeScreen(s, 50_000)).toMatchObject({ instruction: "Paused — tap to resume", countdown: "29" });
  });

  it("abandoned before its first hold, a session ends with no result: an attempt, not a session", () => {
    const s = reduceSession(newSession(routine(), "attempt"), { type: "start" }, 0).state;
    const step = reduceSession(s, { type: "abort" }, 4_000);
    expect(step.state.phase).toBe("done");
    expect(step.state.completed).toBe(false);
    expect(step.result).toBeNull();
    expect(step.persist).toBe(true);
  });

  it("closes a saved session: a finished one keeps its own end, an attempt has no result, an overdue get-ready has its hold", () => {
    const r = routine({ getReadySeconds: 10 });
    const started = reduceSession(newSession(r, "closed"), { type: "start" }, 0).state;
    expect(closedResult(newSession(r, "idle"), 5_000)).toBeNull();
    expect(closedResult(started, 5_000)).toBeNull(); // in get-ready: an attempt
    const overdue = closedResult(started, 18_000); // no tick since the start: the hold began at 10 s
    expect(overdue?.holds.map((h) => h.achievedMs)).toEqual([8_000]);
    expect(overdue?.completed).toBe(false);
    const done = runToEnd(newSession(r, "done"), 0).final;
    expect(closedResult(done, done.endedAt + 60_000)?.endedAt).toBe(done.endedAt);
  });

  it("does not change the state it was given", () => {
    const s0 = reduceSession(newSession(routine({ getReadySeconds: 0 }), "i"), { type: "start" }, 0).state;
    const snapshot = JSON.stringify(s0);
    reduceSession(s0, { type: "bounce" }, 3_000);
    reduceSession(s0, { type: "abort" }, 4_000);
    expect(JSON.stringify(s0)).toBe(snapshot);
  });
});

const eventArb: fc.Arbitrary<SessionEvent> = fc.oneof(
  fc.constant<SessionEvent>({ type: "tick" }),
  fc.constant<SessionEvent>({ type: "tick" }),
  fc.constant<SessionEvent>({ type: "pause" }),
  fc.constant<SessionEvent>({ type: "resume" }),
  fc.constant<SessionEvent>({ type: "skip" }),
  fc.constant<SessionEvent>({ type: "end-hold-early" }),
  fc.constant<SessionEvent>({ type: "abort" }),
  fc.constant<SessionEvent>({ type: "bounce" }),
  fc.double({ min: -50, max: 150, noNaN: false }).map<SessionEvent>((score) => ({ type: "steadiness", score })),
);

describe("session engine: properties over random event sequences", () => {
  it("never reaches an impossible state, never over-holds, and reports every started hold", () => {
    fc.assert(
      fc.property(
        routineArb,
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40_000 }), eventArb), { maxLength: 60 }),
        (r, events) => {
          let now = 1_700_000_000_000;
          let step = reduceSession(newSession(r, "prop"), { type: "start" }, now);
          let sensorOn = step.sensor > 0;
          const sentResults: string[] = [];
          let prevHolds = step.state.holds.length;
          for (const [dt, event] of events) {
            now += dt;
            step = reduceSession(step.state, event, now);
            const s = step.state;
            if (step.sensor !== 0) sensorOn = step.sensor > 0;
            if (step.result !== null) sentResults.push(JSON.stringify(step.result));
            expect(["get-ready", "hold", "rest", "switch", "done"]).toContain(s.phase);
            expect(s.rep).toBeGreaterThanOrEqual(1);
            expect(s.rep).toBeLessThanOrEqual(r.repsPerLeg);
            expect(s.holds.length).toBeLessThanOrEqual(r.repsPerLeg * 2);
            expect(s.holds.length).toBeGreaterThanOrEqual(prevHolds); // holds are never dropped
            prevHolds = s.holds.length;
            for (const h of s.holds) {
              expect(h.achievedMs).toBeLessThanOrEqual(r.holdSeconds * 1000);
              expect(h.achievedMs).toBeGreaterThanOrEqual(0);
              expect(h.steadiness === -1 || (h.steadiness >= 0 && h.steadiness <= 100)).toBe(true);
              for (const b of h.bounceAtMs) expect(b).toBeLessThanOrEqual(r.holdSeconds * 1000);
            }
            // The sensor runs exactly while a hold runs.
            expect(sensorOn).toBe(s.phase === "hold" && s.pausedAt < 0);
            if (step.nextTickAt >= 0) expect(step.nextTickAt).toBeGreaterThan(now);
            if (s.phase === "done") expect(step.nextTickAt).toBe(-1);
          }
          // Finish whatever is left and check the result covers every started hold.
          const final = reduceSession(step.state, { type: "abort" }, now + 1);
          if (final.result !== null) sentResults.push(JSON.stringify(final.result));
          // Exactly one result per session; none for one abandoned before its first hold.
          expect(sentResults.length).toBe(final.state.holds.length > 0 ? 1 : 0);
          if (sentResults.length === 0) return;
          const result = JSON.parse(sentResults[0]);
          expect(result.holds.length).toBe(final.state.holds.length);
          expect(result.id).toBe("prop");
        },
      ),
      { numRuns: 400 },
    );
  });

  it("with ticks at most one tick late, a hold never runs past its target by more than that tick", () => {
    fc.assert(
      fc.property(routineArb, fc.integer({ min: 0, max: 999 }), (r, lateBy) => {
        const { steps, final } = runToEnd(newSession(r, "t"), 0, lateBy);
        expect(final.phase).toBe("done");
        expect(final.completed).toBe(true);
        for (const h of final.holds) expect(h.achievedMs).toBe(r.holdSeconds * 1000);
        // Every hold-complete cue comes at most `lateBy` after the end of the hold that completed.
        let holdEndsAt = -1;
        for (const { at, step } of steps) {
          if (step.cue === "hold-complete") {
            expect(at).toBeGreaterThanOrEqual(holdEndsAt);
            expect(at - holdEndsAt).toBeLessThanOrEqual(lateBy);
          }
          if (step.state.phase === "hold") holdEndsAt = step.state.phaseEndsAt;
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("a step's actions: what a watch shell does with it", () => {
  it("a hold that begins and is paused in the same step (a late tick) still says the hold began", () => {
    const s = reduceSession(newSession(routine({ getReadySeconds: 10 }), "id"), { type: "start" }, 0).state;
    const late = reduceSession(s, { type: "pause" }, 11_000);
    // The shells restart the detector on holdBegan even though the sensor goes off at once.
    expect(late).toMatchObject({ holdBegan: true, sensor: -1, cue: "hold-start", persist: true });
  });

  it("gives each step of a session its cue, phase, sensor, persist and result", () => {
    let s = newSession(routine({ getReadySeconds: 0, restSeconds: 0, repsPerLeg: 1, switchSeconds: 0 }), "id");
    const start = reduceSession(s, { type: "start" }, 0);
    expect(start).toMatchObject({
      cue: "hold-start",
      phaseBegan: true,
      holdBegan: true,
      sensor: 1,
      persist: true,
      result: null,
    });
    s = start.state;
    const bounce = reduceSession(s, { type: "bounce" }, 5_000);
    expect(bounce).toMatchObject({ cue: "bounce", phaseBegan: false, sensor: 0, persist: true });
    // Back to back: the first hold ends and the other leg's hold begins with the sensor left on.
    const next = reduceSession(bounce.state, { type: "tick" }, 30_000);
    expect(next).toMatchObject({ phaseBegan: true, holdBegan: true, sensor: 0, result: null });
    const done = reduceSession(next.state, { type: "tick" }, 60_000);
    expect(done).toMatchObject({ cue: "session-done", holdBegan: false, sensor: -1 });
    expect(done.result?.holds).toHaveLength(2);
    expect(reduceSession(done.state, { type: "tick" }, 61_000)).toMatchObject({
      cue: null,
      phaseBegan: false,
      holdBegan: false,
      sensor: 0,
      persist: false,
      result: null,
    });
  });
});
