// A Save clicked a few ms before "Connected". main.ts submitRoutine stores the draft (an IndexedDB
// transaction: milliseconds), then sends it itself if the link says "connected" by then. When the
// connection reports "Connected" while that store write is finishing, the client's last check for a
// waiting draft finds it and writes it — and the page, seeing "connected" once its save resolves,
// writes the same routine again. What the user saw: "Sending…", two routine writes on the watch's
// log, and on a slow link a Save that took twice as long; on a Bangle each write is a flash write.
// Each revision of the draft (each save) is written once per connection.
import { describe, expect, it } from "vitest";
import { BehaviorSubject, firstValueFrom, filter } from "rxjs";
import { MemoryStore } from "../web/src/store";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import type { WearableClient } from "../web/src/wearable-client";
import { demoClient, demoClock } from "./support/demo-client";
import { SpoilingTransport } from "./support/refusing-watch";

const EDITED: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 50, restSeconds: 20 };

/**
 * A store whose draft saves land at once (a later read sees them) but resolve only once the client
 * reports "connected" — a save whose transaction finishes while the connection comes up.
 */
class SlowToResolveSave extends MemoryStore {
  readonly client$ = new BehaviorSubject<WearableClient | null>(null);
  async saveRoutineDraft(routine: Routine): Promise<number> {
    const revision = (await super.saveRoutineDraft(routine)) as number;
    const client = this.client$.value;
    if (client !== null) await firstValueFrom(client.status$.pipe(filter((status) => status.link === "connected")));
    return revision;
  }
}

/** What main.ts submitRoutine does with a valid routine: store it, then send it if connected. */
async function pressSave(store: MemoryStore, client: WearableClient, routine: Routine): Promise<string> {
  const revision = await store.saveRoutineDraft(routine);
  if (client.status$.value.link !== "connected") return "Saved on this device";
  return (await client.writeRoutine(routine, revision)).message;
}

describe("a routine saved a few ms before Connected", () => {
  it("is written to the watch once, and the page says it was sent", async () => {
    const store = new SlowToResolveSave({ lasting: true });
    const { wearable, transport, client } = demoClient("Bangle.js 1a2b", demoClock(), {
      store,
      wrap: (inner) => new SpoilingTransport(inner),
    });
    store.client$.next(client);
    let saved: Promise<string> | null = null;
    const watching = client.status$.subscribe((status) => {
      // The user presses Save while the page shows "Connecting…".
      if (status.link === "connecting" && saved === null) saved = pressSave(store, client, EDITED);
    });
    await client.open();
    watching.unsubscribe();
    expect(saved).not.toBeNull();
    const message = await saved!;
    expect(wearable.routine()).toEqual(EDITED);
    expect(transport.routineWrites).toBe(1);
    expect(message).toMatch(/sent to the watch|saved on the watch/i);
    expect(await store.unsentRoutineDraft()).toBeNull();

    // Saved again (the same values, a new revision): written again, once.
    store.client$.next(null);
    expect(await pressSave(store, client, EDITED)).toMatch(/saved on the watch/);
    expect(transport.routineWrites).toBe(2);
    client.close();
    wearable.dispose();
  });
});
