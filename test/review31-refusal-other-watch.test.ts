// Review 31: a refused routine draft is marked refused in the page's store (routineDraftRefusal)
// with no word of WHICH watch refused it, and the mark clears only when the user saves again. Watch
// A (an older app with narrower bounds) answers 0x03 invalid parameter; the user then connects watch
// B. B is never offered the draft (the unsent mark went with A's answer), yet the routine form
// (routineFormContent) keeps showing the draft over B's routine.
// What the user sees, connected to watch B: the routine form filled with the routine watch A
// refused, and no note saying so (the note is shown only when the page opens) — it reads as B's
// routine, while B runs its own, different one. Pressing Start runs B's routine, not the one shown.
import { describe, expect, it } from "vitest";
import { DemoWearable } from "../web/src/demo-wearable";
import { MemoryStore, readDraftStatus } from "../web/src/store";
import { routineFormContent } from "../web/src/routine-form";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { demoClient, demoClock } from "./support/demo-client";
import { SpoilingTransport } from "./support/refusing-watch";

const EDITED: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 45, repsPerLeg: 2 };

describe("review 31: a draft one watch refused, then another watch connects", () => {
  it("the routine form shows the connected watch's routine (or that watch takes the draft), not a routine another watch refused", async () => {
    const clock = demoClock();
    const store = new MemoryStore({ lasting: true });
    await store.saveRoutineDraft(EDITED); // saved while no watch was connected

    const {
      wearable: watchA,
      transport: transportA,
      client: clientA,
    } = demoClient("Bangle.js aaaa", clock, { store, wrap: (inner) => new SpoilingTransport(inner) });
    transportA.refuseRoutine = true; // watch A's bounds are narrower: 0x03 invalid parameter
    await clientA.open();
    expect(await store.routineDraftRefusal()).toBe("invalid parameter");
    clientA.close();
    watchA.dispose();

    const { wearable: watchB, client: clientB } = demoClient("Bangle.js bbbb", clock, {
      store,
      wearable: new DemoWearable(clock, 8),
    });
    await clientB.open();
    expect(clientB.status$.value.link).toBe("connected");
    // What main.ts showRoutine puts in the form when watch B's routine arrives.
    const shown = routineFormContent(clientB.wearableRoutine$.value, await readDraftStatus(store));
    expect(shown.routine).toEqual(watchB.routine());
    clientB.close();
    watchB.dispose();
  });
});
