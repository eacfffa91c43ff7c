// A session the Bangle cannot keep safe is not started, and the refusal says what helps.
// - The session's own saves (store.ts saveSession: steadyhold.session.json and its copy) must fit,
//   not only the spare kept for its result: before 0.09, with the spare left from the last session
//   and the flash filled by other apps since, a session started whose every save failed, and a reset
//   lost the holds done.
// - "Last session not kept yet" (a finished result the full flash refused waits in memory) advised
//   "Sync to make room." with nothing waiting to be synced: a sync frees nothing then.
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { BangleBackend } from "./browser/support/bangle-backend";
import { pullAll, response, storageWith } from "./support/bangle-central";
import { BoundedFlash, FullFlash } from "./support/bangle-flash";
import { BackendTransport } from "../web/src/backend-transport";
import { MemoryStore } from "../web/src/store";
import { WearableClient } from "../web/src/wearable-client";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const START = Date.UTC(2026, 10, 30, 8, 0, 0);
/** Free bytes other apps left: more than nothing, less than one save of this routine (about 460 bytes at its start). */
const LEFT_FREE = 300;

/** A flash holding the spare the first session made and that session's record, then filled by other apps. */
function filledAfterOneSession(): { storage: BoundedFlash; bangle: ReturnType<typeof loadBangleApp> } {
  const storage = new BoundedFlash(storageWith(ONE_HOLD_A_LEG));
  const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START });
  bangle.touch();
  bangle.advance(21000); // both holds: done
  bangle.touch(); // home
  bangle.gatt.connect();
  expect(pullAll(bangle).map((r) => r.completed)).toEqual([true]); // synced: nothing waits
  bangle.gatt.disconnect();
  expect(storage.has("steadyhold.spare")).toBe(true); // kept for the next session
  storage.capacity = storage.used() + LEFT_FREE;
  return { storage, bangle };
}

describe("a session whose saves do not fit", () => {
  it("is not started, and the watch says why; once there is room it starts and a reset keeps its holds", () => {
    const { storage, bangle } = filledAfterOneSession();
    const buzzes = bangle.buzzes.length;
    bangle.touch();
    expect(bangle.screenText().join(" | ")).toContain(
      "Flash full | No room to | save it. | Free flash | (other apps).",
    );
    bangle.advance(12000);
    expect(bangle.buzzes.length).toBe(buzzes); // no session ran
    expect(storage.has("steadyhold.session.json")).toBe(false);

    storage.capacity = Infinity; // the user freed flash
    bangle.touch(); // tries again: it starts
    bangle.advance(12000); // the left hold done, the right one begun
    bangle.crashAndRelaunch();
    bangle.advance(360000); // past the resume window: the next launch keeps what was saved
    bangle.crashAndRelaunch();
    bangle.gatt.connect();
    const pulled = pullAll(bangle);
    expect(pulled.map((r) => ({ completed: r.completed, heldMs: r.holds[0]?.achievedMs }))).toEqual([
      { completed: false, heldMs: 10000 },
    ]);
    expect(bangle.errors).toEqual([]);
  });

  it("started from the web page, is refused NOT_ALLOWED, and the page and the watch say the storage is full", async () => {
    const { bangle } = filledAfterOneSession();
    const transport = new BackendTransport("Bangle.js 2", new BangleBackend(bangle), "watch-1");
    const client = new WearableClient(transport, new MemoryStore({ lasting: true }), {
      delay: async () => undefined,
      livePollMs: 3_600_000,
      log: () => undefined,
    });
    await client.open();
    const outcome = await client.command("start");
    expect(response(bangle)).toMatchObject({ opcode: 1, code: 4 }); // not allowed now
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/storage is full: there is no room to save the session or keep its result/);
    expect(bangle.screenText().join(" | ")).toContain("Flash full | No room to | save it.");
    client.close();
  });
});

describe("a session asked for while the last one's result waits in memory (the flash refused it)", () => {
  /** A session whose record and set-aside copy the flash refuses at its end (the spare's room does not help). */
  function unkeptAfter(sessions: number): ReturnType<typeof loadBangleApp> {
    const storage = new FullFlash(storageWith(ONE_HOLD_A_LEG));
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
