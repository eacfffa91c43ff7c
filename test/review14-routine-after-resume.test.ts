// Review 14 (the watch app in two parts): review 13's fix hands the routine in use through the
// session part only when a session starts from the Start button. Both answers to the resume question
// leave for the session part without it (app/home.ts answerResume: `{ resume: true }` or
// `{ close: [...] }`), and the session part's way back after `close` drops it too, so home re-reads
// "routine.cbor" with loadRoutine(false) when it loads again. If that file could not be kept (storage
// full while a damaged routine transfer arrived: set aside, the write-back failed) home falls back
// to the built-in 3 × 30 s default. Back from the resumed session it also skips confirmRoutine, so
// the phone is not told and does not send the routine again until the app is reopened.
//
// What the user suffers: after answering the resume question (Yes or No), the home screen shows the
// default routine and the next session runs 3 holds of 30 s a leg after a 10 s get-ready instead of
// the routine set on the phone (here 1 × 5 s).
//
// Suggested fix: answerResume hands `routine: nextRoutine, revision: revision` over as the Start
// button does, and the session part hands `carried.routine`/`revision` back after `close` and after a
// damaged `resume` as it does after a session.
import { describe, expect, it } from "vitest";
import { Simulation } from "../sim/simulation";
import { robustnessBundle } from "./support/robustness-run";
import { SESSION_MS, newScheduleSimulation } from "./support/schedules";
import { damagedRoutineArrivesWithStorageFull, nextSessionStartsWithAHold } from "./support/storage-full";
import { userTap } from "./support/watch-sim";

const bundle = robustnessBundle();

/** A session killed in its second hold, the app opened again a minute later: the resume question shows. */
async function atResumeQuestion(): Promise<Simulation> {
  const { sim } = newScheduleSimulation({ bundle, seed: 14 }); // the watch runs the short routine
  await sim.act(() => sim.launchWatch());
  await sim.advance(3000);
  await userTap(sim, "start-button");
  await sim.advance(7000);
  await sim.act(() => sim.killWatch());
  await sim.advance(60000);
  await sim.act(() => sim.launchWatch());
  await sim.advance(1000);
  expect(sim.element("resume-dialog").isVisible()).toBe(true); // precondition
  await damagedRoutineArrivesWithStorageFull(sim);
  return sim;
}

describe("review 14 — the routine in use after the resume question", () => {
  it("stays the one the watch ran after Resume: Yes and the session's end", async () => {
    const sim = await atResumeQuestion();
    await userTap(sim, "resume-yes");
    await sim.advance(SESSION_MS);
    await userTap(sim, "done-button");
    await nextSessionStartsWithAHold(sim);
  });

  it("stays the one the watch ran after Resume: No", async () => {
    const sim = await atResumeQuestion();
    await userTap(sim, "resume-no");
    await sim.advance(1000);
    if (sim.element("done-button").isVisible()) await userTap(sim, "done-button");
    await nextSessionStartsWithAHold(sim);
  });
});
