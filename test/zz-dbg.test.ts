import { it } from "vitest";
import path from "node:path";
import { loadBundle } from "../sim/bundle";
import { Simulation } from "../sim/simulation";
it("dbg", async () => {
  const sim = new Simulation({ bundle: loadBundle(path.resolve(__dirname, "../build/app.fba"), "atlas"), jitterMs: 15, seed: 3 });
  sim.launchWatch();
  await sim.advance(2000);
  await sim.act(() => sim.tap("start-button"));
  await sim.advance(15000);
  for (const l of sim.logs) console.log("LOG", JSON.stringify(l));
  for (const e of sim.events) if (e.type !== "vibrate") console.log(JSON.stringify(e).slice(0, 300));
});
