// Review 29: the done screen of a session whose result could not be written (storage full) keeps the
// app open for good, even after a retry has written the result. app/home.ts start arms the grace
// timer once: after 2 minutes it sets `me.appTimeoutEnabled = unsaved.length === 0`, false while the
// result still waits in memory. When a later retry (app/results.ts, 30 s, 1, 2, 4 … 10 min) writes
// it, whenSavedLater settles it and redraws, but nothing gives the app its timeout back.
// What the user sees: storage was full for a few minutes when the session ended ("⚠ Not saved yet:
// storage full. Retrying"); it is saved a minute later, yet Steady Hold never closes by itself: every
// wrist raise for the rest of the day shows its done screen instead of the clock face (and it keeps
// the battery busy) until they press OK or back.
// Suggested fix: when whenSavedLater empties `unsaved` after the grace is over (or in redraw while the
// done screen shows), set `me.appTimeoutEnabled = true`; e.g. re-check in the handler.
import { describe, expect, it } from "vitest";
import { Simulation } from "../sim/simulation";
import { ofType } from "./support/events";
import { robustnessBundle } from "./support/robustness-run";
import { SHORT_ROUTINE_SETTINGS, phoneHistory } from "./support/schedules";
import { endSessionWithStorageFull } from "./support/storage-full";

const bundle = robustnessBundle();
const MINUTE = 60 * 1000;

describe("review29: the done screen of a result written by a retry after the grace", () => {
  it("lets the OS close the app once the result is on storage", async () => {
    const sim = new Simulation({ bundle, seed: 295, phoneSettings: SHORT_ROUTINE_SETTINGS });
    await endSessionWithStorageFull(sim); // the done screen says "Not saved yet: storage full"
    await sim.advance(2.5 * MINUTE); // the 2-minute grace is over with the result still in memory
    await sim.act(() => sim.clearWatchWriteFailures()); // room again
    await sim.advance(30 * MINUTE); // nobody touches the watch
    expect([...sim.watchState.files.keys()].filter((f) => f.startsWith("unsaved-"))).toEqual([]); // precondition: written
    expect(phoneHistory(sim).map((r) => r.completed)).toEqual([true]); // precondition: stored and synced
    const exits = ofType(sim.events, "app").filter((e) => e.state === "exit");
    expect(exits.map((e) => e.reason)).toEqual(["timeout"]);
  });

  // Fix 29: the same retry left the done screen saying "Not saved yet: storage full. Retrying" (and
  // home's sync line "⚠ 1 not saved") until something else redrew it: whenSavedLater's handler redrew
  // before the written result left `unsaved` (app/results.ts writeUnsaved). With the phone out of
  // reach nothing else redraws.
  it("says the result is no longer waiting once a retry has written it, with the phone away", async () => {
    const sim = new Simulation({ bundle, seed: 297, phoneSettings: SHORT_ROUTINE_SETTINGS });
    await endSessionWithStorageFull(sim);
    await sim.act(() => sim.setPhoneInReach(false));
    await sim.act(() => sim.clearWatchWriteFailures()); // room again
    await sim.advance(40000); // the first retry comes 30 s after the failed write
    expect([...sim.watchState.files.keys()].filter((f) => f.startsWith("pending-"))).toHaveLength(1); // precondition: written
    expect(sim.element("done-summary").text).not.toMatch(/Not saved yet/);
    expect(sim.element("sync-text").text).toBe("Waiting for phone · 1 to send");
  });
});
