// Review 9: a routine written by the central while the flash cannot take steadyhold.json.
// The peripheral answers SUCCESS and the app plays the routine from memory, but it was never
// stored: the next launch of the app (leaving for the clock and coming back) silently goes back to
// the old routine, while the companion believes the watch has the new one (it was told SUCCESS).
import { describe, expect, it } from "vitest";
import {
  CHARACTERISTIC_UUIDS,
  OPCODE,
  RESPONSE_CODE,
  decodeRoutineValue,
  encodeRoutineValue,
} from "../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { response } from "./support/bangle-central";

/** Storage.write throws for names starting with `refused`, as the firmware does on a full flash. */
class FlashThatRefuses extends Map<string, string> {
  refused: string | null = null;
  override set(name: string, text: string): this {
    if (this.refused !== null && name.startsWith(this.refused)) throw new Error("Unable to find or create file");
    return super.set(name, text);
  }
}

describe("review9: a routine write the flash refuses", () => {
  it("is not answered SUCCESS unless the watch still has that routine after the app restarts", () => {
    const storage = new FlashThatRefuses();
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage });
    const routine: Routine = { ...DEFAULT_ROUTINE, repsPerLeg: 2, holdSeconds: 45, firstLeg: "right" };
    storage.refused = "steadyhold.json";
    bangle.gatt.write(CHARACTERISTIC_UUIDS.routine, encodeRoutineValue(routine));
    const answer = response(bangle);
    expect(answer.opcode).toBe(OPCODE.ROUTINE_WRITE);
    storage.refused = null;
    bangle.reload(); // the user leaves for the clock and opens Steady Hold again
    const decoded = decodeRoutineValue(bangle.gatt.read(CHARACTERISTIC_UUIDS.routine));
    const kept = decoded.ok && decoded.value.holdSeconds === 45 && decoded.value.repsPerLeg === 2;
    // Either the write was refused (the companion knows and can retry), or it was kept.
    expect({ code: answer.code, keptAfterRestart: kept }).not.toEqual({
      code: RESPONSE_CODE.SUCCESS,
      keptAfterRestart: false,
    });
    expect(bangle.errors).toEqual([]);
  });

  it("answers NOT_ALLOWED and keeps the routine in force; a retry once there is room is kept", () => {
    const storage = new FlashThatRefuses();
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage });
    const routine: Routine = { ...DEFAULT_ROUTINE, repsPerLeg: 2, holdSeconds: 45, firstLeg: "right" };
    storage.refused = "steadyhold.json";
    bangle.gatt.write(CHARACTERISTIC_UUIDS.routine, encodeRoutineValue(routine));
    expect(response(bangle)).toMatchObject({ opcode: OPCODE.ROUTINE_WRITE, code: RESPONSE_CODE.NOT_ALLOWED });
    const inForce = decodeRoutineValue(bangle.gatt.read(CHARACTERISTIC_UUIDS.routine));
    expect(inForce.ok && inForce.value.holdSeconds).toBe(DEFAULT_ROUTINE.holdSeconds);
    storage.refused = null;
    bangle.gatt.write(CHARACTERISTIC_UUIDS.routine, encodeRoutineValue(routine));
    expect(response(bangle).code).toBe(RESPONSE_CODE.SUCCESS);
    bangle.reload();
    const kept = decodeRoutineValue(bangle.gatt.read(CHARACTERISTIC_UUIDS.routine));
    expect(kept.ok && kept.value.holdSeconds).toBe(45);
    expect(bangle.errors).toEqual([]);
  });
});
