// End-to-end tests of the legacy package (legacy/build/app.fba, SDK 4.3.2; `npm test` builds it):
// the simulator runs its built bundle with its .gui views. A whole session on Versa 2 (mira) reaches
// the phone; the right-hand buttons pause, resume and end a hold on the watches that have them;
// Versa Lite and Versa 2 (one button) hide their labels and ignore them; Ionic gets its own 348×250 layout.
import AdmZip from "adm-zip";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CUE_PATTERN } from "../common/session";
import { LEGACY_TARGETS, loadBundle, packagePath } from "../sim/bundle";
import { Simulation, TimelineEvent } from "../sim/simulation";

const ROOT = path.resolve(__dirname, "..");

function simulation(target: string): Simulation {
  const fba = packagePath(ROOT, target);
  if (!fs.existsSync(fba)) throw new Error(`${fba} is missing: run "npm run build" (npm test does it first)`);
  return new Simulation({ bundle: loadBundle(fba, target), jitterMs: 40, seed: 11 });
}

const of = (sim: Simulation, type: string): TimelineEvent[] => sim.events.filter((e) => e.type === type);
const phases = (sim: Simulation): TimelineEvent[] => of(sim, "phase");

async function startSession(target: string): Promise<Simulation> {
  const sim = simulation(target);
  await sim.act(() => sim.launchWatch());
  await sim.advance(1000);
  await sim.act(() => sim.tap("start-button"));
  return sim;
}

async function press(sim: Simulation, key: "up" | "down"): Promise<void> {
  await sim.act(() => {
    sim.wake();
    sim.pressKey(key);
  });
}

describe("legacy package (SDK 4.3.2) in the simulator", () => {
  it("is built for Versa 2, Versa, Versa Lite and Ionic, with .gui views", () => {
    const bundle = loadBundle(packagePath(ROOT, "mira"), "mira");
    expect([...bundle.targets].sort()).toEqual([...LEGACY_TARGETS].sort());
    expect(bundle.views.main).toBe("resources/index.gui");
    expect(bundle.companionCode).not.toBeNull();
  });

  it("asks for the largest heap on Versa 3 and Sense (SDK 6.1); SDK 4.3.2 has no such setting", () => {
    const manifest = (fba: string, target: string) => {
      const device = new AdmZip(new AdmZip(fba).getEntry(`device-${target}.zip`)!.getData());
      return JSON.parse(device.getEntry("manifest.json")!.getData().toString("utf8")) as { heapSize?: number };
    };
    expect(manifest(packagePath(ROOT, "atlas"), "atlas").heapSize).toBe(128);
    expect(manifest(packagePath(ROOT, "vulcan"), "vulcan").heapSize).toBe(128);
    expect(manifest(packagePath(ROOT, "mira"), "mira").heapSize).toBeUndefined();
  });

  it("plays a whole default session on Versa 2 and the phone stores the result", async () => {
    const sim = await startSession("mira");
    await sim.runUntil(270000); // get ready 10 s, 6 holds of 30 s, rests, 30 s between legs: done at 261 s
    expect(phases(sim).filter((e) => e.phase === "hold")).toHaveLength(6);
    expect(phases(sim).at(-1)).toMatchObject({ phase: "done" });
    expect(sim.element("done-summary").text).toMatch(/^Holds 6\/6 · 3:00 held/);
    expect(of(sim, "vibrate").filter((e) => e.pattern === CUE_PATTERN["session-done"])).toHaveLength(1);
    await sim.advance(10000);
    expect(of(sim, "sync").filter((e) => e.direction === "watch-to-phone" && e.ok).length).toBeGreaterThanOrEqual(1);
    expect([...sim.watchState.files.keys()].filter((name) => name.startsWith("pending-"))).toEqual([]);
    expect(of(sim, "error")).toEqual([]);
  });

  it("pauses, resumes and ends a hold with Versa's right-hand buttons, labelled on screen", async () => {
    const sim = await startSession("meson");
    await sim.runUntil(1000 + 10000 + 5000); // 5 s into the first hold
    expect(sim.element("key-up-hint").isVisible()).toBe(true);
    expect(sim.element("key-down-hint").isVisible()).toBe(true);
    await press(sim, "up");
    expect(sim.element("phase-instruction").text).toBe("Paused — tap to resume");
    await sim.advance(20000);
    expect(sim.currentPhase()).toMatchObject({ phase: "hold", rep: 1 });
    await press(sim, "up");
    expect(sim.element("phase-instruction").text).not.toBe("Paused — tap to resume");
    await sim.advance(3000);
    await press(sim, "down");
    expect(sim.currentPhase()).toMatchObject({ phase: "rest", rep: 2 });
    expect(of(sim, "error")).toEqual([]);
  });

  it("hides the button labels on Versa Lite and Versa 2, whose only button is back, and ignores up/down", async () => {
    for (const target of ["gemini", "mira"]) {
      const sim = await startSession(target);
      await sim.runUntil(1000 + 10000 + 5000);
      expect(sim.element("key-up-hint").isVisible(), target).toBe(false);
      expect(sim.element("key-down-hint").isVisible(), target).toBe(false);
      await press(sim, "up");
      await press(sim, "down");
      expect(sim.element("phase-instruction").text).not.toBe("Paused — tap to resume");
      expect(sim.currentPhase()).toMatchObject({ phase: "hold", rep: 1 });
      await sim.act(() => sim.tap("session-tap")); // touch still pauses
      expect(sim.element("phase-instruction").text).toBe("Paused — tap to resume");
    }
  });

  it("lays Ionic's screen out for 348×250", async () => {
    const sim = simulation("higgs");
    await sim.act(() => sim.launchWatch());
    const button = sim.element("start-button");
    expect(button.y + button.height).toBeLessThanOrEqual(250);
    expect(button.x + button.width).toBeLessThanOrEqual(348);
    const mira = simulation("mira");
    await mira.act(() => mira.launchWatch());
    expect(mira.element("start-button").y + mira.element("start-button").height).toBeLessThanOrEqual(300);
  });
});
