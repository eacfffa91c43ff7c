// What the user sees: the home screen says "Synced 07:31" (the phone acknowledged this morning's
// session at 07:31). After updating to the version that handles acks left in the app's folder
// (3df03c0), the next launch says "Synced 05:12": the time of an ack that the earlier version left
// in the folder two days ago (a power cut between its steps; that version never looked at the
// folder's acks again, so the file stayed "for good", as the commit says). The sync time went back.
// What it should see: "Synced 07:31". The stale ack is handled and deleted, which is right, but an
// ack found in the folder says when it arrived, not that the phone was heard now: it must never
// move the sync time back. Why it matters: "Synced" is how the user tells whether the watch and the
// phone talk; a time from days ago (shown as a time of day only) reads as today's and is a lie, and
// sync.cbor keeps it until the next ack or routine. The same happens at every home start while an
// ack's deletion keeps failing (a storage error): each start takes the sync time back to it.
// Likely fix: app/results.ts heardFromPhone (or app/inbox.ts for the acks from `folder`) keeps the
// later of the stored sync time and the ack's arrival (still replacing a stored time that lies in
// the future of the watch's clock, after the clock went back).
import { describe, expect, it } from "vitest";
import { encodeAckMessage } from "../common/protocol";
import { makeSessionId } from "../common/result";
import { Simulation } from "../sim/simulation";
import { decodeCbor, encodeCbor } from "../sim/cbor";
import { putFile } from "../sim/watch-fs";
import { robustnessBundle } from "./support/robustness-run";
import { SESSION_MS, SHORT_ROUTINE_SETTINGS } from "./support/schedules";
import { pendingResults, userTap } from "./support/watch-sim";

const bundle = robustnessBundle();
const MINUTE = 60000;
const DAY = 24 * 60 * MINUTE;

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const ackFiles = (sim: Simulation) => [...sim.watchState.files.keys()].filter((n) => /^ack-/.test(n));
const storedSyncAt = (sim: Simulation) =>
  (decodeCbor(sim.watchState.files.get("sync.cbor") as Uint8Array) as { lastSyncAt: number }).lastSyncAt;

describe("an ack an earlier version left in the app's folder days ago", () => {
  it("is deleted at the next launch without taking 'Synced' back to its time", async () => {
    const sim = new Simulation({ bundle, seed: 3501, phoneSettings: SHORT_ROUTINE_SETTINGS });
    sim.setTimeZone("watch", 0);
    sim.setTimeZone("phone", 0);
    await sim.act(() => sim.launchWatch());
    await sim.advance(MINUTE);
    await userTap(sim, "start-button");
    await sim.advance(SESSION_MS + 500);
    await userTap(sim, "done-button");
    await sim.advance(30000);
    expect(pendingResults(sim)).toEqual([]); // the phone has this morning's session
    const syncedAt = storedSyncAt(sim);
    expect(sim.element("sync-text").text).toBe("Synced " + hhmm(syncedAt));
    expect(hhmm(syncedAt)).toBe("07:31");
    await sim.act(() => sim.killWatch());

    // Two days ago at 05:12 the earlier version handled this ack (its result went, and the sync
    // time then) and lost the power before deleting it: the file kept its arrival time.
    const arrivedAt = syncedAt - 2 * DAY - (2 * 60 + 19) * MINUTE;
    expect(hhmm(arrivedAt)).toBe("05:12");
    const staleId = makeSessionId(arrivedAt - 5 * MINUTE, 0.5);
    putFile(sim.watchState.files, "ack-" + staleId + ".cbor", encodeCbor(encodeAckMessage(staleId)), arrivedAt);

    // The app is opened again later, away from the phone: nothing new arrives.
    await sim.advance(14 * MINUTE);
    sim.setPhoneInReach(false);
    await sim.act(() => sim.launchWatch());
    await sim.advance(1000);
    expect(ackFiles(sim)).toEqual([]); // handled and deleted: right
    expect(sim.element("sync-text").text).toBe("Synced 07:31");
    expect(storedSyncAt(sim)).toBe(syncedAt);
  });
});
