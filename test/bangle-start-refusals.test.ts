// A session the Bangle cannot keep safe is not started, and the refusal says what helps.
// - "Last session not kept yet" (a finished result the full flash refused waits in memory) advised
//   "Sync to make room." with nothing waiting to be synced: a sync frees nothing then.
import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { storageWith } from "./support/bangle-central";
import { FullFlash } from "./support/bangle-flash";

const START = Date.UTC(2026, 10, 30, 8, 0, 0);
const SHORT: Routine = {
  ...DEFAULT_ROUTINE,
  repsPerLeg: 1,
  holdSeconds: 10,
  restSeconds: 0,
  switchSeconds: 0,
  getReadySeconds: 0,
};

describe("a session asked for while the last one's result waits in memory (the flash refused it)", () => {
  /** A session whose record and set-aside copy the flash refuses at its end (the spare's room does not help). */
  function unkeptAfter(sessions: number): ReturnType<typeof loadBangleApp> {
    const storage = new FullFlash(storageWith(SHORT));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
    for (let i = 0; i < sessions; i++) {
      if (i === sessions - 1) storage.refusing = /^steadyhold\.[rx]/;
      bangle.touch();
      bangle.advance(21000);
      bangle.touch(); // home
    }
    expect(bangle.screenText().join(" | ")).toContain("Last session not kept");
    return bangle;
  }

  it("with nothing waiting to sync, says to free flash, not to sync", () => {
    const bangle = unkeptAfter(1);
    bangle.touch();
    const screen = bangle.screenText().join(" | ");
    expect(screen).toContain("Flash full | Last session | not kept yet. | Free flash | (other apps).");
    expect(screen).not.toContain("Sync");
  });

  it("with a result waiting to sync, says a sync (or freeing flash) helps", () => {
    const bangle = unkeptAfter(2);
    bangle.touch();
    expect(bangle.screenText().join(" | ")).toContain(
      "Flash full | Last session | not kept yet. | Sync, or free | flash.",
    );
  });
});
