// review17: a session file version 0.02 saved that cannot be read is copied to
// steadyhold.xsession.<the time now in base 36>, then erased (store.ts loadSessionFile). A reset
// between the two (the copy written, the session file not yet erased) leaves both, and the next
// launch copies the same bytes again under another name (another time): one file kept aside twice,
// counted "2 kept, not sent", and once per further reset. The results' rescue (rescue.ts) finds its
// earlier copy after such a reset and only erases the old file; the session file's does not.
import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTINE } from "../common/routine";
import { newSession } from "../common/session";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { storageWith } from "./support/bangle-central";
import { RecordedFlash, applyChanges, firstErase } from "./support/bangle-flash";
import { ONE_HOLD_A_LEG } from "../sim/routines";

/** A set clock as the watch reads it: a fraction of a millisecond past a whole one. */
const START = Date.UTC(2026, 10, 30, 8, 0, 0) + 0.27;
const TEN_MINUTES = 10 * 60000;

describe("review17: a reset while a 0.02 session file that cannot be read is kept aside", () => {
  it("keeps it aside once", () => {
    // 0.02's id (as on the firmware), a phase no version runs: unreadable beyond its id (bangle-rescue.test.ts).
    const session = JSON.stringify({
      savedAt: START,
      state: { ...newSession(DEFAULT_ROUTINE, "mx2z9q80.9py14i-52yn"), phase: "stretching" },
    });
    const before = storageWith(ONE_HOLD_A_LEG);
    before.set("steadyhold.session.json", session);
    const recorded = new RecordedFlash(before);
    recorded.changes = [];
    loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage: recorded });
    const erase = firstErase(recorded.changes, "steadyhold.session.json");
    expect(erase).toBeGreaterThan(0);
    // The power goes just before that erase: the copy is written, the session file still there.
    const flash = applyChanges(new Map(before), recorded.changes.slice(0, erase));
    expect([...flash.keys()].filter((k) => k.startsWith("steadyhold.xsession."))).toHaveLength(1);
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES + 60000, storage: flash });
    expect(flash.has("steadyhold.session.json")).toBe(false);
    expect([...flash.values()].filter((text) => text === session)).toHaveLength(1);
    expect(bangle.screenText()).toContain("1 kept, not sent");
    expect(bangle.errors).toEqual([]);
  });
});
