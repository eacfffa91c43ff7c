// review17: docs/bangle.md says a file version 0.02 left that "cannot be read beyond its id (not
// JSON, fields missing, …) is never erased": a set-aside result stays, a waiting one is moved to
// steadyhold.x, a session file goes to steadyhold.xsession.<time>, each counted "kept, not sent".
// 0.02 wrote its session file in one Storage.write, with no copy (the copy came with 0.03): a reset
// during that write leaves it torn (its size, the tail erased flash), and the update can come before
// 0.02 ever opens again. Such a file is not JSON, but its bytes still carry 0.02's fractional-ms id
// and the session up to the tear. Today's app erases it as a torn save of its own (store.ts
// loadSessionFile: "torn; erased") — its own saves have a whole copy, 0.02's have none — so that
// session is gone, while 0.02's torn result files are kept aside (rescue.ts keepAside).
import { describe, expect, it } from "vitest";
import { BANGLE_APP_0_02, loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { storageWith } from "./support/bangle-central";
import { ONE_HOLD_A_LEG } from "../sim/routines";

/** A set clock as the watch reads it: a fraction of a millisecond past a whole one. */
const START = Date.UTC(2026, 10, 30, 8, 0, 0) + 0.27;
const TEN_MINUTES = 10 * 60000;

describe("review17: a session file 0.02 was writing when the power went", () => {
  it("is kept aside, not erased", () => {
    const storage = storageWith(ONE_HOLD_A_LEG);
    const old = loadBangleApp(BANGLE_APP_0_02, { clockStart: START, storage });
    old.touch(); // the left hold begins
    old.advance(12000); // the left hold is done, the right one runs (saved at the phase change)
    old.leave();
    const whole = storage.get("steadyhold.session.json") as string;
    expect(JSON.parse(whole).state.id).toMatch(/\./); // 0.02's fractional-ms id
    // Torn as it was written: its size, the first half, then erased flash (Espruino's jsfWriteFile).
    const torn = whole.slice(0, whole.length >> 1).padEnd(whole.length, "\xff");
    expect(torn).toMatch(/"id":"[0-9a-z]+\.[0-9a-z]+-[0-9a-z]{4}"/); // the id is before the tear
    storage.set("steadyhold.session.json", torn);
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage });
    expect([...storage.values()]).toContain(torn);
    expect(bangle.screenText()).toContain("1 kept, not sent");
    expect(bangle.errors).toEqual([]);
  });
});
