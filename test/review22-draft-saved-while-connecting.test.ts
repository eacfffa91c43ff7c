// Review 22: a routine saved on the page while a connection is being set up is never sent on it.
// main.ts submitRoutine only sends when the client's link is "connected"; otherwise it stores the draft
// (marked unsent) and tells the user "Saved on this device; it is sent to the watch when one connects".
// WearableClient.connectOnce reads the unsent draft once (sendUnsentDraft), then reads the watch's
// routine and only then reports "connected". A draft saved after that one store read — while the watch's
// routine is read (a GATT read: tens of milliseconds on a real link) — is not sent on this connection,
// although the page said it would be when a watch connects and a watch is connected a moment later.
// What the user sees: the form flips back to the watch's OLD routine (wearableRoutine$ fills it), the
// watch keeps the old routine for every session on this connection, and at some later connection —
// maybe days later, after the routine was changed again on another device — the forgotten edit is
// written over whatever the watch runs then.
// Suggested fix: after the connection reports "connected", check unsentRoutineDraft() once more (or
// let submitRoutine wait for a connection in progress and then send), so a draft saved in the window
// is sent on this connection.
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../web/src/store";
import type { CharacteristicKey } from "../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { PassThroughTransport, demoClient, demoClock } from "./support/demo-client";

/** Runs `onRoutineRead` once, when the client reads the watch's routine (the last step of a connect). */
class HookedRoutineRead extends PassThroughTransport {
  onRoutineRead: (() => Promise<void>) | null = null;
  async read(key: CharacteristicKey): Promise<Uint8Array> {
    const hook = this.onRoutineRead;
    if (key === "routine" && hook !== null) {
      this.onRoutineRead = null;
      await hook();
    }
    return super.read(key);
  }
}

describe("review 22: a routine saved while the page is connecting", () => {
  it("is sent on the connection that comes up, not left for a later one", async () => {
    const store = new MemoryStore({ lasting: true });
    const { wearable, transport, client } = demoClient("Simulated watch", demoClock(), {
      store,
      wrap: (inner) => new HookedRoutineRead(inner),
    });
    const edited: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 45 };
    let linkWhenSaved = "";
    transport.onRoutineRead = async () => {
      // The user presses Save now: main.ts submitRoutine, with the link not yet "connected".
      linkWhenSaved = client.status$.value.link;
      await store.saveRoutineDraft(edited);
    };
    await client.open();
    expect(linkWhenSaved).toBe("connecting"); // so the page said "it is sent to the watch when one connects"
    expect(client.status$.value.link).toBe("connected");
    // The watch is connected and the draft was promised to it: it should have it by now.
    expect(wearable.routine()).toEqual(edited);
    expect(await store.unsentRoutineDraft()).toBeNull();
    client.close();
    wearable.dispose();
  });
});
