// Review 12: a routine write the full flash refuses erases the routine that was stored.
// Since review 9 the peripheral answers NOT_ALLOWED and "the routine in force stays" (gatt.ts
// setRoutine: "refused, so the companion knows and the next launch agrees with it"). But on the
// firmware a refused Storage.write has already ERASED the file it was to replace (jsfWriteFile
// erases the old file, then cannot create the new one: "Unable to find or create file" — the model
// the lead's own review9 test "a nearly full flash that takes the copy…" uses). store.ts saveRoutine
// writes steadyhold.json in place, so after the refusal there is no routine on flash: the app keeps
// the user's routine in memory until it is next opened, then silently starts the DEFAULT routine,
// while the companion, told NOT_ALLOWED, still believes the watch has the user's routine.
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { response, storageWith } from "./support/bangle-central";
import {
  CHARACTERISTIC_UUIDS,
  OPCODE,
  RESPONSE_CODE,
  decodeRoutineValue,
  encodeRoutineValue,
} from "../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";

/** As the firmware: a write the full flash refuses throws, having erased the file it was to replace. */
class FirmwareFlash extends Map<string, string> {
  /** Names whose writes the flash refuses (a full flash refuses every routine write, its copy's too); unset while Map's constructor fills it. */
  refused: string[] = [];
  override set(name: string, text: string): this {
    if ((this.refused ?? []).indexOf(name) >= 0) {
      super.delete(name);
      throw new Error("Unable to find or create file");
    }
    return super.set(name, text);
  }
}

describe("review12: a routine write refused by the full flash", () => {
  it("refused whole (copy and file): NOT_ALLOWED, and the routine in force stays on flash too: the next launch still has the user's routine", () => {
    const mine: Partial<Routine> = { repsPerLeg: 2, holdSeconds: 45, firstLeg: "right" };
    const storage = new FirmwareFlash(storageWith(mine)); // the user's routine, stored earlier
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage });
    const next: Routine = { ...DEFAULT_ROUTINE, repsPerLeg: 4, holdSeconds: 20 };
    storage.refused = ["steadyhold.json.new", "steadyhold.json"]; // the flash is full
    bangle.gatt.write(CHARACTERISTIC_UUIDS.routine, encodeRoutineValue(next));
    expect(response(bangle)).toMatchObject({ opcode: OPCODE.ROUTINE_WRITE, code: RESPONSE_CODE.NOT_ALLOWED });
    storage.refused = [];
    bangle.reload(); // the user leaves for the clock and opens Steady Hold again
    const inForce = decodeRoutineValue(bangle.gatt.read(CHARACTERISTIC_UUIDS.routine));
    expect(inForce.ok && [inForce.value.repsPerLeg, inForce.value.holdSeconds, inForce.value.firstLeg]).toEqual([
      2,
      45,
      "right",
    ]);
    expect(bangle.errors).toEqual([]);
  });

  it("kept in its copy when the flash takes the copy but refuses the file: answered SUCCESS, in force after a restart", () => {
    const storage = new FirmwareFlash(storageWith({ repsPerLeg: 2, holdSeconds: 45, firstLeg: "right" }));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage });
    const next: Routine = { ...DEFAULT_ROUTINE, repsPerLeg: 4, holdSeconds: 20 };
    storage.refused = ["steadyhold.json"];
    bangle.gatt.write(CHARACTERISTIC_UUIDS.routine, encodeRoutineValue(next));
    expect(response(bangle)).toMatchObject({ opcode: OPCODE.ROUTINE_WRITE, code: RESPONSE_CODE.SUCCESS });
    storage.refused = [];
    bangle.reload();
    const inForce = decodeRoutineValue(bangle.gatt.read(CHARACTERISTIC_UUIDS.routine));
    expect(inForce.ok && [inForce.value.repsPerLeg, inForce.value.holdSeconds]).toEqual([4, 20]);
    expect(bangle.errors).toEqual([]);
  });
});
