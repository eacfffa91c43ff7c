// Review 24: a reset at every write and erase of fix 20's copy dance (store.ts rewriteUnplaced,
// readUnplaced, forgetUnplaced) while a waiting result is moved twice with the unset clock, and then
// placed once the clock is set: exactly one result must reach the central, no copy left behind.
// The copy dance itself holds at every point. What fails is the placing's record write (clock.ts
// placeAll; not changed by fix 20, so likely older): a reset tearing steadyhold.r<id> halfway leaves
// a record whose header and id are whole and whose tail is erased flash (0xFF). store.ts
// hasWholeRecord only asks decodeResultRecord, which accepts it (repsPerLeg 255), so the next
// launch's placeAll takes it for the placed copy and erases the waiting file, the only good copy;
// the peripheral's check then rejects the record ("repsPerLeg 255 is outside 1–5") and sets it aside.
// What the user sees: home says "1 kept, not sent" for good; the session never reaches the phone.
// Suggested fix: hasWholeRecord should apply the same validation the peripheral applies before
// offering a record (or records carry a checksum), so a torn record is written again from the
// waiting file (eraseTornResult's path), as a record that does not decode already is.
import { describe, expect, it } from "vitest";
import { RESPONSE_CODE } from "../common/gatt-profile";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { command, files, pullAll, storageWith } from "./support/bangle-central";
import { RecordedFlash, applyChanges } from "./support/bangle-flash";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const REAL = Date.UTC(2026, 10, 30, 8, 0, 0);
const MINUTES_AFTER_POWER_UP = (m: number): number => m * 60000;

function torn(text: string, at: number): string {
  return text.slice(0, at) + "\xff".repeat(text.length - at);
}

describe("review24: a reset anywhere in the waiting result's copy dance", () => {
  it("loses it nowhere and sends it once", () => {
    const storage = new RecordedFlash(storageWith(ONE_HOLD_A_LEG));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    bangle.touch();
    bangle.advance(21000);
    bangle.touch(); // home: the result waits for the clock
    const before = new Map(storage);
    storage.changes = [];
    bangle.setWallTime(MINUTES_AFTER_POWER_UP(1)); // set back, still 1970
    bangle.advance(10000); // moved through the copy
    bangle.setWallTime(MINUTES_AFTER_POWER_UP(3));
    bangle.advance(10000); // moved again
    bangle.gatt.connect();
    expect(command(bangle, { op: "set-clock", nowMs: REAL, utcOffsetMinutes: 60 })).toBe(RESPONSE_CODE.SUCCESS);
    const changes = storage.changes;
    expect(changes.some((c) => c.name.startsWith("steadyhold.w"))).toBe(true); // precondition
    const failures: string[] = [];
    for (let k = 0; k < changes.length; k++) {
      const c = changes[k];
      const variants: [string, Map<string, string>][] = [];
      variants.push(["after " + k, applyChanges(new Map(before), changes.slice(0, k + 1))]);
      if (c.text !== null && c.text.length > 10) {
        const flash = applyChanges(new Map(before), changes.slice(0, k));
        flash.set(c.name, torn(c.text, Math.floor(c.text.length / 2)));
        variants.push(["torn " + k, flash]);
      }
      for (const [label, flash] of variants) {
        const after = loadBangleApp(BANGLE_APP_FILE, { storage: flash, clockStart: MINUTES_AFTER_POWER_UP(5) });
        after.gatt.connect();
        command(after, { op: "set-clock", nowMs: REAL + 60000, utcOffsetMinutes: 60 });
        const pulled = pullAll(after);
        const left = files(after, "steadyhold.w").concat(files(after, "steadyhold.u"));
        if (pulled.length !== 1 || left.length > 0 || after.errors.length > 0)
          failures.push(
            label +
              " (" +
              (c.text === null ? "erase " : "write ") +
              c.name +
              "): " +
              pulled.length +
              " sent, left " +
              left.join(",") +
              " " +
              after.errors.join(";"),
          );
      }
    }
    expect(failures).toEqual([]);
  });
});
