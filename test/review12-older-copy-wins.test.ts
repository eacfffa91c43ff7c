// Review 12: an older session copy wins over a newer session file at launch.
// store.ts saveSession, when the copy is the only whole save (`onlyInCopy`: the flash refused the
// session file), writes the session file FIRST and erases the copy after. A reset between those two
// steps leaves both files: the session file is the newer save, the copy one save older — and
// loadSession always takes the copy. That "one save older" can be the whole session: on a nearly
// full flash the copy holds the session's start while the session file just received the finished
// session (space freed meanwhile, e.g. a central acknowledged a result). The launch then keeps a
// partial session with one hold of 0 ms instead of the completed one — the user's holds are lost.
// loadSession should take the newer of the two (savedAt), not the copy blindly.
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { pullAll, storageWith } from "./support/bangle-central";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const START = Date.UTC(2026, 10, 30, 8, 0, 0);
const SESSION_FILE = "steadyhold.session.json";

/** As the firmware: a refused write has erased the file it was to replace; every write is remembered. */
class FirmwareFlash extends Map<string, string> {
  refused: string[] = [];
  versions: { name: string; files: [string, string][] }[] = [];
  override set(name: string, text: string): this {
    if (this.refused?.indexOf(name) >= 0) {
      super.delete(name);
      throw new Error("Unable to find or create file");
    }
    super.set(name, text);
    this.versions?.push({ name, files: [...this.entries()] }); // the flash just after this write
    return this;
  }
}

describe("review12: a reset after the session file's write while the copy was the only save", () => {
  it("the launch keeps the newer save (the finished session), not the older copy", () => {
    const storage = new FirmwareFlash(storageWith(ONE_HOLD_A_LEG));
    storage.refused = [SESSION_FILE]; // nearly full: room for the copy only
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    bangle.touch(); // start: the left hold begins; saved in the copy alone
    expect(storage.has("steadyhold.session.new")).toBe(true);
    bangle.advance(10500); // the right hold began: the session file is refused again (the copy stays)
    storage.refused = []; // room again (a result acknowledged, a file erased)
    storage.versions = [];
    bangle.advance(10000); // both holds done: the finished session is saved, then its result
    expect(bangle.screenText()).toContain("Well done");
    const fileWrite = storage.versions.find((v) => v.name === SESSION_FILE);
    expect(fileWrite).toBeDefined();
    // The power goes right after the session file's write, before the copy is erased.
    const after = new Map((fileWrite as { files: [string, string][] }).files);
    expect(JSON.parse(after.get(SESSION_FILE) as string).state.phase).toBe("done");
    expect(after.has("steadyhold.session.new")).toBe(true);
    const relaunched = loadBangleApp(BANGLE_APP_FILE, { storage: after, clockStart: START + 10 * 60000 });
    const results = pullAll(relaunched);
    expect(results).toHaveLength(1);
    expect(results[0].completed).toBe(true);
    expect(results[0].holds.map((h) => h.achievedMs)).toEqual([10000, 10000]);
    expect(relaunched.errors).toEqual([]);
  });
});
