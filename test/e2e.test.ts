// End-to-end: the real built bundles (build/app.fba, made by `npm run build`, which `npm test`
// runs first) in the simulator, driven like a user would.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CUE_PATTERN } from "../common/session";
import { DEFAULT_ROUTINE } from "../common/routine";
import { AppBundle, loadBundle } from "../sim/bundle";
import { loadScenario } from "../sim/scenario";
import { Simulation, SimulationOptions } from "../sim/simulation";
import { ofType } from "./support/events";

const FBA = path.resolve(__dirname, "..", "build", "app.fba");
const TRACES = loadScenario(path.resolve(__dirname, "..", "scenarios", "default.json")).traces;

function bundle(target = "atlas"): AppBundle {
  if (!fs.existsSync(FBA)) throw new Error(`${FBA} is missing: run "npm run build" (npm test does it first)`);
  return loadBundle(FBA, target);
}

function start(options: Partial<SimulationOptions> = {}): Simulation {
  return new Simulation({ bundle: bundle(), ...options });
}

const of = ofType;

describe.each(["atlas", "vulcan"])("end to end on %s", (target) => {
  it("starting from the wrist gives the hold-complete buzz exactly when the hold target is reached", async () => {
    const sim = new Simulation({ bundle: bundle(target), jitterMs: 15, seed: 3 });
    sim.launchWatch();
    await sim.advance(2000);
    await sim.act(() => sim.tap("start-button"));
    await sim.advance(60000);
    const phases = of(sim.events, "phase");
    expect(phases[0]).toMatchObject({ t_ms: 2000, phase: "get-ready", leg: "left", rep: 1 });
    const hold = phases.find((e) => e.phase === "hold")!;
    expect(hold).toMatchObject({ leg: "left", rep: 1 });
    expect(hold.t_ms).toBeGreaterThanOrEqual(2000 + DEFAULT_ROUTINE.getReadySeconds * 1000);
    expect(hold.t_ms).toBeLessThanOrEqual(2000 + DEFAULT_ROUTINE.getReadySeconds * 1000 + 50);
    const reached = hold.t_ms + DEFAULT_ROUTINE.holdSeconds * 1000;
    const complete = of(sim.events, "vibrate").filter((e) => e.pattern === CUE_PATTERN["hold-complete"]);
    expect(complete.length).toBeGreaterThanOrEqual(1);
    expect(complete[0].t_ms).toBeGreaterThanOrEqual(reached - 50);
    expect(complete[0].t_ms).toBeLessThanOrEqual(reached + 50);
    const rest = phases.find((e) => e.phase === "rest")!;
    expect(rest).toMatchObject({ leg: "left", rep: 2 });
    expect(Math.abs(rest.t_ms - reached)).toBeLessThanOrEqual(50);
    expect(of(sim.events, "error")).toEqual([]);
  });
});

describe("end to end", () => {
  it("a bouncing trace gives a warning on the watch, and the warning shows in the phone's history", async () => {
    const sim = start({ traces: TRACES });
    sim.launchWatch();
    await sim.act(() => sim.tap("start-button"));
    let warnedOnScreen = false;
    for (let t = 0; t < 300000; t += 500) {
      await sim.advance(500);
      if (sim.watch !== null && sim.currentPhase()?.phase === "hold")
        warnedOnScreen ||= sim.element("bounce-text").isVisible();
    }
    const bounces = of(sim.events, "bounce");
    expect(bounces.length).toBeGreaterThanOrEqual(1);
    expect(bounces.every((b) => b.leg === "left" && b.rep === 2)).toBe(true);
    expect(warnedOnScreen).toBe(true);
    // The trace bounces from 17.2 s to 23.6 s into the second hold; a warning within the bout (+2 s).
    const secondHold = of(sim.events, "phase").find((e) => e.phase === "hold" && e.rep === 2 && e.leg === "left")!;
    expect(bounces[0].t_ms - secondHold.t_ms).toBeGreaterThanOrEqual(17166);
    expect(bounces[0].t_ms - secondHold.t_ms).toBeLessThanOrEqual(23638 + 2000);
    expect(of(sim.events, "phase").at(-1)).toMatchObject({ phase: "done" });
    expect(
      of(sim.events, "sync").filter((e) => e.direction === "watch-to-phone" && /^result-/.test(String(e.file)) && e.ok),
    ).toHaveLength(1);
    const history = sim.phone().history as {
      recent: Array<{ bounceTotal: number; bounces: Array<[string, number, number, number, number]> }>;
    };
    expect(history.recent).toHaveLength(1);
    expect(history.recent[0].bounceTotal).toBe(bounces.length);
    // The bout lasts 6.5 s: the hold records a few seconds of bouncing out of 30 held.
    expect(history.recent[0].bounces).toEqual([["left", 2, bounces.length, expect.any(Number), 30]]);
    expect(history.recent[0].bounces[0][3]).toBeGreaterThanOrEqual(2);
    expect(history.recent[0].bounces[0][3]).toBeLessThanOrEqual(7);
    expect(sim.phone().page.join("\n")).toMatch(/bounce warning/);
  });

  it("a routine changed on the phone reaches the watch", async () => {
    const sim = start();
    sim.launchWatch();
    await sim.advance(5000);
    await sim.act(() => {
      sim.phoneSet("holdSeconds", 20);
      sim.phoneSet("firstLeg", "right");
    });
    await sim.advance(10000);
    const toWatch = of(sim.events, "sync").filter((e) => e.direction === "phone-to-watch" && e.ok);
    expect(toWatch.map((e) => e.file)).toContain("routine.cbor");
    // The screen went dark meanwhile: the user raises the wrist, then taps Start.
    await sim.act(() => {
      sim.wake();
      sim.tap("start-button");
    });
    await sim.advance(60000);
    const hold = of(sim.events, "phase").find((e) => e.phase === "hold")!;
    expect(hold).toMatchObject({ leg: "right", rep: 1 });
    const complete = of(sim.events, "vibrate").find((e) => e.pattern === CUE_PATTERN["hold-complete"])!;
    expect(complete.t_ms - hold.t_ms).toBe(20000);
  });

  it("results made while the phone is away are delivered when it comes back", async () => {
    const sim = start();
    sim.launchWatch();
    await sim.advance(1000);
    await sim.act(() => {
      sim.setPhoneInReach(false);
      sim.tap("start-button");
    });
    await sim.advance(300000);
    expect(of(sim.events, "phase").at(-1)).toMatchObject({ phase: "done" });
    expect(sim.phone().history === null || (sim.phone().history as { recent: unknown[] }).recent.length === 0).toBe(
      true,
    );
    await sim.act(() => sim.setPhoneInReach(true));
    await sim.advance(30000);
    expect((sim.phone().history as { recent: unknown[] }).recent).toHaveLength(1);
  });
});
