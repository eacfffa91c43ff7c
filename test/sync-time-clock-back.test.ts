// "Synced" never goes back to an earlier time (review 35: an ack left in the folder days ago must not
// take it back; test/review35-stale-ack-sync-back.test.ts), but a stored sync time that lies in the
// future of the watch's clock is no later sync: the clock went back since (the phone set it, the user
// changed the time zone), and the next ack must replace it, or "Synced" would stay frozen on a time
// that has not come yet until the clock caught up with it (app/results.ts heardFromPhone).
import { describe, expect, it } from "vitest";
import { Simulation } from "../sim/simulation";
import { decodeCbor } from "../sim/cbor";
import { robustnessBundle } from "./support/robustness-run";
import { SESSION_MS, SHORT_ROUTINE_SETTINGS } from "./support/schedules";
import { pendingResults, userTap } from "./support/watch-sim";

const bundle = robustnessBundle();
const MINUTE = 60000;

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const storedSyncAt = (sim: Simulation) =>
  (decodeCbor(sim.watchState.files.get("sync.cbor") as Uint8Array) as { lastSyncAt: number }).lastSyncAt;

/** One session from Start to its ack; the sync time it leaves. */
async function sessionAcked(sim: Simulation): Promise<number> {
  await userTap(sim, "start-button");
  await sim.advance(SESSION_MS + 500);
  await userTap(sim, "done-button");
  await sim.advance(30000);
  expect(pendingResults(sim)).toEqual([]);
  return storedSyncAt(sim);
}

describe("a sync time ahead of the watch's clock", () => {
  it("is replaced by the next ack after the clock went back", async () => {
    const sim = new Simulation({ bundle, seed: 3521, phoneSettings: SHORT_ROUTINE_SETTINGS });
    sim.setTimeZone("watch", 0);
    sim.setTimeZone("phone", 0);
    await sim.act(() => sim.launchWatch());
    await sim.advance(MINUTE);
    const first = await sessionAcked(sim);
    expect(sim.element("sync-text").text).toBe("Synced " + hhmm(first));
    await sim.act(() => sim.killWatch());

    sim.jumpClock("watch", -3 * 60 * MINUTE); // the clock goes back 3 h: the stored time is in its future
    await sim.act(() => sim.launchWatch());
    await sim.advance(1000);
    expect(storedSyncAt(sim)).toBeGreaterThan(sim.watchClock.now());
    const second = await sessionAcked(sim);
    expect(second).toBeLessThan(first);
    expect(second).toBeLessThanOrEqual(sim.watchClock.now());
    expect(first - second).toBeGreaterThan(2 * 60 * MINUTE);
    expect(sim.element("sync-text").text).toBe("Synced " + hhmm(second));
  });
});
