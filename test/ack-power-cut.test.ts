// An ack from the phone is handled in steps (app/inbox.ts, app/results.ts heardFromPhone): the
// inbox moves "ack-<id>.cbor" into the app's folder, the stored result goes, the sync time is
// written ("sync.cbor"), and the ack file goes. Before, a power cut between those steps left the
// ack file in the folder for good (the inbox never hands it out again) and, when it came before
// the sync time was written, "Synced" kept the earlier time although the phone had the session.
// Now every launch handles the acks left in the folder again (idempotent: the result may be gone
// already) and records the sync at the time the ack arrived (the file's modification time).
import { describe, expect, it } from "vitest";
import { Simulation } from "../sim/simulation";
import { decodeCbor } from "../sim/cbor";
import { robustnessBundle } from "./support/robustness-run";
import { SESSION_MS, SHORT_ROUTINE_SETTINGS } from "./support/schedules";
import { pendingResults, userTap } from "./support/watch-sim";

const bundle = robustnessBundle();
const MINUTE = 60000;

const ackFiles = (sim: Simulation) => [...sim.watchState.files.keys()].filter((n) => /^ack-/.test(n));
const errorsOf = (sim: Simulation) => sim.events.filter((e) => e.type === "error");

/**
 * The short routine reaches the watch at launch (07:30, a first "Synced"); a minute later one session,
 * whose ack reaches the watch at 07:31 with the power cut `cut` set just before it.
 */
async function ackCut(cut: (sim: Simulation) => void): Promise<{ sim: Simulation; id: string; ackAt: number }> {
  const sim = new Simulation({ bundle, seed: 41, phoneSettings: SHORT_ROUTINE_SETTINGS });
  sim.setTimeZone("watch", 0);
  sim.setTimeZone("phone", 0);
  await sim.act(() => sim.launchWatch());
  await sim.advance(MINUTE);
  expect(sim.element("sync-text").text).toBe("Synced 07:30"); // the routine
  await userTap(sim, "start-button");
  await sim.advance(SESSION_MS + 500);
  const [result] = pendingResults(sim);
  expect(result).toBeDefined();
  await sim.act(() => cut(sim));
  let ackAt = -1;
  for (let i = 0; i < 30 && ackAt < 0; i++) {
    await sim.advance(500);
    if (sim.events.some((e) => e.type === "power")) ackAt = sim.watchClock.now();
  }
  expect(ackAt).toBeGreaterThan(0); // precondition: the power went while the ack was handled
  expect(new Date(ackAt).toISOString().slice(11, 16)).toBe("07:31");
  return { sim, id: result.id, ackAt };
}

/** Opens the app again 14 minutes later (07:45). */
async function relaunchLater(sim: Simulation): Promise<void> {
  await sim.advance(14 * MINUTE);
  await sim.act(() => sim.launchWatch());
  await sim.advance(1000);
}

describe("a power cut while an ack is handled", () => {
  it("before the sync time is written: the next launch records it, at the ack's time, and removes the ack", async () => {
    const { sim, id } = await ackCut((s) => s.powerLossAtWrite(1, { file: /^sync\.cbor/, mode: "unwritten" }));
    expect(sim.watchState.files.has("pending-" + id + ".cbor")).toBe(false); // the result went first
    expect(ackFiles(sim)).toEqual(["ack-" + id + ".cbor"]);

    await relaunchLater(sim);
    expect(sim.element("sync-text").text).toBe("Synced 07:31");
    expect(ackFiles(sim)).toEqual([]);
    const sync = decodeCbor(sim.watchState.files.get("sync.cbor") as Uint8Array) as { lastSyncAt: number };
    expect(new Date(sync.lastSyncAt).toISOString().slice(11, 16)).toBe("07:31");
    expect(errorsOf(sim)).toEqual([]);
  });

  it("before the ack file is deleted: the next launch deletes it, Synced stays right", async () => {
    const { sim } = await ackCut((s) => s.powerLossAtWrite(1, { file: /^ack-/, mode: "unwritten" }));
    expect(pendingResults(sim)).toEqual([]);
    expect(ackFiles(sim)).toHaveLength(1);

    await relaunchLater(sim);
    expect(sim.element("sync-text").text).toBe("Synced 07:31");
    expect(ackFiles(sim)).toEqual([]);
    expect(errorsOf(sim)).toEqual([]);
  });

  it("before the result is deleted: the next launch deletes it instead of sending it again", async () => {
    const { sim, id } = await ackCut((s) => s.powerLossAtWrite(1, { file: /^pending-/, mode: "unwritten" }));
    expect(sim.watchState.files.has("pending-" + id + ".cbor")).toBe(true);
    expect(ackFiles(sim)).toHaveLength(1);

    await sim.advance(14 * MINUTE);
    sim.setPhoneInReach(false); // nothing new from the phone: only the file left behind can tell
    await sim.act(() => sim.launchWatch());
    await sim.advance(1000);
    expect(pendingResults(sim)).toEqual([]);
    expect(sim.element("sync-text").text).toBe("Synced 07:31");
    expect(ackFiles(sim)).toEqual([]);
    expect(errorsOf(sim)).toEqual([]);
  });
});
