// The spare kept for a session's result (store.ts keepSpare) is sized by the routine in force
// (common/result-room.ts), kept when large enough and grown when not; and when it cannot be made
// the refusal says what can help: a sync only while results wait to be sent.
import { describe, expect, it } from "vitest";
import { resultRoomBytes } from "../common/result-room";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { storageWith } from "./support/bangle-central";
import { BoundedFlash } from "./support/bangle-flash";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const START = Date.UTC(2026, 10, 30, 8, 0, 0);
const SPARE = "steadyhold.spare";

describe("the Bangle's spare for a session's result", () => {
  it("is the routine's worst record on a set clock, kept as it is when large enough", () => {
    const storage = new BoundedFlash(storageWith(ONE_HOLD_A_LEG));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    bangle.touch();
    expect(storage.get(SPARE)?.length).toBe(resultRoomBytes(ONE_HOLD_A_LEG, false)); // 478 bytes
    bangle.advance(25000);
    bangle.touch(); // home
    expect(bangle.screenText().join(" | ")).toContain("1 result to sync"); // the session was kept
    storage.set(SPARE, "s" + "\xff".repeat(4095)); // the 4 KB spare 0.07 left
    bangle.touch(); // the next session: that spare holds its result
    expect(bangle.isRunning()).toBe(true);
    expect(storage.get(SPARE)?.length).toBe(4096);
    expect(bangle.errors).toEqual([]);
  });

  it("grows on an unset clock to the JSON that waits for the clock", () => {
    const storage = new BoundedFlash(storageWith(ONE_HOLD_A_LEG));
    storage.set(SPARE, "s" + "\xff".repeat(477)); // made for this routine on a set clock
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: Date.UTC(1970, 0, 2) });
    bangle.touch();
    expect(storage.get(SPARE)?.length).toBe(resultRoomBytes(ONE_HOLD_A_LEG, true)); // 1,866 bytes
    expect(bangle.isRunning()).toBe(true);
    expect(bangle.errors).toEqual([]);
  });

  it("refused on a full flash with no result waiting, does not promise that a sync helps", () => {
    const storage = new BoundedFlash(storageWith(ONE_HOLD_A_LEG));
    storage.capacity = storage.used() + 100; // less than the 478-byte spare and its 32-byte header
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    bangle.touch();
    const screen = bangle.screenText().join(" | ");
    expect(screen).toContain("Flash full | No room for | its result. | Free flash | (other apps).");
    expect(screen).not.toContain("Sync");
  });

  it("refused with a result waiting, says a sync (or freeing flash) helps", () => {
    const storage = new BoundedFlash(storageWith(ONE_HOLD_A_LEG));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    bangle.touch();
    bangle.advance(25000); // a session done: its record waits to be sent
    bangle.touch(); // home
    expect(bangle.screenText().join(" | ")).toContain("1 result to sync");
    storage.delete(SPARE);
    storage.capacity = storage.used() + 100;
    bangle.touch();
    expect(bangle.screenText().join(" | ")).toContain(
      "Flash full | No room for | its result. | Sync, or free | flash.",
    );
  });
});
