// A routine saved on the page while no watch was connected (the draft) is sent at connect; what
// happens when the watch says no depends on why (docs/gatt-profile.md, response codes):
// - 0x04 "not allowed now": the watch is busy (in a session; or its storage is full). The draft stays
//   waiting and is sent again when the session ends, or at the next connection.
// - 0x03 "invalid parameter" (a watch with narrower bounds than this page): sending it again cannot
//   help, so it is not retried; it is shown as refused with the reason, and the page keeps it.
// What the user saw before the fix: "The watch refused the routine saved on this device (not allowed
// now) … save the routine again to retry" — and the draft was marked as answered, so it was never sent
// again: the user finished the session and the watch went on with the old routine at the next one and
// at every later connection, while the page had told them it would send it.
import { describe, expect, it, vi } from "vitest";
import { MemoryStore } from "../web/src/store";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { ManualClock } from "./support/manual-clock";
import { demoClient, demoClock } from "./support/demo-client";
import { SpoilingTransport, WatchBusyInSession } from "./support/refusing-watch";

const EDITED: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 45, repsPerLeg: 2 };

function connectTo(wearable: WatchBusyInSession, store: MemoryStore, clock: ManualClock) {
  const { transport, client } = demoClient("Busy watch", clock, {
    store,
    wearable,
    wrap: (inner) => new SpoilingTransport(inner),
  });
  const outcomes: string[] = [];
  client.draftSent$.subscribe((outcome) => outcomes.push(outcome.message));
  return { transport, client, outcomes };
}

describe("a routine draft the watch refuses at connect", () => {
  it("busy in a session: kept waiting, sent again when the session ends", async () => {
    const clock = demoClock();
    const store = new MemoryStore({ lasting: true });
    await store.saveRoutineDraft(EDITED); // saved while no watch was connected
    const wearable = new WatchBusyInSession(clock, 7);
    expect(wearable.control("start", clock.now())).toBe(1); // started on the watch itself
    const { client, outcomes } = connectTo(wearable, store, clock);
    await client.open();

    expect(wearable.refusedRoutines).toBe(1);
    expect(wearable.routine()).toEqual(DEFAULT_ROUTINE);
    expect(outcomes.join(" ")).toMatch(/not allowed now/);
    expect(outcomes.join(" ")).toMatch(/sent again when the session ends/);
    expect(await store.unsentRoutineDraft()).toEqual(EDITED); // still waiting for the watch

    // The user ends the session from the page: the watch is free, the draft goes now.
    await client.command("end");
    await vi.waitFor(() => expect(wearable.routine()).toEqual(EDITED));
    await vi.waitFor(async () => expect(await store.unsentRoutineDraft()).toBeNull());
    await vi.waitFor(() => expect(outcomes[outcomes.length - 1]).toMatch(/was sent to the watch/));
    client.close();
    wearable.dispose();
  });

  it("busy in a session: sent at the next connection when this one ends first", async () => {
    const clock = demoClock();
    const store = new MemoryStore({ lasting: true });
    await store.saveRoutineDraft(EDITED);
    const wearable = new WatchBusyInSession(clock, 7);
    wearable.control("start", clock.now());
    const first = connectTo(wearable, store, clock);
    await first.client.open();
    first.client.close(); // the user disconnects while the session runs
    wearable.control("end", clock.now()); // and ends it on the watch

    const second = connectTo(wearable, store, clock);
    await second.client.open();
    expect(wearable.routine()).toEqual(EDITED);
    expect(await store.unsentRoutineDraft()).toBeNull();
    expect(second.client.status$.value.message).toMatch(/was sent to the watch/);
    second.client.close();
    wearable.dispose();
  });

  it("saved while connected to a watch busy in a session: kept waiting, sent when the session ends", async () => {
    const clock = demoClock();
    const store = new MemoryStore({ lasting: true });
    const wearable = new WatchBusyInSession(clock, 7);
    const { client, outcomes } = connectTo(wearable, store, clock);
    await client.open();
    expect((await client.command("start")).ok).toBe(true);
    await store.saveRoutineDraft(EDITED); // main.ts submitRoutine: saved, then sent while connected
    const answer = await client.writeRoutine(EDITED);
    expect(answer.ok).toBe(false);
    expect(answer.message).toMatch(/cannot take the routine now \(not allowed now: it is busy/);
    expect(client.status$.value.severity).toBe("info");
    expect(await store.unsentRoutineDraft()).toEqual(EDITED);

    await client.command("end");
    await vi.waitFor(() => expect(wearable.routine()).toEqual(EDITED));
    await vi.waitFor(() => expect(outcomes[outcomes.length - 1]).toMatch(/was sent to the watch/));
    expect(client.wearableRoutine$.value).toEqual(EDITED);
    expect(await store.unsentRoutineDraft()).toBeNull();
    client.close();
    wearable.dispose();
  });

  it("invalid for the watch: not retried, shown as refused with the reason, the draft kept", async () => {
    const clock = demoClock();
    const store = new MemoryStore({ lasting: true });
    await store.saveRoutineDraft(EDITED);
    const wearable = new WatchBusyInSession(clock, 7);
    const first = connectTo(wearable, store, clock);
    first.transport.refuseRoutine = true;
    await first.client.open();
    expect(first.transport.routineWrites).toBe(1);
    expect(wearable.routine()).toEqual(DEFAULT_ROUTINE);
    expect(first.outcomes.join(" ")).toMatch(/refused the routine saved on this device \(invalid parameter\)/);
    expect(first.client.status$.value.severity).toBe("error");
    expect(await store.routineDraft()).toEqual(EDITED); // the user's edit is not lost
    first.client.close();

    // Sending it again cannot help: the next connection leaves it alone.
    const second = connectTo(wearable, store, clock);
    second.transport.refuseRoutine = true;
    await second.client.open();
    expect(second.transport.routineWrites).toBe(0);
    expect(await store.routineDraft()).toEqual(EDITED);
    second.client.close();
    wearable.dispose();
  });
});
