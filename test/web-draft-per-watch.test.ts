// What review 31's fixes promise beyond its four tests: a refusal belongs to the watch that made it
// (the store keeps its name; another watch is offered the draft, the refusing one is not asked
// again), a 0x04 answer names a full storage as a cause, and a clock send that fails — also one
// for a changed UTC offset — is retried at most every 10 s of live reads.
import { describe, expect, it } from "vitest";
import { DemoWearable } from "../web/src/demo-wearable";
import { MemoryStore } from "../web/src/store";
import { OPCODE } from "../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { connectedDemoClient, demoClient, demoClock } from "./support/demo-client";
import { SpoilingTransport } from "./support/refusing-watch";
import type { ManualClock } from "./support/manual-clock";

const EDITED: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 45, repsPerLeg: 2 };

describe("the store's refusal of a draft, by watch", () => {
  it("offers the draft to another watch only, and forgets the refusal once a watch takes it or the user saves", async () => {
    const store = new MemoryStore({ lasting: true });
    await store.saveRoutineDraft(EDITED);
    expect(await store.unsentRoutineDraft("Bangle.js aaaa")).toEqual(EDITED);
    await store.routineDraftRefused({ ...EDITED }, "invalid parameter", "Bangle.js aaaa");
    expect(await store.unsentRoutineDraft()).toBeNull(); // no watch named: nothing waits
    expect(await store.unsentRoutineDraft("Bangle.js aaaa")).toBeNull(); // the watch that refused it
    expect(await store.unsentRoutineDraft("Bangle.js bbbb")).toEqual(EDITED); // another watch
    expect(await store.routineDraftRefusal()).toBe("invalid parameter");

    await store.routineDraftSettled({ ...EDITED }); // watch bbbb took it
    expect(await store.routineDraftRefusal()).toBeNull();
    expect(await store.unsentRoutineDraft("Bangle.js cccc")).toBeNull();

    await store.saveRoutineDraft(DEFAULT_ROUTINE);
    await store.routineDraftRefused(DEFAULT_ROUTINE, "invalid parameter", "Bangle.js aaaa");
    await store.saveRoutineDraft(EDITED); // a new save: unsent to every watch, refused by none
    expect(await store.routineDraftRefusal()).toBeNull();
    expect(await store.unsentRoutineDraft("Bangle.js aaaa")).toEqual(EDITED);
  });
});

/** A client on watch `name` (its routine writes spoilt while `refuse`: answered 0x03), opened. */
function connectWatch(clock: ManualClock, store: MemoryStore, name: string, seed: number, refuse: boolean) {
  return connectedDemoClient(name, clock, {
    store,
    wearable: new DemoWearable(clock, seed),
    wrap: (inner) => Object.assign(new SpoilingTransport(inner), { refuseRoutine: refuse }),
  });
}

describe("a draft refused by one watch, at the next connections", () => {
  it("is offered once to each other watch, never again to a watch that refused it", async () => {
    const clock = demoClock();
    const store = new MemoryStore({ lasting: true });
    await store.saveRoutineDraft(EDITED);

    const first = await connectWatch(clock, store, "Bangle.js aaaa", 7, true);
    expect(first.transport.routineWrites).toBe(1);
    first.client.close();

    const second = await connectWatch(clock, store, "Bangle.js bbbb", 8, true); // refuses it too
    expect(second.transport.routineWrites).toBe(1);
    expect(second.outcomes.map((outcome) => outcome.state)).toEqual(["refused"]);
    second.client.close();

    const firstAgain = await connectWatch(clock, store, "Bangle.js aaaa", 7, true);
    expect(firstAgain.transport.routineWrites).toBe(0);
    firstAgain.client.close();

    const third = await connectWatch(clock, store, "Bangle.js cccc", 9, false); // takes it
    expect(third.transport.routineWrites).toBe(1);
    expect(third.wearable.routine()).toEqual(EDITED);
    expect(third.outcomes.map((outcome) => outcome.state)).toEqual(["sent"]);
    expect(await store.routineDraftRefusal()).toBeNull();
    third.client.close();

    const secondAgain = await connectWatch(clock, store, "Bangle.js bbbb", 8, false); // sent to cccc: settled
    expect(secondAgain.transport.routineWrites).toBe(0);
    secondAgain.client.close();
    for (const watch of [first, second, firstAgain, third, secondAgain]) watch.wearable.dispose();
  });
});

/** Demo watch answering every routine write 0x04 "not allowed now" (as a Bangle with a full flash does). */
class NoRoomForRoutines extends DemoWearable {
  setRoutine(): boolean {
    return false;
  }
}

describe("a draft answered 0x04 at connect", () => {
  it("is said to wait because the watch is busy or its storage is full", async () => {
    const clock = demoClock();
    const store = new MemoryStore({ lasting: true });
    await store.saveRoutineDraft(EDITED);
    const { wearable, client, outcomes } = await connectedDemoClient("Bangle.js 1a2b", clock, {
      store,
      wearable: new NoRoomForRoutines(clock, 7),
    });
    expect(outcomes.map((outcome) => outcome.state)).toEqual(["waiting"]);
    expect(outcomes[0].message).toMatch(/not allowed now: it is busy, e\.g\. in a session, or its storage is full/);
    expect(await store.unsentRoutineDraft()).toEqual(EDITED);
    client.close();
    wearable.dispose();
  });
});

/** Fails every SET_CLOCK write once `failClockWrites` is set, counting them. */
class FailingClockTransport extends SpoilingTransport {
  failClockWrites = false;
  write(key: Parameters<SpoilingTransport["write"]>[0], value: Uint8Array): Promise<void> {
    if (this.failClockWrites && key === "control" && value[0] === OPCODE.SET_CLOCK) {
      this.clockWrites++;
      return Promise.reject(new Error("GATT operation failed for unknown reason."));
    }
    return super.write(key, value);
  }
}

describe("a changed UTC offset whose SET_CLOCK write fails", () => {
  it("is sent again at most every 10 s of live reads, and once the write works the offset is taken", async () => {
    const clock = demoClock();
    let offset = 60;
    const { wearable, transport, client } = demoClient("Bangle.js 1a2b", clock, {
      wrap: (inner) => new FailingClockTransport(inner),
      client: { utcOffsetMinutes: () => offset },
    });
    await client.open();
    expect(transport.clockWrites).toBe(1); // taken at connect

    offset = 120; // daylight saving time began
    transport.failClockWrites = true;
    for (let second = 1; second <= 30; second++) {
      clock.ms += 1000;
      await client.refreshLive();
    }
    // The first read tries at once (1 s), then at 11 s and 21 s at most.
    const failed = transport.clockWrites - 1;
    expect(failed).toBeGreaterThanOrEqual(1);
    expect(failed).toBeLessThanOrEqual(3);

    transport.failClockWrites = false;
    clock.ms += 10_000;
    await client.refreshLive();
    expect(transport.clockWrites).toBe(1 + failed + 1);
    clock.ms += 1000;
    await client.refreshLive(); // taken: nothing more to send
    expect(transport.clockWrites).toBe(1 + failed + 1);
    client.close();
    wearable.dispose();
  });
});
