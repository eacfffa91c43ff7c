// Review 10: Versa 2 (`mira`) has ONE physical button, on the left (back), like Versa Lite; only
// Versa (`meson`) and Ionic (`higgs`) have the two right-hand buttons. legacy/app/index.ts hides the
// "pause ›" / "end ›" labels only when the model name contains "Lite", so a Versa 2 user sees labels
// pointing at buttons their watch does not have (docs/watches.md "Controls on each watch" says the
// same wrong thing). The labels must show on Versa and Ionic and nowhere else. (Versa 2 dropped the
// Versa's two right-hand buttons: e.g. androidcentral.com, "Here's our first look at the upcoming
// Fitbit Versa 2", 2019-08-01: "Versa 2 will only have a single physical button".)
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBundle, packagePath } from "../sim/bundle";
import { Simulation } from "../sim/simulation";

const ROOT = path.resolve(__dirname, "..");

async function inFirstHold(target: string): Promise<Simulation> {
  const fba = packagePath(ROOT, target);
  if (!fs.existsSync(fba)) throw new Error(`${fba} is missing: run "npm run build"`);
  const sim = new Simulation({ bundle: loadBundle(fba, target), jitterMs: 40, seed: 11 });
  await sim.act(() => sim.launchWatch());
  await sim.advance(1000);
  await sim.act(() => sim.tap("start-button"));
  await sim.runUntil(1000 + 10000 + 5000); // 5 s into the first hold
  expect(sim.currentPhase()).toMatchObject({ phase: "hold", rep: 1 });
  return sim;
}

describe("right-hand button labels on the older watches", () => {
  it("are not shown on Versa 2, whose only button is the left one", async () => {
    const sim = await inFirstHold("mira");
    expect(sim.element("key-up-hint").isVisible()).toBe(false);
    expect(sim.element("key-down-hint").isVisible()).toBe(false);
  });

  it("are shown on Versa and Ionic, which have the up and down buttons", async () => {
    for (const target of ["meson", "higgs"]) {
      const sim = await inFirstHold(target);
      expect(sim.element("key-up-hint").isVisible()).toBe(true);
      expect(sim.element("key-down-hint").isVisible()).toBe(true);
    }
  });
});
