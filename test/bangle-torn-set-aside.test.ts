// A record a reset tore as it was written, set aside by an app before fix 24 (0.05 and older): the
// old check took the torn record (its tail erased flash, 0xFF) for whole, so the copy it was written
// from went (the waiting file, the set-aside JSON, the session file), and the peripheral then found
// it damaged and moved its bytes to steadyhold.x<id>: "1 kept, not sent" for good, the session never
// sent. Fix 24 erases such a record before GATT while its copy is whole, but a watch updated from
// 0.05 still holds what 0.05 set aside. Today's launch recovers the session from those bytes once.
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { RESPONSE_CODE } from "../common/gatt-profile";
import { command, files, pullAll, storageWith } from "./support/bangle-central";

const START = Date.UTC(2026, 10, 30, 8, 0, 0);
/** Six holds of 5 s: a record of 95 bytes, long enough to be torn after its header. */
const SIX_HOLDS = { repsPerLeg: 3, holdSeconds: 5, restSeconds: 0, switchSeconds: 0, getReadySeconds: 0 };

/** A reset stopped the write at byte `at`: the file has its size, erased flash (0xFF) after that. */
function torn(text: string, at: number): string {
  return text.slice(0, at) + "\xff".repeat(text.length - at);
}

/** The flash a 0.05 watch left: the session's record torn at `fraction` of its bytes, set aside, no other copy. */
function setAsideByOldApp(fraction: number): { storage: Map<string, string>; id: string } {
  const storage = storageWith(SIX_HOLDS);
  const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
  bangle.touch();
  bangle.advance(31000);
  bangle.touch(); // home: the record is written
  const [name] = files(bangle, "steadyhold.r");
  const id = name.slice("steadyhold.r".length);
  const record = storage.get(name) as string;
  storage.delete(name);
  storage.set("steadyhold.x" + id, torn(record, Math.floor(record.length * fraction)));
  storage.delete("steadyhold.spare");
  return { storage, id };
}

describe("a torn record an older app set aside", () => {
  it("is sent once, with the holds whole before the tear, and no longer counted as kept aside", () => {
    const { storage, id } = setAsideByOldApp(0.75); // torn in the 4th hold
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START + 3600000 });
    expect(bangle.screenText().join(" | ")).not.toContain("kept, not sent");
    bangle.gatt.connect();
    const pulled = pullAll(bangle);
    expect(pulled.map((r) => r.id)).toEqual([id]);
    expect(pulled[0].startedAt).toBe(START);
    expect(pulled[0].completed).toBe(false); // holds are missing
    expect(pulled[0].holds.map((h) => [h.leg, h.rep, h.achievedMs])).toEqual([
      ["left", 1, 5000],
      ["left", 2, 5000],
      ["left", 3, 5000],
    ]);
    expect(files(bangle, "steadyhold.x")).toEqual([]);
    expect(bangle.screenText().join(" | ")).toContain("All synced");

    bangle.reload(); // once: nothing is sent again
    bangle.gatt.connect();
    expect(pullAll(bangle)).toEqual([]);
    expect(bangle.errors).toEqual([]);
  });

  it("stays kept aside when the tear reaches its header (nothing to recover it from)", () => {
    const { storage, id } = setAsideByOldApp(0.3);
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START + 3600000 });
    bangle.gatt.connect();
    expect(pullAll(bangle)).toEqual([]);
    expect(files(bangle, "steadyhold.x")).toEqual(["steadyhold.x" + id]);
    expect(bangle.screenText().join(" | ")).toContain("1 kept, not sent");
    expect(bangle.errors).toEqual([]);
  });

  it("is dropped when the session's waiting file is whole: that one is sent, complete, once", () => {
    const storage = storageWith(SIX_HOLDS);
    const unset = 10 * 60000; // the clock never set: the result waits for it
    const first = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: unset });
    first.touch();
    first.advance(31000);
    first.touch();
    const [waiting] = files(first, "steadyhold.u");
    const id = waiting.slice("steadyhold.u".length);
    // 0.05 placed it as the clock was set, a reset tore the record, and the peripheral set the torn
    // bytes aside while the waiting file stayed (it was erased only after a later placing).
    storage.set("steadyhold.x" + id, torn("\x01" + String.fromCharCode(id.length) + id + "z".repeat(60), 40));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: unset + 120000 });
    expect(files(bangle, "steadyhold.x")).toEqual([]);
    bangle.gatt.connect();
    expect(command(bangle, { op: "set-clock", nowMs: START, utcOffsetMinutes: 60 })).toBe(RESPONSE_CODE.SUCCESS);
    const pulled = pullAll(bangle);
    expect(pulled.map((r) => [r.id, r.completed, r.holds.length])).toEqual([[id, true, 6]]);
    expect(bangle.errors).toEqual([]);
  });
});
