// The bounce detector in the BUILT watch app (build/app.fba, made by `npm run build`, which `npm test`
// runs first), fed modelled holds through the simulator: every hold is its own, sustained bouncing
// stays flagged, and each hold's bouncing time reaches the phone.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { encodeRoutineMessage, ROUTINE_FILE } from "../common/protocol";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { GeneratedHold, HoldOptions, generateHold } from "../model/holds";
import type { Trace } from "../model/trace-csv";
import { loadBundle } from "../sim/bundle";
import { encodeCbor } from "../sim/cbor";
import { Simulation, TimelineEvent } from "../sim/simulation";

const FBA = path.resolve(__dirname, "..", "build", "app.fba");

function trace(hold: GeneratedHold): Trace {
  return { name: hold.name, t: hold.t, x: hold.x, y: hold.y, z: hold.z };
}

/** A simulation whose watch and phone both hold `routine` already, every hold moving as `traces` say. */
function simulate(routine: Routine, traces: Record<string, Trace>): Simulation {
  if (!fs.existsSync(FBA)) throw new Error(`${FBA} is missing: run "npm run build" (npm test does it first)`);
  const settings: Record<string, unknown> = {};
  for (const key of ["repsPerLeg", "holdSeconds", "restSeconds", "switchSeconds", "getReadySeconds"] as const)
    settings[key] = routine[key];
  const sim = new Simulation({ bundle: loadBundle(FBA, "atlas"), traces, phoneSettings: settings, seed: 5 });
  sim.watchState.files.set(ROUTINE_FILE, encodeCbor(encodeRoutineMessage(routine, 1)));
  return sim;
}

async function runSession(sim: Simulation, ms: number): Promise<void> {
  sim.launchWatch();
  await sim.advance(1000);
  await sim.act(() => sim.tap("start-button"));
  await sim.advance(ms);
}

const of = (events: TimelineEvent[], type: string) => events.filter((e) => e.type === type);

type Line = { recent: Array<{ bounceTotal: number; bounces: Array<[string, number, number, number, number]> }> };

/** A hold that bounces from its first seconds to its end: clear tugs at 1.5 Hz. */
function bouncingThroughout(seed: number, durationMs: number, options: Partial<HoldOptions> = {}): GeneratedHold {
  return generateHold(seed, {
    kind: "bounce-all",
    fsHz: 25,
    durationMs,
    bounceHz: 1.5,
    shape: "smooth",
    tugMetres: 0.03,
    tugDegrees: 1,
    ...options,
  });
}

describe("bounce warnings in the built watch app", () => {
  it("back to back (no rest, no break between legs): a routine bouncing in every hold warns in every hold", async () => {
    const routine: Routine = {
      ...DEFAULT_ROUTINE,
      repsPerLeg: 3,
      holdSeconds: 20,
      restSeconds: 0,
      switchSeconds: 0,
      getReadySeconds: 5,
    };
    const traces: Record<string, Trace> = {};
    const modelled: Record<string, GeneratedHold> = {};
    let seed = 40;
    for (const leg of ["left", "right"]) {
      for (let rep = 1; rep <= 3; rep++) {
        modelled[`${leg}-${rep}`] = bouncingThroughout(seed++, 20000);
        traces[`${leg}-${rep}`] = trace(modelled[`${leg}-${rep}`]);
      }
    }
    const sim = simulate(routine, traces);
    await runSession(sim, 6 * 20000 + 10000);
    const holds = of(sim.events, "phase").filter((e) => e.phase === "hold");
    expect(holds).toHaveLength(6);
    const bounces = of(sim.events, "bounce");
    for (const hold of holds) {
      const inHold = bounces.filter((b) => b.leg === hold.leg && b.rep === hold.rep);
      expect(inHold.length, `${hold.leg} ${hold.rep}`).toBeGreaterThanOrEqual(3);
    }
    expect(of(sim.events, "phase").at(-1)).toMatchObject({ phase: "done" });
    // Every hold's bouncing time reaches the phone, and the page shows it.
    await sim.advance(10000);
    const line = (sim.phone().history as Line).recent[0];
    expect(line.bounces).toHaveLength(6);
    for (const b of line.bounces) {
      // Each hold's own bout, plus the swings that ring on for up to 2–3 s after the last tug (a
      // detector carried over from the last hold would add that hold's time too: the whole 20 s).
      const bout = modelled[`${b[0]}-${b[1]}`].bouts[0];
      expect(b[3], b.join(" ")).toBeGreaterThanOrEqual(12);
      expect(b[3], b.join(" ")).toBeLessThanOrEqual(Math.round((bout.endMs - bout.startMs) / 1000) + 3);
      expect(b[3], b.join(" ")).toBeLessThan(b[4]);
    }
    expect(sim.phone().page.join("\n")).toMatch(/Left rep 2: bounced \d+ s of 20/);
  });

  it("the settling of each hold's first seconds (the leg sways to rest, the hands adjust the grip) does not warn", async () => {
    for (const restSeconds of [0, 10]) {
      const routine: Routine = {
        ...DEFAULT_ROUTINE,
        repsPerLeg: 3,
        holdSeconds: 20,
        restSeconds,
        switchSeconds: 0,
        getReadySeconds: 5,
      };
      const traces: Record<string, Trace> = {};
      let seed = 700;
      for (const leg of ["left", "right"]) {
        for (let rep = 1; rep <= 3; rep++) {
          const hold = generateHold(seed++, {
            kind: "steady",
            envelope: "wide",
            settling: true,
            fsHz: 25,
            durationMs: 20000,
          });
          expect(hold.description).toContain("settling");
          traces[`${leg}-${rep}`] = trace(hold);
        }
      }
      const sim = simulate(routine, traces);
      await runSession(sim, 6 * (20000 + restSeconds * 1000) + 10000);
      expect(of(sim.events, "phase").filter((e) => e.phase === "hold")).toHaveLength(6);
      expect(of(sim.events, "bounce"), `rest ${restSeconds} s`).toEqual([]);
    }
  });

  it("a hold bouncing throughout warns at least 4 times in 30 s, never more than 6 s apart while it bounces", async () => {
    const routine: Routine = {
      ...DEFAULT_ROUTINE,
      repsPerLeg: 1,
      holdSeconds: 30,
      restSeconds: 0,
      switchSeconds: 0,
      getReadySeconds: 3,
    };
    for (const [seed, bounceHz] of [
      [60, 0.8],
      [61, 1.5],
      [62, 2.5],
    ]) {
      const hold = bouncingThroughout(seed, 30000, { bounceHz });
      const sim = simulate(routine, { "left-1": trace(hold), "right-1": trace(hold) });
      await runSession(sim, 70000);
      const start = of(sim.events, "phase").find((e) => e.phase === "hold" && e.leg === "left")!;
      const warnings = of(sim.events, "bounce")
        .filter((b) => b.leg === "left")
        .map((b) => b.t_ms - start.t_ms);
      expect(warnings.length, `${bounceHz} Hz: ${warnings.join(",")}`).toBeGreaterThanOrEqual(4);
      // From the bout's start to the end of the hold, no gap longer than 6 s.
      const edges = [hold.bouts[0].startMs, ...warnings, Math.min(30000, hold.bouts[0].endMs)];
      for (let i = 1; i < edges.length; i++)
        expect(edges[i] - edges[i - 1], `${bounceHz} Hz: ${warnings.join(",")}`).toBeLessThanOrEqual(6000);
    }
  });
});
