// A session whose result the full flash refused (kept only in memory: runner.ts `unkept`): its done
// screen says so and how to keep it, and neither tap nor button leaves it — each tries again, as does
// a central's acknowledgement (room freed). A refused save while the session runs is shown too.
// Review 20's test/review20-done-unkept-button-exits.test.ts covers the button on that screen.
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { pullAll, storageWith } from "./support/bangle-central";
import { FullFlash } from "./support/bangle-flash";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const START = Date.UTC(2026, 10, 30, 8, 0, 0);

/** A session done on a flash that fills during its last hold: its result is kept in memory only. */
function unkeptSession(storage: FullFlash) {
  const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
  bangle.touch();
  bangle.advance(10500);
  storage.refusing = /^steadyhold\./;
  bangle.advance(10000);
  return bangle;
}

describe("the Bangle app's done screen for a result the full flash refused", () => {
  it("says it is not kept and how to keep it; the button tries again and stays", () => {
    const storage = new FullFlash(storageWith(ONE_HOLD_A_LEG));
    const bangle = unkeptSession(storage);
    const screen = bangle.screenText().join(" | ");
    expect(screen).toContain("Not kept:");
    expect(screen).toContain("Sync or free");
    expect(screen).toContain("Hold button: leave, lose it");
    expect(screen).not.toContain("Button: exit");
    bangle.press();
    bangle.advance(100);
    expect(bangle.isRunning()).toBe(true);
    expect(bangle.screenText().join(" | ")).toContain("Not kept:");

    storage.refusing = null; // room again
    bangle.press(); // kept now: the usual done screen
    expect(bangle.screenText()[0]).toBe("Well done");
    expect(bangle.screenText().join(" | ")).toContain("Button: exit");
    expect(bangle.isRunning()).toBe(true);
    bangle.press(); // exit
    bangle.advance(100);
    expect(bangle.isRunning()).toBe(false);
    bangle.launch();
    bangle.gatt.connect();
    const pulled = pullAll(bangle);
    expect(pulled).toHaveLength(1);
    expect(pulled[0].completed).toBe(true);
    expect(pulled[0].holds.map((h) => h.achievedMs)).toEqual([10000, 10000]);
    expect(bangle.errors).toEqual([]);
  });

  it("is kept once a central's acknowledgement frees room", () => {
    const storage = new FullFlash(storageWith(ONE_HOLD_A_LEG));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    bangle.touch();
    bangle.advance(21000);
    bangle.touch(); // home: one result waits to be sent
    bangle.touch();
    bangle.advance(10500);
    storage.refusing = /^steadyhold\./;
    bangle.advance(10000);
    expect(bangle.screenText().join(" | ")).toContain("Not kept:"); // precondition
    storage.refusing = null; // the first result's acknowledgement will free its room
    bangle.gatt.connect();
    const pulled = pullAll(bangle);
    expect(pulled).toHaveLength(2);
    expect(pulled.every((r) => r.completed)).toBe(true);
    expect(bangle.screenText().join(" | ")).toContain("Button: exit");
    expect(bangle.errors).toEqual([]);
  });
});

describe("the Bangle app's home with a result the full flash refused", () => {
  it("says the last session is not kept, until a central's acknowledgement frees room", () => {
    const storage = new FullFlash(storageWith(ONE_HOLD_A_LEG));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    bangle.touch();
    bangle.advance(21000);
    bangle.touch(); // home: one result waits to be sent
    bangle.touch();
    bangle.advance(10500);
    storage.refusing = /^steadyhold\./;
    bangle.advance(10000);
    bangle.touch(); // home: still only in memory
    expect(bangle.screenText()).toContain("Last session not kept");
    storage.refusing = null;
    bangle.gatt.connect();
    expect(pullAll(bangle)).toHaveLength(2);
    expect(bangle.screenText()).not.toContain("Last session not kept");
    expect(bangle.screenText()).toContain("All synced");
    expect(bangle.errors).toEqual([]);
  });
});

describe("the Bangle app's session screen", () => {
  it("says when the flash refused the session's save", () => {
    const storage = new FullFlash(storageWith({ ...ONE_HOLD_A_LEG, getReadySeconds: 5 }));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    storage.refusing = /^steadyhold\.session/;
    bangle.touch();
    expect(bangle.screenText()).toContain("Flash full: not saved");
    storage.refusing = null;
    bangle.advance(5000); // the hold begins: saved
    expect(bangle.screenText()).not.toContain("Flash full: not saved");
    expect(bangle.errors).toEqual([]);
  });
});
