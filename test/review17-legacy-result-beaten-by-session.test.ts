// review17: a result version 0.02 set aside, left with the session file it came from (0.02 wrote the
// result, then a reset came before it erased the session file: test/bangle-rescue.test.ts builds the
// same files). The launch finds the flash full: the rescue of the set-aside result is refused and
// kept for the next launch (rescue.ts), but the session file — read under the same whole-ms id
// (store.ts loadSessionFile) — is closed as a partial result from its last save (the right hold just
// begun), which the app keeps in memory and writes once there is room. The next launch's rescue then
// finds a result kept under that id (isResultKept), takes it for its own earlier copy and erases
// the complete result 0.02 left: the central gets the partial session (completed false, the right
// hold 0 ms). Had the central already taken the partial one, the complete one follows under the same
// id: one session sent twice, with two contents.
import { describe, expect, it } from "vitest";
import { SessionResult } from "../common/result";
import { BANGLE_APP_0_02, FakeBangle, loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { pullAll, storageWith } from "./support/bangle-central";
import { FullFlash, applyChanges, firstErase } from "./support/bangle-flash";
import { wholeMsId } from "../wearables/bangle/src/whole-ms";
import { ONE_HOLD_A_LEG } from "../sim/routines";

/** A set clock as the watch reads it: a fraction of a millisecond past a whole one. */
const START = Date.UTC(2026, 10, 30, 8, 0, 0) + 0.27;
const TEN_MINUTES = 10 * 60000;

/** 0.02 finishes a session (two 10 s holds); the power goes just before it erases the session file. */
function leftBy002(): { flash: FullFlash; legacy: SessionResult } {
  const recorded = new FullFlash(storageWith(ONE_HOLD_A_LEG));
  recorded.changes = [];
  const old = loadBangleApp(BANGLE_APP_0_02, { clockStart: START, storage: recorded });
  old.touch();
  old.advance(21000);
  const erase = firstErase(recorded.changes, "steadyhold.session.json");
  expect(erase).toBeGreaterThan(0);
  const flash = applyChanges(new FullFlash(storageWith(ONE_HOLD_A_LEG)), recorded.changes.slice(0, erase));
  const setAside = [...flash.keys()].filter((k) => k.startsWith("steadyhold.x"));
  expect(setAside).toHaveLength(1);
  expect(flash.has("steadyhold.session.json")).toBe(true);
  const legacy = JSON.parse(flash.get(setAside[0]) as string) as SessionResult;
  expect(legacy.completed).toBe(true);
  expect(legacy.holds.map((h) => Math.round(h.achievedMs))).toEqual([10000, 10000]);
  return { flash, legacy };
}

/** The updated app opens 10 minutes later on a full flash (no result file of any kind fits); then there is room. */
function launchOnFullFlash(flash: FullFlash): FakeBangle {
  flash.refusing = /^steadyhold\.[rux]/;
  const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage: flash });
  flash.refusing = null; // room again (e.g. another app's files removed)
  return bangle;
}

describe("review17: a 0.02 result and its session file, the flash full at the launch", () => {
  it("the complete result 0.02 left reaches the central, not the session file's earlier save", () => {
    const { flash, legacy } = leftBy002();
    const bangle = launchOnFullFlash(flash);
    bangle.leave(); // the app is left: what it held in memory is written now that there is room
    bangle.reload();
    const results = pullAll(bangle);
    bangle.reload();
    results.push(...pullAll(bangle));
    expect(results.map((r) => r.id)).toEqual([wholeMsId(legacy.id)]);
    expect(results[0].completed).toBe(true);
    expect(results[0].holds.map((h) => h.achievedMs)).toEqual([10000, 10000]);
  });

  it("one session is sent once: the central that took the partial one is not sent it again", () => {
    const { flash, legacy } = leftBy002();
    const bangle = launchOnFullFlash(flash);
    bangle.touch(); // a new session: what the app held in memory is written first, now that there is room
    bangle.advance(21000);
    bangle.touch(); // home
    const results = pullAll(bangle);
    bangle.reload();
    results.push(...pullAll(bangle));
    bangle.reload();
    results.push(...pullAll(bangle));
    const sessionOf002 = results.filter((r) => r.id === wholeMsId(legacy.id));
    expect(sessionOf002.map((r) => r.completed)).toEqual([true]);
  });
});
