// A session that ends on a flash other apps filled meanwhile: its done save and its record do not
// fit. Before 0.07 the result waited in memory only, the done screen said "Hold button: leave, lose
// it", and holding the button (the firmware's way out of any app) lost it: the next launch kept the
// session file's older save, a complete session arriving as partial (its last hold 0 s). Now the
// app keeps a spare file from each session's start (store.ts keepSpare) and gives its room to the
// result; a session whose spare cannot be made is not started, and the screen says why.
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { pullAll, storageWith } from "./support/bangle-central";
import { BoundedFlash } from "./support/bangle-flash";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const START = Date.UTC(2026, 10, 30, 8, 0, 0);
/** Less than the smallest record takes (a 32-byte header and 60 bytes): nothing of the result fits. */
const ALMOST_FULL = 40;

describe("a session that ends on a flash other apps filled", () => {
  it("is kept complete, and holding the button to leave loses nothing", () => {
    const storage = new BoundedFlash(storageWith(ONE_HOLD_A_LEG));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    bangle.touch(); // the left hold begins
    bangle.advance(10500); // the right hold began (saved)
    storage.capacity = storage.used() + ALMOST_FULL; // another app filled the flash
    bangle.advance(10000); // the right hold is done
    const doneScreen = bangle.screenText().join(" | ");
    bangle.buttonDown(); // the user holds the button to leave, past the firmware's 1.5 s
    bangle.advance(1600);
    bangle.buttonUp();
    expect(bangle.isRunning()).toBe(false);

    storage.capacity = Infinity; // room again (the other app's files deleted)
    bangle.advance(60000);
    bangle.launch();
    bangle.gatt.connect();
    const pulled = pullAll(bangle);
    const seen = pulled.map((r) => ({ completed: r.completed, heldMs: r.holds.map((h) => h.achievedMs) }));
    expect(seen, doneScreen).toEqual([{ completed: true, heldMs: [10000, 10000] }]);
    expect(doneScreen).toContain("Holds 2/2"); // the figures: the result was kept, nothing to warn about
    expect(bangle.errors).toEqual([]);
  });

  it("is not started when its result could not be kept, and says so; it starts once there is room", () => {
    const storage = new BoundedFlash(storageWith(ONE_HOLD_A_LEG));
    storage.capacity = storage.used() + ALMOST_FULL; // full before the app was opened
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    bangle.touch();
    expect(bangle.screenText().join(" | ")).toContain("Flash full | No room for | its result.");
    bangle.advance(21000);
    expect(bangle.buzzes).toEqual([]); // no session ran
    expect(bangle.screenText().join(" | ")).toContain("Flash full");

    storage.capacity = Infinity;
    bangle.touch(); // tries again: it starts
    bangle.advance(21000);
    bangle.touch();
    bangle.gatt.connect();
    expect(pullAll(bangle).map((r) => r.completed)).toEqual([true]);
    expect(bangle.errors).toEqual([]);
  });
});
