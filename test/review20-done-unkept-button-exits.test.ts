// Review 20: a finished session the full flash could not keep is lost by the done screen's button.
// When the flash fills during a session, its end cannot be saved (the session file keeps the save
// from the start of the last hold), nor its record, nor the JSON copy: the result lives only in
// memory (runner.ts `unkept`). The done screen still says "Well done" with the stats and "Button:
// exit", nothing about the result not being kept; the button calls load() at once, and the kill
// handler's last try (saveIfRunning → keepUnkept) finds the flash as full as before. The result is
// gone from memory; the next launch finds only the last hold's start in the session file and keeps
// that as a partial session whose last hold is 0 s.
// What the user sees: a session done in full shows up in the companion as partial (its last hold
// 0 s, not counted toward the day's goal), and nothing on the watch warned them — they could have
// synced first (the central's acks free the room: keepUnkept would then have written it).
// Suggested fix: while a result is unkept, the done screen says so ("Not kept: flash full — sync
// now") and its button does not leave (or asks again); or keep room for the result from the
// session's start (a reserve file of a record's size, overwritten by the record at the end).
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { pullAll, storageWith } from "./support/bangle-central";
import { FullFlash } from "./support/bangle-flash";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const START = Date.UTC(2026, 10, 30, 8, 0, 0);

describe("review20: the done screen of a session the full flash did not keep", () => {
  it("does not let the button drop it: either the app stays, or the session reaches the central complete", () => {
    const storage = new FullFlash(storageWith(ONE_HOLD_A_LEG));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    bangle.touch(); // the left hold begins
    bangle.advance(10500); // the left hold is done, the right hold began (saved)
    storage.refusing = /^steadyhold\./; // the flash is full from here
    bangle.advance(10000); // the right hold is done: "Well done"
    expect(bangle.screenText()[0]).toBe("Well done"); // precondition
    const doneScreen = bangle.screenText().join(" | ");
    bangle.press(); // "Button: exit"
    bangle.advance(100);
    const stayed = bangle.isRunning();

    bangle.advance(10 * 60 * 1000);
    storage.refusing = null; // room again (the user deleted an app)
    if (!stayed) bangle.launch();
    bangle.gatt.connect();
    const pulled = pullAll(bangle);
    const complete = pulled.length === 1 && pulled[0].completed && pulled[0].holds.every((h) => h.achievedMs >= 10000);
    const seen = pulled.map((r) => ({ completed: r.completed, heldMs: r.holds.map((h) => h.achievedMs) }));
    expect(stayed || complete, JSON.stringify({ doneScreen, stayed, pulled: seen })).toBe(true);
    expect(bangle.errors).toEqual([]);
  });
});
