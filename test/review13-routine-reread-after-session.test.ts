// Review 13 (the watch app in two parts, issue 13): after a session, the watch forgets the routine
// it was running and falls back to the built-in 3 × 30 s default, when "routine.cbor" could not be
// kept on storage.
//
// What happens: home (app/home.ts `start`) is a fresh module instance at every load (no module
// cache), so it re-reads the routine from "routine.cbor" with loadRoutine(false) after each
// session; the routine in use was held only in memory before. If that file is gone or stale while
// the app runs, the next home load takes the default routine (or the stale one) instead of the one
// in use. Reachable with a full storage: a damaged routine transfer arrives (set aside as ".bad")
// and its write-back of the routine in use fails (ENOSPC); likewise when transfers arrive out of
// order (an older revision lands as "routine.cbor" after the newer one) and the write-back of the
// newer one fails. Back from a session home also skips confirmRoutine, so the phone is not told the
// watch now runs revision 0 and does not send the routine again until the app is reopened.
// The single-bundle app (026f70c) kept the routine in use in memory for the whole run.
//
// What the user suffers: the next session runs 3 holds of 30 s a leg after a 10 s get-ready instead
// of the routine set on the phone (here 1 × 5 s), and the home screen shows the default routine.
//
// Suggested fix: hand the routine in use (and its revision) to the session part and back, and let
// home take it from the handover instead of re-reading the file; or, when the file cannot be read
// back from a session, confirm revision 0 so the phone sends the routine again.
import { describe, expect, it } from "vitest";
import { robustnessBundle } from "./support/robustness-run";
import { SESSION_MS, newScheduleSimulation } from "./support/schedules";
import { damagedRoutineArrivesWithStorageFull, nextSessionStartsWithAHold } from "./support/storage-full";
import { userTap } from "./support/watch-sim";

const bundle = robustnessBundle();

describe("review 13 — the routine in use after a session", () => {
  it("stays the one the watch ran, though routine.cbor could not be written back", async () => {
    const { sim } = newScheduleSimulation({ bundle, seed: 9 }); // the watch runs the short routine
    await sim.act(() => sim.launchWatch());
    await sim.advance(5000);
    await damagedRoutineArrivesWithStorageFull(sim);

    await userTap(sim, "start-button");
    await sim.advance(SESSION_MS + 500);
    await userTap(sim, "done-button");
    await nextSessionStartsWithAHold(sim); // home shows the short routine, and a session runs it
    expect(sim.events.filter((e) => e.type === "error")).toEqual([]);
  });
});
