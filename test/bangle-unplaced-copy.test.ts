// A result waiting for the unset clock (steadyhold.u<id>) is moved with the clock through a copy
// (steadyhold.w<id>, written and read back before the waiting file is rewritten: store.ts
// rewriteUnplaced), and a waiting file that is not JSON is set aside with its bytes (readUnplaced).
// Review 20's test/review20-torn-unplaced-rewrite.test.ts covers a reset tearing the rewrite itself.
import { describe, expect, it } from "vitest";
import { RESPONSE_CODE } from "../common/gatt-profile";
import { FakeBangle, loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { command, files, pullAll, storageWith } from "./support/bangle-central";
import { FullFlash, RecordedFlash, applyChanges } from "./support/bangle-flash";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const REAL = Date.UTC(2026, 10, 30, 8, 0, 0);
const MINUTES_AFTER_POWER_UP = (m: number): number => m * 60000;

/** One short session from the watch's screen, back home after it. Returns the wall time it started at. */
function sessionOnTheWrist(bangle: FakeBangle): number {
  const startedAt = bangle.wallTime();
  bangle.touch();
  bangle.advance(21000);
  bangle.touch(); // home
  return startedAt;
}

function setClock(bangle: FakeBangle, nowMs: number): void {
  expect(command(bangle, { op: "set-clock", nowMs, utcOffsetMinutes: 60 })).toBe(RESPONSE_CODE.SUCCESS);
}

describe("the Bangle app: a waiting result moved with the unset clock", () => {
  it("keeps the move in its copy when the full flash refuses the waiting file, and is placed by the correction", () => {
    const storage = new FullFlash(storageWith(ONE_HOLD_A_LEG));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    const startedAt = sessionOnTheWrist(bangle);
    bangle.advance(2000);
    storage.refusing = /^steadyhold\.u/; // room for the copy, not for the waiting file's new version
    const movedAt = bangle.wallTime();
    bangle.setWallTime(MINUTES_AFTER_POWER_UP(60)); // forward, still 1970
    bangle.advance(10000); // the clock's check sees it
    const jump = MINUTES_AFTER_POWER_UP(60) - movedAt;
    expect(files(bangle, "steadyhold.u")).toEqual([]); // the firmware erased it before refusing it
    expect(files(bangle, "steadyhold.w")).toHaveLength(1); // the copy is the save
    expect(bangle.screenText()).toContain("1 waits for the time");
    storage.refusing = null;
    bangle.reload(); // opened again on the same unset clock
    const before = bangle.wallTime();
    setClock(bangle, REAL);
    expect(files(bangle, "steadyhold.w")).toEqual([]);
    expect(files(bangle, "steadyhold.u")).toEqual([]);
    const [result] = pullAll(bangle);
    expect(result.timeUnknown).toBeUndefined();
    expect(result.startedAt).toBe(REAL - (before - (startedAt + jump)));
    expect(bangle.errors).toEqual([]);
  });

  it("is not lost when a reset tears the copy as it is written: the waiting file is whole", () => {
    const storage = new RecordedFlash(storageWith(ONE_HOLD_A_LEG));
    const before = new Map(storage);
    storage.changes = [];
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    sessionOnTheWrist(bangle);
    bangle.setWallTime(MINUTES_AFTER_POWER_UP(1)); // set back, still 1970
    bangle.advance(10000);
    const copyWrite = storage.changes.findIndex((c) => c.name.startsWith("steadyhold.w") && c.text !== null);
    expect(copyWrite).toBeGreaterThanOrEqual(0); // precondition: the move went through a copy
    const copy = storage.changes[copyWrite];
    const flash = applyChanges(new Map(before), storage.changes.slice(0, copyWrite));
    const text = copy.text as string;
    flash.set(copy.name, text.slice(0, 20) + "\xff".repeat(text.length - 20));
    const after = loadBangleApp(BANGLE_APP_FILE, { storage: flash, clockStart: MINUTES_AFTER_POWER_UP(2) });
    after.gatt.connect();
    setClock(after, REAL);
    expect(pullAll(after)).toHaveLength(1);
    expect(files(after, "steadyhold.w")).toEqual([]);
    expect(after.errors).toEqual([]);
  });
});

describe("the Bangle app: a waiting file that is not JSON", () => {
  it("is set aside with its bytes and logged, not left waiting for the time for good", () => {
    const storage = storageWith(ONE_HOLD_A_LEG);
    const first = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    sessionOnTheWrist(first);
    first.leave();
    const [name] = Array.from(storage.keys()).filter((n) => n.startsWith("steadyhold.u"));
    const text = storage.get(name) as string;
    const torn = text.slice(0, 30) + "\xff".repeat(text.length - 30); // torn by a reset (version 0.04 rewrote in place)
    storage.set(name, torn);
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(20) });
    bangle.gatt.connect();
    setClock(bangle, REAL);
    const id = name.slice("steadyhold.u".length);
    expect(storage.has(name)).toBe(false);
    expect(storage.get("steadyhold.x" + id)).toBe(torn);
    expect(bangle.logs.join("\n")).toContain("not JSON");
    expect(bangle.screenText()).toContain("1 kept, not sent");
    expect(bangle.screenText().join(" ")).not.toContain("wait");
    expect(bangle.errors).toEqual([]);
  });
});
