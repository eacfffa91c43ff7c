// Review 31: the real peripheral (common/gatt-peripheral.ts, run by the Bangle.js app) takes a
// routine during a session (it applies from the next one) and answers a routine write 0x04 "not
// allowed now" only when it could not store it: its flash is full (wearables/bangle/src/gatt.ts
// setRoutine -> saveRoutine). The web client's 0x04 handling was built against a test watch that is
// "busy in a session" (test/support/refusing-watch.ts), so a held-back draft is sent again only when
// a session ends or at the next connection. On a Bangle whose flash is full of unsent sessions the
// page refuses the draft at connect and, a moment later, pulls and acknowledges those sessions (the
// watch deletes them: room again) — and never sends the draft again on this connection.
// What the user sees: "The watch cannot take the routine saved on this device now (not allowed now:
// it is busy, e.g. in a session) …" while the watch sits idle on its home screen; the sessions are
// fetched, the watch has room, but the next session still runs the old routine (the draft goes only
// after that session ends, or at the next connection).
import { describe, expect, it, vi } from "vitest";
import { DEMO_STEP_MS, DemoWearable } from "../web/src/demo-wearable";
import { MemoryStore } from "../web/src/store";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { demoClient, demoClock } from "./support/demo-client";

const SHORT: Routine = {
  ...DEFAULT_ROUTINE,
  repsPerLeg: 1,
  holdSeconds: 8,
  getReadySeconds: 0,
  restSeconds: 0,
  switchSeconds: 0,
};
const EDITED: Routine = { ...SHORT, holdSeconds: 45 };

/** A watch answering as the Bangle.js app does: a routine it cannot store (flash full of unsent sessions) is refused. */
class FlashFullOfSessions extends DemoWearable {
  refusedRoutines = 0;
  setRoutine(routine: Routine): boolean {
    if (this.storedResults > 0) {
      this.refusedRoutines++;
      return false;
    }
    super.setRoutine(routine);
    return true;
  }
}

describe("review 31: a routine draft a Bangle refuses for a full flash", () => {
  it("is sent once the page's pull has made room on the watch, not only after the next session", async () => {
    const clock = demoClock();
    const store = new MemoryStore({ lasting: true });
    const wearable = new FlashFullOfSessions(clock, 7);
    wearable.setRoutine(SHORT);
    expect(wearable.control("start", clock.now())).toBe(1); // a session done on the watch, never fetched
    for (let t = 0; t < 2 * SHORT.holdSeconds * 1000 + 500; t += DEMO_STEP_MS) {
      clock.ms += DEMO_STEP_MS;
      wearable.step();
    }
    expect(wearable.storedResults).toBe(1); // the flash is full of it
    await store.saveRoutineDraft(EDITED); // saved on the page while no watch was connected

    const { client } = demoClient("Bangle.js 1a2b", clock, { store, wearable });
    await client.open(); // connect (draft refused: full), then the pull stores and acknowledges the session
    expect(wearable.refusedRoutines).toBe(1);
    expect(wearable.storedResults).toBe(0); // acknowledged: the watch deleted it, its flash has room
    expect(await store.all()).toHaveLength(1);

    // The watch is idle and has room: the draft the page promised to send should be on it now.
    await vi.waitFor(() => expect(wearable.routine()).toEqual(EDITED), { timeout: 500 });
    expect(await store.unsentRoutineDraft()).toBeNull();
    client.close();
    wearable.dispose();
  });
});
