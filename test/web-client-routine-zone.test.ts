// web/src/wearable-client.ts and web/src/store.ts around review 19's fixes, beyond the review's own
// tests: the unsent routine draft (store and connect), the UTC offset sent again before START without
// any live poll, a store that fails for another reason than a full disk, a control point that keeps
// answering bytes that do not decode.
import { describe, expect, it } from "vitest";
import { DEMO_STEP_MS } from "../web/src/demo-wearable";
import { MemoryStore } from "../web/src/store";
import { storageFailedMessage } from "../web/src/wearable-client";
import type { CharacteristicKey } from "../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { PassThroughTransport, connectedDemoClient, demoClient, demoClock } from "./support/demo-client";

const SHORT_ROUTINE: Routine = {
  ...DEFAULT_ROUTINE,
  repsPerLeg: 1,
  holdSeconds: 8,
  getReadySeconds: 0,
  restSeconds: 0,
  switchSeconds: 0,
};

describe("the routine draft in the store", () => {
  it("is unsent from its save until a watch answers that same routine", async () => {
    const store = new MemoryStore({ lasting: true });
    expect(await store.unsentRoutineDraft()).toBeNull();
    const edited: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 45 };
    await store.saveRoutineDraft(edited);
    expect(await store.unsentRoutineDraft()).toEqual(edited);
    // A watch answered another routine (an older send finishing): the newer draft still waits.
    await store.routineDraftSettled(DEFAULT_ROUTINE);
    expect(await store.unsentRoutineDraft()).toEqual(edited);
    await store.routineDraftSettled({ ...edited });
    expect(await store.unsentRoutineDraft()).toBeNull();
    expect(await store.routineDraft()).toEqual(edited);
  });
});

describe("connecting with an unsent routine draft", () => {
  it("says it was sent, and sends nothing at the next connection", async () => {
    const store = new MemoryStore({ lasting: true });
    const edited: Routine = { ...SHORT_ROUTINE, holdSeconds: 20 };
    await store.saveRoutineDraft(edited);
    const { wearable, client, outcomes } = await connectedDemoClient("Simulated watch", demoClock(), { store });
    expect(outcomes.map((o) => o.ok + ": " + o.message)).toEqual([
      "true: The routine saved on this device was sent to the watch; it applies from the next session.",
    ]);
    expect(client.status$.value.message).toBe(
      "Connected to Simulated watch. The routine saved on this device was sent to the watch; it applies from the next session.",
    );
    expect(await store.unsentRoutineDraft()).toBeNull();
    client.close();
    wearable.setRoutine(DEFAULT_ROUTINE); // changed on the watch since
    await client.open();
    expect(wearable.routine()).toEqual(DEFAULT_ROUTINE);
    expect(outcomes).toHaveLength(1);
    client.close();
    wearable.dispose();
  });

  it("a draft the watch refuses: the watch keeps its routine, the page says so, and it is not sent again", async () => {
    const store = new MemoryStore({ lasting: true });
    await store.saveRoutineDraft({ ...DEFAULT_ROUTINE, holdSeconds: 45 });
    const { wearable, client, outcomes } = await connectedDemoClient("Simulated watch", demoClock(), {
      store,
      wrap: (inner) => new RefusesRoutines(inner),
    });
    expect(outcomes.map((o) => o.ok)).toEqual([false]);
    expect(client.status$.value).toMatchObject({ link: "connected", severity: "error" });
    expect(client.status$.value.message).toMatch(/refused the routine saved on this device \(.*\) and keeps its own/);
    expect(wearable.routine()).toEqual(DEFAULT_ROUTINE);
    expect(client.wearableRoutine$.value).toEqual(DEFAULT_ROUTINE);
    expect(await store.unsentRoutineDraft()).toBeNull();
    client.close();
    wearable.dispose();
  });

  it("a routine sent while connected is no longer unsent", async () => {
    const store = new MemoryStore({ lasting: true });
    const { wearable, client } = demoClient("Simulated watch", demoClock(), { store });
    await client.open();
    await store.saveRoutineDraft(SHORT_ROUTINE); // what main.ts submitRoutine does before sending
    expect((await client.writeRoutine(SHORT_ROUTINE)).ok).toBe(true);
    expect(await store.unsentRoutineDraft()).toBeNull();
    client.close();
    wearable.dispose();
  });
});

describe("the UTC offset changing while connected", () => {
  it("is sent again before START even when no live poll ran (a background tab's slowed timers)", async () => {
    const clock = demoClock();
    const store = new MemoryStore({ lasting: true });
    let browserOffset = 60;
    const { wearable, client } = demoClient("Simulated watch", clock, {
      store,
      client: { utcOffsetMinutes: () => browserOffset },
    });
    await client.open();
    expect((await client.writeRoutine(SHORT_ROUTINE)).ok).toBe(true);
    browserOffset = -300;
    expect((await client.command("start")).ok).toBe(true);
    for (let t = 0; t < 2 * SHORT_ROUTINE.holdSeconds * 1000 + 500; t += DEMO_STEP_MS) {
      clock.ms += DEMO_STEP_MS;
      wearable.step();
    }
    await client.pullResults();
    expect((await store.all()).map((r) => r.utcOffsetMinutes)).toEqual([-300]);
    client.close();
    wearable.dispose();
  });
});

describe("a store that fails", () => {
  it("names a full disk, or any other storage failure, as this device's storage", () => {
    const full = new Error("The quota has been exceeded.");
    full.name = "QuotaExceededError";
    expect(storageFailedMessage(full)).toBe(
      "A session from the watch could not be stored: this device's storage is full. It stays on the watch and is fetched again at the next connection or session end, once this device can store it.",
    );
    const closed = new Error("The database connection is closing.");
    closed.name = "InvalidStateError";
    expect(storageFailedMessage(closed)).toMatch(
      /^A session from the watch could not be stored: this device's storage is unavailable \(The database connection is closing\.\)\. It stays on the watch/,
    );
  });
});

/** A watch that refuses every routine write (0x03: its bytes arrive cut short). */
class RefusesRoutines extends PassThroughTransport {
  write(key: CharacteristicKey, value: Uint8Array): Promise<void> {
    return super.write(key, key === "routine" ? value.slice(0, 5) : value);
  }
}

/** A control point that answers every write with bytes that never decode as a response. */
class GarbledControl extends PassThroughTransport {
  garble = false;
  async read(key: CharacteristicKey): Promise<Uint8Array> {
    const real = await super.read(key);
    return key === "control" && this.garble ? new Uint8Array([0x80, 1]) : real;
  }
}

describe("a control point answer that never decodes", () => {
  it("is read again a bounded number of times, then reported as unreadable", async () => {
    const { wearable, transport, client } = demoClient("Simulated watch", demoClock(), {
      wrap: (inner) => new GarbledControl(inner),
    });
    await client.open();
    transport.garble = true;
    expect((await client.command("start")).message).toBe(
      "Start failed: The watch's answer could not be read: control response: expected 4 bytes but got 2.",
    );
    client.close();
    wearable.dispose();
  });
});
