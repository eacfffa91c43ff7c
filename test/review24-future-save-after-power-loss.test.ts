// Review 24: a session saved on the unset clock is resumed after the power went, as if just left.
// Fix 20 (app.ts) takes a save "from the future" as just made: `Math.max(0, wholeNow() - savedAt)`,
// right for a set clock that Gadgetbridge set back. On the unset clock (1970, never set) the clock
// only goes back when the power went: the timeline file (steadyhold.clock.json) is written at launch
// and when a result is kept, not as the session is saved, so a power-up that reaches the launch's
// time again is taken for the same timeline (isThisClockRun), and the save's being in the future was
// the only sign left — the `age >= 0` guard the fix dropped.
// What the user sees: the battery ran flat mid-session (or the app was left and the watch died);
// hours later, charged, they open Steady Hold and find that old session resumed, paused, as if left
// a moment ago, instead of kept as partial ("1 waits for the time") with home on screen.
// Suggested fix: on the unset clock keep `age >= 0` (a save ahead of now there means a new power-up:
// finishSaved); or let knownTimeline take the saved session's savedAt as a floor of latestMs, so
// noteUnsetClock starts a new timeline and sameClock is false.
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { storageWith } from "./support/bangle-central";

const MINUTES_AFTER_POWER_UP = (m: number): number => m * 60000;

describe("review24: a session saved on the unset clock, then the power went", () => {
  it("is kept as partial, not resumed as if just left", () => {
    const storage = storageWith({ repsPerLeg: 5, holdSeconds: 60, restSeconds: 10, getReadySeconds: 5 });
    const first = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    first.touch();
    first.advance(5 * 60000); // five minutes into the session, on the unset clock
    expect(first.screenText().join(" | ")).not.toContain("Well done"); // precondition: unfinished
    first.leave(); // saved at 15 minutes after power-up
    // The battery runs flat; charged, the unset clock starts at 0 again; opened 12 minutes after.
    const after = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(12) });
    expect(after.screenText().join(" | ")).not.toContain("Paused");
    expect(after.screenText().join(" | ")).toContain("1 waits for the time");
    expect(after.errors).toEqual([]);
  });
});
