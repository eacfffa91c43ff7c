// Every text the watch app shows fits its element. On Fitbit OS an element's `text-length` is the size
// of its text buffer: a longer text is cut, silently (review 10 found the sync line cut that way). The
// simulator cuts it too and records a "text-cut" event (sim/watch-document.ts), so this plays whole
// sessions through each package's own views — every aid and both first legs on the three screen
// layouts, then the longest routine with a pause in every hold — and expects no cut anywhere.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { encodeRoutineMessage } from "../common/protocol";
import { DEFAULT_ROUTINE } from "../common/routine";
import { Aid, Leg, Routine } from "../common/routine-shape";
import { encodeCbor } from "../sim/cbor";
import { loadBundle, packagePath } from "../sim/bundle";
import { Simulation } from "../sim/simulation";
import { ofType } from "./support/events";
import { userTap } from "./support/watch-sim";

const ROOT = path.resolve(__dirname, "..");
// Versa 3 / Sense (336×336), Versa 2 and the other 300×300 watches, Ionic (348×250).
const TARGETS = ["atlas", "mira", "higgs"];

function simulationFor(target: string, routine: Routine): Simulation {
  const fba = packagePath(ROOT, target);
  if (!fs.existsSync(fba)) throw new Error(`${fba} is missing: run "npm run build" (npm test does it first)`);
  const sim = new Simulation({ bundle: loadBundle(fba, target), jitterMs: 40, seed: 11 });
  sim.watchState.files.set("routine.cbor", encodeCbor(encodeRoutineMessage(routine, 1)));
  return sim;
}

/** Launches away from the phone, plays one session to its done screen (pausing `pauseMs` into every hold), back home. */
async function playSession(sim: Simulation, pauseMs: number): Promise<void> {
  await sim.act(() => {
    sim.setPhoneInReach(false);
    sim.launchWatch();
  });
  await sim.advance(1000);
  await userTap(sim, "start-button");
  let holdsPaused = 0;
  for (let step = 0; step < 4000 && sim.element("phase-title").text !== "Done"; step++) {
    const holds = ofType(sim.events, "phase").filter((e) => e.phase === "hold").length;
    if (pauseMs > 0 && holds > holdsPaused) {
      holdsPaused = holds;
      await sim.advance(pauseMs);
      await userTap(sim, "session-tap"); // pause: "Paused — tap to resume"
      await sim.advance(2000);
      await userTap(sim, "session-tap");
    }
    await sim.advance(1000);
  }
  expect(sim.element("phase-title").text).toBe("Done");
  expect(sim.element("done-summary").isVisible()).toBe(true);
  await userTap(sim, "done-button");
  await sim.advance(1000);
  expect(sim.element("routine-summary").isVisible()).toBe(true);
}

const cuts = (sim: Simulation) => ofType(sim.events, "text-cut").map((e) => `#${String(e.id)}: "${String(e.text)}"`);

describe("the watch's texts fit their elements (text-length)", () => {
  it("the simulator cuts a text longer than its element's text-length, as the watch does, and says so", async () => {
    const sim = simulationFor("atlas", DEFAULT_ROUTINE);
    await sim.act(() => sim.launchWatch());
    const countdown = sim.element("countdown");
    expect(countdown.textLength).toBe(4);
    countdown.text = "12345";
    expect(countdown.text).toBe("1234");
    expect(cuts(sim)).toEqual(['#countdown: "12345"']);
    countdown.text = "⚠ 9"; // characters, not bytes
    expect(countdown.text).toBe("⚠ 9");
    expect(cuts(sim)).toHaveLength(1);
  });

  for (const target of TARGETS)
    for (const aid of ["towel", "band", "none", "seated"] as Aid[])
      for (const firstLeg of ["left", "right"] as Leg[])
        it(`${target}: a session with ${aid === "none" ? "no aid" : aid}, ${firstLeg} leg first`, async () => {
          const routine: Routine = { ...DEFAULT_ROUTINE, aid, firstLeg, repsPerLeg: 2, holdSeconds: 10 };
          const sim = simulationFor(target, routine);
          await playSession(sim, 4000);
          expect(cuts(sim)).toEqual([]);
        });

  for (const target of TARGETS)
    it(`${target}: the longest routine (5 × 60 s a leg, 2-minute switch, goal 3), paused in every hold`, async () => {
      const routine: Routine = {
        ...DEFAULT_ROUTINE,
        firstLeg: "right",
        repsPerLeg: 5,
        holdSeconds: 60,
        restSeconds: 60,
        switchSeconds: 120,
        getReadySeconds: 30,
        lastSecondsCue: 5,
        aid: "towel",
        sensitivity: "high",
        dailyGoal: 3,
      };
      const sim = simulationFor(target, routine);
      await playSession(sim, 20000);
      expect(ofType(sim.events, "phase").filter((e) => e.phase === "hold")).toHaveLength(10);
      expect(cuts(sim)).toEqual([]);
    });
});
