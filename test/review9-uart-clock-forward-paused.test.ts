// Review 9: the watch's clock set forward over the UART (Gadgetbridge or the App Loader call
// setTime when they connect) while a session is PAUSED. runner.ts wallNow sees a forward jump only
// against an armed timer's deadline, and while paused none is armed (tick and redraw are off), so
// the whole jump counts as pause time: the result's start stays on the old clock and its duration
// grows by the jump. Past two days the record fails the profile's duration bound: encodeResultRecord
// refuses it, store.ts keeps it aside as JSON for good and the session never reaches the companion
// ("1 kept, not sent"); under two days it is sent with its start on the old clock and the jump in
// its duration.
// A SET_CLOCK from the web companion in the same pause is handled (clockMoved); setTime is not.
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { files, pullAll, storageWith } from "./support/bangle-central";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const DAY = 24 * 3600 * 1000;
const START = Date.UTC(2026, 10, 30, 8, 0, 0);

describe("review9: clock set forward over the UART during a pause", () => {
  it.each([
    ["three days", 3 * DAY],
    ["one hour", 3600 * 1000],
  ])("set %s ahead: the session still reaches the central, with the time actually spent", (_name, jumpMs) => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, {
      clockStart: START,
      storage: storageWith(ONE_HOLD_A_LEG),
    });
    bangle.touch(); // start: the left hold begins at once
    bangle.advance(4000);
    bangle.touch(); // pause
    bangle.advance(3000);
    bangle.setWallTime(bangle.wallTime() + jumpMs); // Gadgetbridge connects and sets the time
    bangle.advance(2000);
    bangle.touch(); // go on
    bangle.advance(20000); // 6 s left of the left hold, then the 10 s right hold
    expect(bangle.screenText()).toContain("Well done");
    bangle.touch(); // home
    const results = pullAll(bangle);
    expect(bangle.logs.filter((l) => /cannot be sent|kept aside/.test(l))).toEqual([]);
    expect(files(bangle, "steadyhold.x")).toEqual([]); // nothing set aside
    expect(results).toHaveLength(1);
    const r = results[0];
    // 4 s + 3 s + 2 s paused + 6 s + 10 s = 25 s were spent; the jump is not part of it.
    expect(r.endedAt - r.startedAt).toBeLessThan(60000);
    // …and its start is on the clock as set (the jump corrected the clock, it did not pass).
    expect(r.startedAt).toBeGreaterThanOrEqual(START + jumpMs - 60000);
    expect(bangle.errors).toEqual([]);
  });
});

describe("review9 fix: the paused check sees the jump at its own deadline", () => {
  it("set three days ahead, seen by the check a minute later: the pause counts in full, the jump not at all", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, {
      clockStart: START,
      storage: storageWith(ONE_HOLD_A_LEG),
    });
    bangle.touch(); // start
    bangle.advance(4000);
    bangle.touch(); // pause
    bangle.advance(3000);
    bangle.setWallTime(bangle.wallTime() + 3 * DAY);
    bangle.advance(120000); // the check fires (at 60 s and 120 s of the pause)
    expect(bangle.screenText()).toContain("Paused");
    bangle.touch(); // go on
    bangle.advance(20000);
    expect(bangle.screenText()).toContain("Well done");
    bangle.touch();
    const r = pullAll(bangle)[0];
    // 4 s + 123 s paused + 6 s + 10 s: the check's deadline tells exactly when the jump came.
    expect(Math.abs(r.endedAt - r.startedAt - 143000)).toBeLessThanOrEqual(1);
    expect(r.startedAt).toBe(START + 3 * DAY);
    expect(bangle.errors).toEqual([]);
  });
});
