// Review 20: the Bangle app closes a session the user left a minute ago when the clock was set back
// while the app was away (review 7's Fitbit bug, on the Bangle).
// app.ts resumes a saved session only when `age >= 0 && age <= RESUME_WINDOW_MS`, where age is
// wholeNow() − savedAt. When the clock is set back after the save — Gadgetbridge sets the time over
// the UART each time it reconnects, the App Loader's "set time", the Settings app — the save is
// "in the future": age < 0, and the session is closed as partial at once. The Fitbit app answers
// the same question the other way since review 7 (app/session-file.ts wallAge: "0 when the file's
// time is in the future: the clock went back since, and how long ago is unknown": resumed).
// What the user sees: a notification loads the messages app mid-hold (or they leave for the clock
// for a moment); meanwhile the phone corrects the watch's clock, which ran fast; back in Steady Hold
// a minute later they find home, and the session they were in the middle of is stored as partial
// (not counted toward the day's goal), with no way to go on.
// Suggested fix: as on the Fitbit, treat a save in the future as just made (age 0: resumed, paused),
// e.g. `Math.max(0, wholeNow() - saved.savedAt)`; the session's times then move by the age's
// shortfall like any clock change (runner.ts moveSession).
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { storageWith } from "./support/bangle-central";

const START = Date.UTC(2026, 10, 30, 8, 0, 0);

describe("review20: a session left a minute ago, the clock set back meanwhile", () => {
  it("is resumed (paused), not closed as partial", () => {
    const storage = storageWith({ repsPerLeg: 1, getReadySeconds: 5 });
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    bangle.touch();
    bangle.advance(5000 + 12000); // 12 s into the first hold
    expect(bangle.screenText()[0]).toBe("Hold"); // precondition
    bangle.leave(); // a notification loads the messages app (E's "kill" saves the session)
    bangle.advance(20000);
    bangle.setWallTime(bangle.wallTime() - 3 * 60000); // the phone reconnects: the watch ran 3 minutes fast
    bangle.advance(40000);
    bangle.launch(); // back a minute after leaving
    expect(bangle.screenText().join(" | ")).toContain("Paused");
    expect(bangle.screenText()[0]).toBe("Hold");
    expect(bangle.errors).toEqual([]);
  });
});
