// Review 9: a Storage.write torn by a reset. docs/bangle.md and store.ts rely on "the firmware
// writes the new file before it marks the old one erased, so a reset leaves the old or the new
// file, never half a result". Espruino's own jsfWriteFile (src/jsflash.c) does the opposite: when
// the file exists it ERASES it first (jsfEraseFileInternal), then jsfCreateFile writes the new
// header (name and size), and only then jshFlashWriteAligned writes the contents. A reset (watchdog,
// battery) in that window leaves no file at all, or a file of the right size whose tail is still
// erased flash (0xFF). These tests put such a file where the app's next launch finds it.
//  1. The session file torn at a phase change: loadSession reads nothing (readJSON fails) and the
//     session — a finished left hold included — is gone without a trace or a result.
//  2. The result record torn as it is first written (the session file still holds the finished
//     session): the launch sees hasResult(id), erases the session file, and the peripheral then
//     sets the torn record aside as damaged: the session never reaches the central.
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { pullAll, storageWith } from "./support/bangle-central";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const START = Date.UTC(2026, 10, 30, 8, 0, 0);
const TEN_MINUTES = 10 * 60000;

/** The file as a reset during its write leaves it: its size, the first `kept` bytes, erased flash after. */
function torn(text: string, kept: number): string {
  return text.slice(0, kept) + "\xff".repeat(text.length - kept);
}

/** Remembers every version of `name` written, as the app wrote it. */
class WatchedFlash extends Map<string, string> {
  versions: { name: string; text: string; files: [string, string][] }[] = [];
  override set(name: string, text: string): this {
    const before = [...this.entries()];
    super.set(name, text);
    this.versions?.push({ name, text, files: before });
    return this;
  }
}

describe("review9: a Storage.write torn by a reset", () => {
  it("the session file torn at the right hold's start: the session still reaches the central", () => {
    const storage = new WatchedFlash(storageWith(ONE_HOLD_A_LEG));
    storage.versions = [];
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    bangle.touch(); // start: the left hold begins at once
    bangle.advance(10500); // the left hold is complete; the right hold began (session file saved)
    const saves = storage.versions.filter((v) => v.name === "steadyhold.session.json");
    expect(saves.length).toBeGreaterThanOrEqual(2);
    const last = saves[saves.length - 1];
    // The power goes while that save is written: the files as they were, with the session file torn.
    const after = new Map(last.files);
    after.set("steadyhold.session.json", torn(last.text, Math.floor(last.text.length / 2)));
    const relaunched = loadBangleApp(BANGLE_APP_FILE, { storage: after, clockStart: START + TEN_MINUTES });
    const results = pullAll(relaunched);
    expect(results).toHaveLength(1); // the session the user did, at least as far as a good save had it
    expect(relaunched.errors).toEqual([]);
  });

  it("the result record torn as it is written at the session's end: the session still reaches the central", () => {
    const storage = new WatchedFlash(storageWith(ONE_HOLD_A_LEG));
    storage.versions = [];
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    bangle.touch();
    bangle.advance(21000); // both holds done: the record is written, then the session file erased
    const write = storage.versions.find((v) => v.name.startsWith("steadyhold.r"));
    expect(write).toBeDefined();
    const at = write as { name: string; text: string; files: [string, string][] };
    const after = new Map(at.files); // the session file is still there (erased only after the record)
    expect(after.has("steadyhold.session.json")).toBe(true);
    after.set(at.name, torn(at.text, Math.floor(at.text.length / 2)));
    const relaunched = loadBangleApp(BANGLE_APP_FILE, { storage: after, clockStart: START + TEN_MINUTES });
    const results = pullAll(relaunched);
    expect(results).toHaveLength(1);
    expect(results[0].holds.map((h) => h.leg)).toEqual(["left", "right"]);
    expect(relaunched.errors).toEqual([]);
  });

  it("the copy torn as it is written (the session file is the last save): the session resumes", () => {
    const storage = new WatchedFlash(storageWith(ONE_HOLD_A_LEG));
    storage.versions = [];
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    bangle.touch(); // start: the left hold begins at once
    bangle.advance(10500); // the right hold began: saved
    const copies = storage.versions.filter((v) => v.name === "steadyhold.session.new");
    expect(copies.length).toBeGreaterThanOrEqual(2);
    const last = copies[copies.length - 1];
    const after = new Map(last.files);
    after.set(last.name, torn(last.text, Math.floor(last.text.length / 2)));
    // Opened again a minute later: the session file (the save before, at the left hold's start) is resumed, paused.
    const relaunched = loadBangleApp(BANGLE_APP_FILE, { storage: after, clockStart: START + 60000 });
    expect(relaunched.screenText()).toContain("Paused");
    expect(after.has("steadyhold.session.new")).toBe(false); // the torn copy is gone
    relaunched.touch(); // go on
    relaunched.advance(30000);
    expect(relaunched.screenText()).toContain("Well done");
    relaunched.touch();
    const results = pullAll(relaunched);
    expect(results).toHaveLength(1);
    expect(results[0].holds.map((h) => h.achievedMs)).toEqual([10000, 10000]);
    expect(relaunched.errors).toEqual([]);
  });

  it("a session file of version 0.02 (no copy) still resumes", () => {
    const storage = new WatchedFlash(storageWith(ONE_HOLD_A_LEG));
    storage.versions = [];
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    bangle.touch();
    bangle.advance(5000);
    const saved = storage.versions.filter((v) => v.name === "steadyhold.session.json").pop();
    expect(saved).toBeDefined();
    const old = new Map(storageWith(ONE_HOLD_A_LEG));
    old.set("steadyhold.session.json", (saved as { text: string }).text); // as 0.02 left it: one file
    const relaunched = loadBangleApp(BANGLE_APP_FILE, { storage: old, clockStart: START + 60000 });
    expect(relaunched.screenText()).toContain("Paused");
    expect(relaunched.errors).toEqual([]);
  });

  it("a nearly full flash that takes the copy but refuses the session file never loses the last save", () => {
    // As the firmware: a refused write has erased the file it was to replace (jsfWriteFile erases first).
    class FirmwareFlash extends Map<string, string> {
      refused: string[] = [];
      override set(name: string, text: string): this {
        if (this.refused?.indexOf(name) >= 0) {
          super.delete(name);
          throw new Error("Unable to find or create file");
        }
        return super.set(name, text);
      }
    }
    const storage = new FirmwareFlash(storageWith(ONE_HOLD_A_LEG));
    storage.refused = ["steadyhold.session.json"]; // room for one more file: the copy
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    bangle.touch(); // start: saved in the copy alone
    expect(storage.has("steadyhold.session.new")).toBe(true);
    storage.refused = ["steadyhold.session.json", "steadyhold.session.new"]; // now no room at all
    bangle.advance(10500); // the right hold's save is refused: the copy (the start's save) must stay
    expect(storage.has("steadyhold.session.new")).toBe(true);
    storage.refused = [];
    const relaunched = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START + 60000 });
    expect(relaunched.screenText()).toContain("Paused"); // resumed from the copy
    relaunched.touch();
    relaunched.advance(30000);
    relaunched.touch();
    expect(pullAll(relaunched)).toHaveLength(1);
    expect(storage.has("steadyhold.session.new")).toBe(false);
    expect(relaunched.errors).toEqual([]);
  });
});
