// Review 12: a saved session finished at launch whose result the full flash refuses is overwritten
// by the next session. runner.ts finishSaved keeps the session file when storeAndTell fails (flash
// full: neither the record nor the set-aside JSON could be written) — but, unlike a session ending
// in this run (apply: `unkept = result`), it does not remember the result as unkept. So keepUnkept()
// answers true, the next tap starts a new session (startSession / GATT START are not refused), and
// that session's first save overwrites the session file: the only copy of the earlier session on
// flash. Its holds never reach the companion. Expected: as for a result not kept in this run, no new
// session starts over it (or its result is kept once there is room again).
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { pullAll, storageWith } from "./support/bangle-central";
import { FullFlash } from "./support/bangle-flash";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const START = Date.UTC(2026, 10, 30, 8, 0, 0);

describe("review12: a saved session the launch cannot keep (flash full)", () => {
  it("is not overwritten by the next session: its holds still reach the central once there is room", () => {
    const storage = new FullFlash(storageWith(ONE_HOLD_A_LEG));
    const first = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    first.touch(); // start: the left hold begins
    first.advance(10500); // the left hold is done, the right hold began (saved)
    // The battery goes here: nothing more is saved (this run is not driven again).
    // Opened again 10 minutes later on a nearly full flash: no room for the result (record or JSON).
    storage.refusing = /^steadyhold\.[rx]/;
    const second = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START + 10 * 60000 });
    expect(storage.has("steadyhold.session.json")).toBe(true); // the earlier session, kept for a later try
    second.touch(); // a new session is asked for
    second.advance(500);
    // Room again (e.g. the companion fetched other results): the new session runs to its end.
    storage.refusing = null;
    second.advance(30000);
    if (second.screenText().join(" ").includes("Flash full")) second.touch(); // refused once, then tried again
    second.advance(30000);
    second.touch(); // home
    second.advance(1000);
    const results = pullAll(second);
    // The session of 08:00 (its left hold of 10 s) is among them, whatever else ran.
    expect(results.filter((r) => r.startedAt === START)).toHaveLength(1);
    expect(results.find((r) => r.startedAt === START)?.holds[0].achievedMs).toBe(10000);
    expect(second.errors).toEqual([]);
  });
});
