// Review 12: END sent to a session paused for more than 5 minutes (before the app's 60 s check has
// ended it) is answered NOT_ALLOWED although it ends the session. gatt.ts control() first ends the
// forgotten pause (endForgottenPause: the partial result is stored), then applySessionCommand sees a
// finished session and answers END with 0x04. docs/gatt-profile.md: END is allowed while "a session
// is active: it ends and its partial result is stored", and only PAUSE is answered 0x04 for a
// session that had just ended by itself ("END always ends it, one way or the other",
// applySessionCommand). The central saw the session paused (active) and asked to end it; it ended,
// yet the central is told the command was refused.
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { command, pullAll, storageWith } from "./support/bangle-central";
import { RESPONSE_CODE } from "../common/gatt-profile";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const START = Date.UTC(2026, 10, 30, 8, 0, 0);

describe("review12: END for a forgotten pause the app has not ended yet", () => {
  it("is answered SUCCESS: the session ends (where the pause began) and its partial result is stored", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START, storage: storageWith(ONE_HOLD_A_LEG) });
    bangle.gatt.connect();
    bangle.touch(); // start: the left hold begins
    bangle.advance(4000);
    bangle.touch(); // pause, 4 s into the hold
    bangle.advance(5.5 * 60000); // the paused check (every 60 s) ends it only at 6 minutes
    expect(bangle.screenText().join(" ")).toContain("Paused"); // the central sees it paused too
    expect(command(bangle, { op: "end" })).toBe(RESPONSE_CODE.SUCCESS);
    expect(bangle.screenText()).toContain("Ended");
    const results = pullAll(bangle);
    expect(results.map((r) => [r.endedAt - START, r.holds.map((h) => h.achievedMs)])).toEqual([[4000, [4000]]]);
    expect(bangle.errors).toEqual([]);
  });
});
