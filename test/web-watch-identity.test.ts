// Per-watch records key on what identifies the watch (Web Bluetooth's BluetoothDevice.id, stable per
// origin), not on its advertised name: two Bangle.js 2 watches of a household may share the name.
// What the user saw before the fix: watch A (an older app, narrower bounds) refused the routine saved
// on the page; the other watch, advertising the same name, was never offered it ("refused by this
// watch"), so it ran its old routine while the form showed the user's routine as refused.
// And the simulated watch is no one's watch: a routine waiting for the user's real watch is not sent
// to it, and what the simulated watch takes or refuses leaves that routine waiting.
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../web/src/store";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { routineFormContent } from "../web/src/routine-form";
import { connectedDemoClient, demoClock } from "./support/demo-client";
import { SpoilingTransport } from "./support/refusing-watch";
import type { ManualClock } from "./support/manual-clock";

const EDITED: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 45, repsPerLeg: 2 };
const SHARED_NAME = "Bangle.js 1a2b";

/** A client on the watch with device id `watchId` (null: the simulated watch), opened; its routine writes refused while `refuse`. */
function connectWatch(clock: ManualClock, store: MemoryStore, watchId: string | null, refuse: boolean) {
  return connectedDemoClient(watchId === null ? "Simulated watch" : SHARED_NAME, clock, {
    store,
    watchId,
    wrap: (inner) => Object.assign(new SpoilingTransport(inner), { refuseRoutine: refuse }),
  });
}

describe("two watches sharing a name", () => {
  it("a draft one of them refused is offered to the other, and never again to the one that refused it", async () => {
    const clock = demoClock();
    const store = new MemoryStore({ lasting: true });
    await store.saveRoutineDraft(EDITED);

    const first = await connectWatch(clock, store, "device-id-A", true);
    expect(first.outcomes.map((outcome) => outcome.state)).toEqual(["refused"]);
    first.client.close();

    const firstAgain = await connectWatch(clock, store, "device-id-A", true);
    expect(firstAgain.transport.routineWrites).toBe(0);
    firstAgain.client.close();

    const second = await connectWatch(clock, store, "device-id-B", false); // same name, another watch
    expect(second.transport.routineWrites).toBe(1);
    expect(second.wearable.routine()).toEqual(EDITED);
    expect(second.outcomes.map((outcome) => outcome.state)).toEqual(["sent"]);
    expect(await store.routineDraftRefusal()).toBeNull();
    second.client.close();
    for (const watch of [first, firstAgain, second]) watch.wearable.dispose();
  });
});

describe("the simulated watch and a routine waiting for the user's watch", () => {
  it("is not sent to the simulated watch, stays waiting whatever the simulated watch takes, and goes to the real watch", async () => {
    const clock = demoClock();
    const store = new MemoryStore({ lasting: true });
    await store.saveRoutineDraft(EDITED); // saved while no watch was connected

    const demo = await connectWatch(clock, store, null, false);
    expect(demo.transport.routineWrites).toBe(0);
    expect(demo.wearable.routine()).toEqual(DEFAULT_ROUTINE);
    expect(demo.outcomes).toEqual([]);
    expect(demo.client.wearableRoutine$.value).toEqual(DEFAULT_ROUTINE);
    // The user tries routines on the simulated watch, this one among them: the watch takes it...
    const tried: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 20 };
    expect((await demo.client.writeRoutine(tried)).ok).toBe(true);
    expect((await demo.client.writeRoutine(EDITED)).ok).toBe(true);
    expect(demo.wearable.routine()).toEqual(EDITED);
    // ...and a refusal on the simulated watch is not recorded against anyone.
    demo.transport.refuseRoutine = true;
    expect((await demo.client.writeRoutine(EDITED)).ok).toBe(false);
    demo.client.close();
    // The draft still waits for the user's watch, unrefused.
    expect(await store.unsentRoutineDraft()).toEqual(EDITED);
    expect(await store.routineDraftRefusal()).toBeNull();

    const watch = await connectWatch(clock, store, "device-id-A", false);
    expect(watch.transport.routineWrites).toBe(1);
    expect(watch.wearable.routine()).toEqual(EDITED);
    expect(await store.unsentRoutineDraft()).toBeNull();
    watch.client.close();
    demo.wearable.dispose();
    watch.wearable.dispose();
  });
});

describe("the routine form on the simulated watch", () => {
  it("shows the simulated watch's routine, not the routine waiting for the user's watch (a Save there goes to it only)", () => {
    const waiting = { routine: EDITED, waiting: true, refusal: null };
    const tried: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 20 };
    expect(routineFormContent(tried, waiting, true)).toEqual({ routine: tried, note: "" });
    expect(routineFormContent(tried, waiting, false).routine).toEqual(EDITED); // a real watch: the draft
    expect(routineFormContent(null, waiting, true).routine).toEqual(EDITED); // off the simulated watch
  });
});
