// Review 20: a result waiting for the clock is lost when a reset tears its rewrite.
// While the clock is unset, results wait as steadyhold.u<id> (JSON with the clock's timeline).
// When the unset clock moves (setTime over the UART to another 1970 time, or a timer seen more than
// 5 s late — e.g. the firmware blocked by a Storage compaction — which the app takes for a jump),
// clock.ts clockJumped rewrites every waiting file in place (store.ts rewriteUnplaced: one
// Storage.write, which erases the old file before writing the new one). By then the session file
// is gone: that rewrite is the result's only copy. A reset in the middle leaves a file of the right
// size whose tail is erased flash (0xFF); readUnplaced gets no JSON from it and returns null
// without setting it aside, so placeAll skips it at every launch and clock setting, for good.
// What the user sees: the home screen says "1 waits for the time" forever; the web companion
// sets the clock and syncs, and the session never arrives.
// Suggested fix: rewrite a waiting result through a copy (as saveSession does), or move the
// timeline instead of the results (keep each result's original times and record the correction
// per timeline); and set aside a waiting file that is not JSON (its bytes), as a damaged one is.
import { describe, expect, it } from "vitest";
import { RESPONSE_CODE } from "../common/gatt-profile";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { command, files, pullAll, storageWith } from "./support/bangle-central";
import { RecordedFlash, applyChanges } from "./support/bangle-flash";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const REAL = Date.UTC(2026, 10, 30, 8, 0, 0);
const MINUTES_AFTER_POWER_UP = (m: number): number => m * 60000;

/** `text` as a reset leaves it when it came `at` characters into the write: the rest erased flash. */
function torn(text: string, at: number): string {
  return text.slice(0, at) + "\xff".repeat(text.length - at);
}

describe("review20: a reset while a waiting result is moved with the unset clock", () => {
  it("does not lose the result: it still reaches the central once the clock is set", () => {
    const storage = new RecordedFlash(storageWith(ONE_HOLD_A_LEG));
    const before = new Map(storage);
    storage.changes = [];
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    bangle.touch();
    bangle.advance(21000);
    bangle.touch(); // home: the result waits for the clock
    const [waiting] = files(bangle, "steadyhold.u");
    expect(waiting).toBeDefined(); // precondition
    bangle.setWallTime(MINUTES_AFTER_POWER_UP(1)); // set back 9 minutes over the UART, still 1970
    bangle.advance(10000); // the app sees the jump and rewrites the waiting result
    const writes = storage.changes
      .map((c, i) => (c.name === waiting && c.text !== null ? i : -1))
      .filter((i) => i >= 0);
    const rewrite = writes[writes.length - 1];
    const firstWrite = storage.changes.findIndex((c) => c.name === waiting && c.text !== null);
    expect(rewrite).toBeGreaterThan(firstWrite); // precondition: it was rewritten
    const newText = storage.changes[rewrite].text as string;

    // The reset comes halfway through that write; the watch starts again, the clock keeps running.
    const flash = applyChanges(new Map(before), storage.changes.slice(0, rewrite));
    flash.set(waiting, torn(newText, Math.floor(newText.length / 2)));
    expect(flash.has("steadyhold.session.json")).toBe(false); // precondition: no other copy
    const after = loadBangleApp(BANGLE_APP_FILE, { storage: flash, clockStart: MINUTES_AFTER_POWER_UP(2) });
    after.gatt.connect();
    expect(command(after, { op: "set-clock", nowMs: REAL, utcOffsetMinutes: 60 })).toBe(RESPONSE_CODE.SUCCESS);
    const pulled = pullAll(after);
    expect(pulled.length, "home says: " + after.screenText().join(" | ")).toBe(1);
    expect(after.errors).toEqual([]);
  });
});
