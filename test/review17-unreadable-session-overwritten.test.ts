// review17: a session file version 0.02 saved that cannot be read beyond its id is to be kept aside,
// "never erased" (store.ts loadSessionFile, docs/bangle.md): its bytes go to steadyhold.xsession.*
// before the session file may go. When the full flash refuses that copy, the file is left where it
// is — but nothing keeps it there: the launch goes on as if there were no saved session, and the
// first save of the next session (once there is room) overwrites steadyhold.session.json. The 0.02
// session's bytes are then gone, never kept aside and never counted "kept, not sent". (A readable
// saved session whose result the flash refuses blocks new sessions until it is kept: review 12.)
import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTINE } from "../common/routine";
import { newSession } from "../common/session";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { storageWith } from "./support/bangle-central";
import { FullFlash } from "./support/bangle-flash";
import { ONE_HOLD_A_LEG } from "../sim/routines";

/** A set clock as the watch reads it: a fraction of a millisecond past a whole one. */
const START = Date.UTC(2026, 10, 30, 8, 0, 0) + 0.27;
const TEN_MINUTES = 10 * 60000;

describe("review17: a 0.02 session file that cannot be read, the flash full at the launch", () => {
  it("is still on the watch after the next session (kept aside once there is room, never overwritten)", () => {
    const storage = new FullFlash(storageWith(ONE_HOLD_A_LEG));
    // 0.02's id (as on the firmware), a phase no version runs: unreadable beyond its id (bangle-rescue.test.ts).
    const session = JSON.stringify({
      savedAt: START,
      state: { ...newSession(DEFAULT_ROUTINE, "mx2z9q80.9py14i-52yn"), phase: "stretching" },
    });
    storage.set("steadyhold.session.json", session);
    storage.refusing = /^steadyhold\.x/; // no room for the copy kept aside
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage });
    expect(bangle.logs.join("\n")).toMatch(/cannot be read; not kept aside/);
    expect([...storage.values()]).toContain(session); // left where it is, so far
    storage.refusing = null; // room again
    bangle.touch(); // a new session
    bangle.advance(3000);
    expect([...storage.values()]).toContain(session);
    bangle.reload();
    expect([...storage.values()]).toContain(session);
    expect(bangle.errors).toEqual([]);
  });
});
