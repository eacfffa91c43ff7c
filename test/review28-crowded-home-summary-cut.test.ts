// Review 28: 8f6c941 makes room for a fourth status line on the Bangle's home screen by drawing only
// the first two lines of the routine summary. The summary wraps in three (6x8 at scale 2: 14
// characters a line), so its last line, "leg - towel", is simply cut off.
//
// What the user sees: home reads "Hamstrings - 1 / x 10 s each" and stops mid-phrase: the aid
// (towel, band, seated, no aid) and "leg" are gone, with no sign that anything was left out. It
// happens exactly when the watch has most to say (results to sync, one waiting for the time, one
// kept aside, and the last session not kept), e.g. after a session on a full flash.
//
// Why: renderHome passes maxLines 2 to drawWrapped when `crowded`; drawWrapped drops the lines past
// it silently.
// Suggested fix: when crowded, draw the summary at the 6x8 font's scale 1 (28 characters a line: the
// whole summary in two lines of 9 px), or a shorter summary; or end a cut line with "..".
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { storageWith } from "./support/bangle-central";
import { FullFlash } from "./support/bangle-flash";
import { ONE_HOLD_A_LEG } from "../sim/routines";

/** Before 2020: the clock was never set, so results wait for the time. */
const UNSET_CLOCK_START = 5 * 3600 * 1000;

describe("review 28: the Bangle's home screen with four status lines", () => {
  it("still shows the whole routine summary, aid included", () => {
    const storage = new FullFlash(storageWith(ONE_HOLD_A_LEG));
    storage.set("steadyhold.xold-0001", "{damaged"); // kept aside, never sent
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: UNSET_CLOCK_START });
    const calm = bangle.screenText().join(" | ");
    expect(calm).toContain("towel"); // one status line: the summary is whole
    bangle.touch();
    bangle.advance(21000); // a session on the unset clock: its result waits for the time
    bangle.touch(); // home
    bangle.touch(); // the next session, whose result the full flash refuses
    bangle.advance(10500);
    storage.refusing = /^steadyhold\./;
    bangle.advance(10000);
    bangle.touch(); // home
    const crowded = bangle.screenText().join(" | ");
    for (const line of ["to sync", "for the time", "kept, not sent", "Last session not kept"])
      expect(crowded).toContain(line); // the four status lines are there
    expect(crowded).toContain("towel"); // and so is the routine's aid
    expect(bangle.textClashes()).toEqual([]);
    expect(bangle.errors).toEqual([]);
  });
});
