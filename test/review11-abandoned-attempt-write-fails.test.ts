// Review 11: a session abandoned before its first hold keeps no result, so app/session-runner.ts
// apply takes its "persist" branch and OVERWRITES "session.cbor" with the ended (done) state instead
// of removing the file (43515e9: the result was stored, then settle removed the file). When that
// one write fails ("every file write can tear or fail"; storage full), the file still holds the
// session as saved while it ran (in get-ready), and the next launch offers to resume a session the
// user chose to end.
import fs from "node:fs";
import path from "node:path";
import { startAwayFromPhone, userAct } from "./support/watch-sim";
import { describe, expect, it } from "vitest";
import { loadBundle } from "../sim/bundle";
import { Simulation } from "../sim/simulation";

const FBA = path.resolve(__dirname, "..", "build", "app.fba");

describe("review 11 — an attempt ended in get-ready when the session file cannot be written", () => {
  it("is not offered for resuming at the next launch", async () => {
    if (!fs.existsSync(FBA)) throw new Error(`${FBA} is missing: run "npm run build" (npm test does it first)`);
    const sim = new Simulation({ bundle: loadBundle(FBA, "atlas"), jitterMs: 40, seed: 7 });
    await startAwayFromPhone(sim); // saved in get-ready at its start
    await sim.advance(4000);
    await userAct(sim, () => sim.pressKey("back"));
    await sim.act(() => sim.failWatchWrites(/^session\.cbor/, 1)); // the next write of the session file fails
    await userAct(sim, () => sim.tap("abandon-yes"));
    expect(sim.element("done").isVisible()).toBe(true);
    await userAct(sim, () => sim.tap("done-button"));
    await sim.act(() => sim.killWatch());
    await sim.advance(60000);
    await sim.act(() => sim.launchWatch());
    expect(sim.element("resume-dialog").isVisible()).toBe(false);
  });
});
