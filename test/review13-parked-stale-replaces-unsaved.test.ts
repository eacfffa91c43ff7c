// Review 13 (the watch app in two parts, issue 13): a finished session that could not be stored
// (storage full) comes back from the phone as a PARTIAL session once the user has done another
// session meanwhile, and it no longer counts toward the day.
//
// What happens: storage is full when session 1 ends, so the session part's last save of
// "session.cbor" fails (the file keeps the save from the start of the last hold) and home cannot
// write the result either: home parks the stale file as "unsaved-<id>.cbor" and keeps the complete
// result in memory (`unsaved`). The user starts session 2 at once; home hands the complete result
// over, the session part hands it back. When session 2 ends, app/home.ts `start` runs the launch's
// work again on every load: it lists the parked files and closes each with finishSaved, which
// rebuilds session 1's result from the STALE parked file (`closedResult(saved.state, savedAt)`:
// the last hold cut at its start, completed false) and `storeResult` replaces the complete result
// in memory with it (same id). When the storage frees up, the retry writes and sends that partial.
// The single-bundle app (026f70c) read parked files only at a launch, so the complete result
// survived until written.
//
// What the user suffers: a session done in full shows on the phone as partial (its last hold 0 s),
// the day's goal and streak lose it on the watch ("Today 1/1" after two full sessions) and on the phone.
//
// Suggested fix: in home's start (or finishSaved), leave a parked file alone when a result of the
// same session is already in memory (`unsaved` carried over): that result is the newer, complete
// one, and writing it later removes the parked file (whenSavedLater → settle).
import { describe, expect, it } from "vitest";
import { robustnessBundle } from "./support/robustness-run";
import { SESSION_MS, newScheduleSimulation, phoneHistory } from "./support/schedules";
import { endSessionWithStorageFull, expectCompleteOnPhone } from "./support/storage-full";
import { userTap } from "./support/watch-sim";

const bundle = robustnessBundle();

describe("review 13 — a result waiting in memory across a session (storage full)", () => {
  it("is stored and sent complete, not rebuilt from its stale parked session file", async () => {
    const { sim } = newScheduleSimulation({ bundle, seed: 9 });
    const firstId = await endSessionWithStorageFull(sim);

    // The user does another session at once, before the retry (30 s) and while the storage is still full.
    await userTap(sim, "done-button");
    await userTap(sim, "start-button");
    await sim.advance(SESSION_MS + 200);
    expect(sim.element("done").isVisible()).toBe(true);
    expect(sim.element("done-summary").text).toMatch(/Not saved yet: storage full/);

    // Room again (the user deleted a clock face): the retry writes both results and sends them.
    await sim.act(() => sim.clearWatchWriteFailures());
    await sim.advance(60000);
    await userTap(sim, "done-button");

    expect(phoneHistory(sim)).toHaveLength(2);
    expectCompleteOnPhone(sim, firstId);
    expect(sim.element("today-text").text).toBe("Today 2/1 · streak 1 day");
  });
});
