// A routine draft whose write fails at connect (the write is rejected, or the watch never answers it)
// used to fail the whole connection: the page said it could not connect, and the sessions waiting on
// the watch were never fetched because a routine could not be written. The connection is the way to
// the user's history; the draft is one request on it. So: the page connects, fetches and stores the
// sessions as usual, says the routine was not sent and why, and keeps the draft waiting (unsent, in
// the form) — written again at the next connection or when the user saves it, not again on its own
// on this connection.
import { describe, expect, it, vi } from "vitest";
import type { CharacteristicKey } from "../common/gatt-profile";
import { Routine } from "../common/routine";
import { DemoWearable } from "../web/src/demo-wearable";
import { MemoryStore } from "../web/src/store";
import type { ClientStatus, DraftOutcome } from "../web/src/wearable-client";
import {
  RoutineWriteNetworkError,
  SHORT_DEMO_ROUTINE,
  WatchBusyInSession,
  withOneFinishedSession,
} from "./support/refusing-watch";
import { PassThroughTransport, connectedDemoClient, demoClient, demoClock } from "./support/demo-client";

const EDITED: Routine = { ...SHORT_DEMO_ROUTINE, holdSeconds: 30 };

type Fault = "rejected" | "unanswered";

/**
 * While `failing`, every routine write fails as `fault` says: rejected by the watch's GATT server with
 * the link up (Chrome's NotSupportedError for ATT "write not permitted"; a NetworkError is a drop,
 * review 44), or never answered by the watch.
 */
class RoutineWriteFails extends PassThroughTransport {
  failing = true;
  fault: Fault = "rejected";
  routineWrites = 0;
  write(key: CharacteristicKey, value: Uint8Array): Promise<void> {
    if (key !== "routine") return super.write(key, value);
    this.routineWrites++;
    if (!this.failing) return super.write(key, value);
    if (this.fault === "unanswered") return Promise.resolve(); // lost on the way: the control point never answers it
    const error = new Error("GATT operation not permitted.");
    error.name = "NotSupportedError";
    return Promise.reject(error);
  }
}

const REASON: Record<Fault, string> = {
  rejected: "GATT operation not permitted",
  unanswered: "The watch did not answer the request (opcode 0x20)",
};

/** A demo watch running SHORT_DEMO_ROUTINE with one finished session it has not handed over yet. */
function watchWithASession(): { clock: ReturnType<typeof demoClock>; wearable: DemoWearable } {
  const clock = demoClock();
  return { clock, wearable: withOneFinishedSession(clock, new DemoWearable(clock, 7), false) };
}

describe.each<Fault>(["rejected", "unanswered"])("a routine draft whose write fails at connect (%s)", (fault) => {
  it("connects anyway: the sessions are stored, the draft stays waiting with the reason, and goes at the next connection", async () => {
    const { clock, wearable } = watchWithASession();
    const store = new MemoryStore({ lasting: true });
    await store.saveRoutineDraft(EDITED); // saved on the page while no watch was connected
    const { transport, client } = demoClient("Bangle.js 1a2b", clock, {
      store,
      wearable,
      wrap: (inner) => Object.assign(new RoutineWriteFails(inner), { fault }),
    });
    const statuses: ClientStatus[] = [];
    client.status$.subscribe((status) => {
      if (status.message !== "") statuses.push(status);
    });
    const outcomes: DraftOutcome[] = [];
    client.draftSent$.subscribe((outcome) => outcomes.push(outcome));
    await client.open(); // resolves: connected, the history fetched

    const notSent =
      "The routine saved on this device was not sent to the watch (" +
      REASON[fault] +
      "). It stays in the form, saved on this device, and is sent at the next connection, or now if you press Save.";
    // The status line: connected, with why the routine was not sent, then the history fetched as usual.
    expect(statuses).toEqual([
      { link: "connected", severity: "error", message: "Connected to Bangle.js 1a2b. " + notSent },
      { link: "connected", severity: "success", message: "1 new session stored." },
    ]);
    // What the routine form's result line shows (main.ts shows each draft outcome there).
    expect(outcomes.map((o) => [o.ok, o.state, o.routine, o.message])).toEqual([[false, "unsent", EDITED, notSent]]);
    // The session is stored on this device, then deleted on the watch.
    expect(await store.all()).toHaveLength(1);
    expect(wearable.storedResults).toBe(0);
    // Nothing lost: the draft waits, the watch keeps its routine, and it was written once on this link.
    expect(await store.unsentRoutineDraft()).toEqual(EDITED);
    expect(wearable.routine()).toEqual(SHORT_DEMO_ROUTINE);
    expect(client.wearableRoutine$.value).toEqual(SHORT_DEMO_ROUTINE);
    expect(transport.routineWrites).toBe(1);

    // The next connection sends it, once.
    transport.failing = false;
    client.close();
    await client.open();
    expect(wearable.routine()).toEqual(EDITED);
    expect(await store.unsentRoutineDraft()).toBeNull();
    expect(transport.routineWrites).toBe(2);
    client.close();
    wearable.dispose();
  });

  it("the user's Save on the same connection sends it", async () => {
    const { clock, wearable } = watchWithASession();
    const store = new MemoryStore({ lasting: true });
    await store.saveRoutineDraft(EDITED);
    const { transport, client } = await connectedDemoClient("Bangle.js 1a2b", clock, {
      store,
      wearable,
      wrap: (inner) => Object.assign(new RoutineWriteFails(inner), { fault }),
    });
    expect(await store.unsentRoutineDraft()).toEqual(EDITED);
    transport.failing = false;
    // What main.ts submitRoutine does: a new revision, then sent.
    const revision = await store.saveRoutineDraft(EDITED);
    expect((await client.writeRoutine(EDITED, revision)).ok).toBe(true);
    expect(wearable.routine()).toEqual(EDITED);
    expect(await store.unsentRoutineDraft()).toBeNull();
    expect(transport.routineWrites).toBe(2);
    client.close();
    wearable.dispose();
  });
});

describe("a waiting draft whose retry meets a dropped link", () => {
  it("is not reported as 'press Save now' while the link is down: the reconnection sends it", async () => {
    const clock = demoClock();
    // Busy in its next session: routine writes wait.
    const wearable = withOneFinishedSession(clock, new WatchBusyInSession(clock, 7), true);
    const store = new MemoryStore({ lasting: true });
    await store.saveRoutineDraft(EDITED);
    const { transport, client } = demoClient("Bangle.js 1a2b", clock, {
      store,
      wearable,
      wrap: (inner) => Object.assign(new RoutineWriteNetworkError(inner), { drop: "first" as const }),
    });
    const messages: string[] = [];
    client.status$.subscribe((status) => messages.push(status.message));
    const outcomes: DraftOutcome[] = [];
    client.draftSent$.subscribe((outcome) => outcomes.push(outcome));
    // Connect: the draft waits (busy); the pull acknowledges the finished session (room), so the
    // draft goes again — and the link drops with that write. The reconnection offers it once more.
    await client.open();
    await vi.waitFor(() => expect(transport.routineWrites).toBe(3), { timeout: 2000 });
    await vi.waitFor(() => expect(outcomes).toHaveLength(2), { timeout: 2000 });
    expect(outcomes.map((o) => o.state)).toEqual(["waiting", "waiting"]);
    expect(messages).toContain("The link to the watch dropped; reconnecting…");
    expect(messages.filter((m) => m.indexOf("was not sent to the watch") >= 0)).toEqual([]);
    expect(await store.all()).toHaveLength(1);
    expect(await store.unsentRoutineDraft()).toEqual(EDITED);
    client.close();
    wearable.dispose();
  });
});
