// Review 11: a session abandoned before its first hold keeps no result (common/session.ts endHold),
// but app/session-runner.ts apply arms the done screen's grace timer (which gives the app its
// timeout back) only when a step carries a result. Entering done sets me.appTimeoutEnabled = false
// (pausedAt < 0), so after "End" in get-ready the app sits on the done screen with the OS timeout
// off for good: it never closes by itself, where a partial or completed session closes after the
// 2-minute grace plus the normal timeout.
import fs from "node:fs";
import path from "node:path";
import { userAct } from "./support/watch-sim";
import { describe, expect, it } from "vitest";
import { loadBundle } from "../sim/bundle";
import { Simulation } from "../sim/simulation";
import { ofType } from "./support/events";

const FBA = path.resolve(__dirname, "..", "build", "app.fba");

function simulation(): Simulation {
  if (!fs.existsSync(FBA)) throw new Error(`${FBA} is missing: run "npm run build" (npm test does it first)`);
  return new Simulation({ bundle: loadBundle(FBA, "atlas"), jitterMs: 40, seed: 7 });
}

describe("review 11 — abandoned before the first hold", () => {
  it("the done screen of an attempt abandoned in get-ready lets the OS close the app, as any done screen does", async () => {
    const sim = simulation();
    await sim.act(() => sim.launchWatch());
    await sim.advance(1000);
    await userAct(sim, () => sim.tap("start-button"));
    await sim.advance(4000); // in get-ready (10 s)
    await userAct(sim, () => sim.pressKey("back"));
    await userAct(sim, () => sim.tap("abandon-yes"));
    expect(sim.element("done").isVisible()).toBe(true);
    // Nobody touches the watch: the grace (2 min) and the app timeout are long over after 10 minutes.
    await sim.advance(10 * 60 * 1000);
    const exits = ofType(sim.events, "app").filter((e) => e.state === "exit");
    expect(exits.map((e) => e.reason)).toEqual(["timeout"]);
  });
});
