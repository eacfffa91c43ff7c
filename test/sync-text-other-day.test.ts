// "Synced 09:12" on the watch's home screen read as today's sync even when it was days ago: a user
// whose phone has been out of reach since then took it that the phone had this morning's sessions.
// A sync on an earlier day now shows its date instead ("Synced 28 Nov"); today's shows its time.
import { describe, expect, it } from "vitest";
import { Simulation } from "../sim/simulation";
import { robustnessBundle } from "./support/robustness-run";
import { SESSION_MS, SHORT_ROUTINE_SETTINGS } from "./support/schedules";
import { pendingResults, userTap } from "./support/watch-sim";

const bundle = robustnessBundle();
const MINUTE = 60000;

describe("the home screen's sync line", () => {
  it("shows the time of a sync today, and the date of a sync on an earlier day", async () => {
    const sim = new Simulation({ bundle, seed: 3522, phoneSettings: SHORT_ROUTINE_SETTINGS });
    sim.setTimeZone("watch", 0);
    sim.setTimeZone("phone", 0);
    await sim.act(() => sim.launchWatch());
    await sim.advance(MINUTE);
    await userTap(sim, "start-button");
    await sim.advance(SESSION_MS + 500);
    await userTap(sim, "done-button");
    await sim.advance(30000);
    expect(pendingResults(sim)).toEqual([]);
    const syncedAt = sim.watchClock.now();
    expect(sim.element("sync-text").text).toMatch(/^Synced \d\d:\d\d$/);
    await sim.act(() => sim.killWatch());

    sim.jumpClock("watch", 2 * 24 * 60 * MINUTE); // two days later, the phone not heard from since
    await sim.act(() => sim.launchWatch());
    await sim.advance(1000);
    const day = new Date(syncedAt);
    expect(sim.element("sync-text").text).toBe("Synced " + day.getUTCDate() + " " + day.toUTCString().slice(8, 11));
  });
});
