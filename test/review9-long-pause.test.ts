// Review 9: a session paused for more than two days (the paused screen stays up; the user comes
// back and ends it with the button). The result is valid, but its duration (endedAt − startedAt,
// the pause included) is above the profile's MAX_DURATION_MS, so encodeResultRecord refuses it
// ("cannot be sent (… duration … is outside 0–172800000)") and store.ts storeResult keeps it aside
// as JSON, for good: its holds never reach the companion and the watch shows "1 kept, not sent"
// for ever. The time a session spends paused says nothing about its holds; the record's duration
// bound should not cost the user the session (e.g. count a pause beyond the bound as ended).
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { files, pullAll, storageWith } from "./support/bangle-central";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const DAY = 24 * 3600 * 1000;

describe("review9: a session paused for three days, then ended", () => {
  it("still reaches the central (its holds are not set aside as damaged)", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, {
      clockStart: Date.UTC(2026, 10, 27, 8, 0, 0),
      storage: storageWith(ONE_HOLD_A_LEG),
    });
    bangle.touch(); // start: the left hold begins at once
    bangle.advance(8000);
    bangle.touch(); // pause, 8 s into the hold
    bangle.advance(3 * DAY);
    bangle.press(); // the button while paused ends the session: a partial result is stored
    expect(bangle.screenText()).toContain("Ended");
    bangle.touch(); // home
    const results = pullAll(bangle);
    expect(bangle.logs.filter((l) => /set aside|kept aside|cannot be sent/.test(l))).toEqual([]);
    expect(files(bangle, "steadyhold.x")).toEqual([]);
    expect(results).toHaveLength(1);
    expect(results[0].holds[0].achievedMs).toBe(8000);
    expect(bangle.errors).toEqual([]);
  });
});

describe("review9 fix: a forgotten pause ends the session where the pause began", () => {
  const START = Date.UTC(2026, 10, 27, 8, 0, 0);

  it("with the app open: after 5 minutes paused it ends by itself, as partial, its end the pause's start", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START, storage: storageWith(ONE_HOLD_A_LEG) });
    bangle.touch(); // start: the left hold begins at once
    bangle.advance(8000);
    bangle.touch(); // pause
    bangle.advance(4 * 60000);
    expect(bangle.screenText()).toContain("Paused"); // 4 minutes: still a pause
    bangle.advance(3 * 60000); // past 5 minutes: the slow check (every 60 s) ends it
    expect(bangle.screenText()).toContain("Ended");
    expect(files(bangle, "steadyhold.r")).toHaveLength(1); // stored without any tap
    bangle.touch(); // home
    const results = pullAll(bangle);
    expect(results).toHaveLength(1);
    expect(results[0].completed).toBe(false);
    expect(results[0].startedAt).toBe(START);
    expect(results[0].endedAt).toBe(START + 8000);
    expect(results[0].holds.map((h) => h.achievedMs)).toEqual([8000]);
    expect(bangle.errors).toEqual([]);
  });

  it("a pause under 5 minutes goes on as before", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START, storage: storageWith(ONE_HOLD_A_LEG) });
    bangle.touch();
    bangle.advance(8000);
    bangle.touch(); // pause
    bangle.advance(4.5 * 60000);
    bangle.touch(); // go on
    bangle.advance(15000);
    expect(bangle.screenText()).toContain("Well done");
    bangle.touch();
    const results = pullAll(bangle);
    expect(results[0].completed).toBe(true);
    expect(results[0].holds.map((h) => h.achievedMs)).toEqual([10000, 10000]);
  });

  it("saved while paused and opened days later: kept as partial, ending where the pause began", () => {
    const storage = storageWith(ONE_HOLD_A_LEG);
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START, storage });
    bangle.touch();
    bangle.advance(8000);
    bangle.touch(); // pause (saved)
    bangle.advance(2 * 60000);
    bangle.reload(); // left for the clock and opened again: saved (2 minutes after the pause), back paused
    expect(bangle.screenText()).toContain("Paused");
    // The battery runs flat with the paused screen up; the app is opened three days later.
    const later = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + 3 * DAY, storage });
    const results = pullAll(later);
    expect(results).toHaveLength(1);
    expect(results[0].endedAt).toBe(START + 8000);
    expect(results[0].holds.map((h) => h.achievedMs)).toEqual([8000]);
    expect(files(later, "steadyhold.x")).toEqual([]);
    expect(later.errors).toEqual([]);
  });
});
