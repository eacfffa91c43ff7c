// Review 20: on a full flash, a second routine write erases the routine in force.
// saveRoutine (store.ts writeThroughCopy) writes steadyhold.json.new, then steadyhold.json. When
// the flash takes the copy but refuses the file, the firmware has already erased the old
// steadyhold.json, and the copy alone holds the routine in force (answered SUCCESS, as documented).
// The next routine write whose copy the flash refuses then erases that copy too
// (`storage.erase(copy)`: "a torn or stale copy must not win over the file") — but there is no file
// any more. The write is answered NOT_ALLOWED ("the routine in force stays"), yet nothing of it is
// left on flash.
// What the user sees: after the watch's next launch of the app, the routine they set on the phone
// (e.g. 2 × 45 s, right leg first) is gone and the default (3 × 30 s, left first) plays, while the
// companion believes the watch still has the routine it last confirmed.
// Suggested fix: remember (as saveSession's onlyInCopy does) that the copy is the only whole save,
// and then write the file first, erasing the copy only once the file is written; or never erase a
// copy when the file is missing.
import { describe, expect, it } from "vitest";
import { CHARACTERISTIC_UUIDS, RESPONSE_CODE, decodeRoutineValue, encodeRoutineValue } from "../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { response } from "./support/bangle-central";
import { FullFlash } from "./support/bangle-flash";

describe("review20: two routine writes on a full flash", () => {
  it("keep the routine last answered SUCCESS for the next launch", () => {
    const storage = new FullFlash();
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage });
    const kept: Routine = { ...DEFAULT_ROUTINE, repsPerLeg: 2, holdSeconds: 45, firstLeg: "right" };
    const refused: Routine = { ...DEFAULT_ROUTINE, repsPerLeg: 4, holdSeconds: 20 };

    storage.refusing = /^steadyhold\.json$/; // room for the copy, not for the file
    bangle.gatt.write(CHARACTERISTIC_UUIDS.routine, encodeRoutineValue(kept));
    expect(response(bangle).code).toBe(RESPONSE_CODE.SUCCESS); // precondition: kept in the copy

    storage.refusing = /^steadyhold\.json/; // no room for either
    bangle.gatt.write(CHARACTERISTIC_UUIDS.routine, encodeRoutineValue(refused));
    expect(response(bangle).code).toBe(RESPONSE_CODE.NOT_ALLOWED); // precondition: "the routine in force stays"

    storage.refusing = null;
    bangle.reload(); // the user leaves for the clock and opens Steady Hold again
    const decoded = decodeRoutineValue(bangle.gatt.read(CHARACTERISTIC_UUIDS.routine));
    expect(decoded.ok && decoded.value).toEqual(kept);
    expect(bangle.errors).toEqual([]);
  });
});
