// A routine saved on the page in the moment between the connection's last check for a waiting draft
// and "Connected". main.ts submitRoutine saves the draft, then sees the link still "connecting" and
// tells the user "Saved on this device; it is sent to the watch when one connects" — and a watch
// connects a few ms later. Before the fix the client checked the store for a draft only before
// "Connected" (twice, review 22), so a save that landed after its last check was sent only at the NEXT
// connection: the user watched the form flip back to the watch's old routine and stretched a whole
// session on it. The test saves the draft right after each of the connection's draft checks in turn
// (wherever the window falls) and expects the watch to have it once the connection is up.
import { describe, expect, it } from "vitest";
import { MemoryStore, RoutineDraft } from "../web/src/store";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { demoClient, demoClock } from "./support/demo-client";
import type { WearableClient } from "../web/src/wearable-client";

const EDITED: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 50, restSeconds: 20 };

/** A store whose `saveAfterCheck`-th check for an unsent draft made while connecting is followed by the page's save. */
class SaveRightAfterACheck extends MemoryStore {
  client: WearableClient | null = null;
  checksWhileConnecting = 0;
  linkWhenSaved = "";
  constructor(private readonly saveAfterCheck: number) {
    super({ lasting: true });
  }
  async waitingDraft(watch?: string): Promise<RoutineDraft | null> {
    const found = await super.waitingDraft(watch);
    const link = this.client === null ? "" : this.client.status$.value.link;
    if (link === "connecting") {
      this.checksWhileConnecting++;
      if (this.checksWhileConnecting === this.saveAfterCheck) {
        this.linkWhenSaved = link;
        await this.saveRoutineDraft(EDITED); // main.ts submitRoutine: saved, the link not yet "connected"
      }
    }
    return found;
  }
}

async function connectSavingAfterCheck(check: number) {
  const store = new SaveRightAfterACheck(check);
  const { wearable, client } = demoClient("Simulated watch", demoClock(), { store });
  store.client = client;
  await client.open();
  return { store, wearable, client };
}

describe("a routine saved just before the page reports Connected", () => {
  it("is sent on that connection, wherever among the connection's draft checks it lands", async () => {
    const dryRun = await connectSavingAfterCheck(0);
    const checks = dryRun.store.checksWhileConnecting;
    dryRun.client.close();
    dryRun.wearable.dispose();
    expect(checks).toBeGreaterThan(0);

    for (let check = 1; check <= checks; check++) {
      const { store, wearable, client } = await connectSavingAfterCheck(check);
      expect(store.linkWhenSaved).toBe("connecting"); // so the page promised to send it when a watch connects
      expect(client.status$.value.link).toBe("connected");
      expect({ check, watch: wearable.routine() }).toEqual({ check, watch: EDITED });
      expect(await store.unsentRoutineDraft()).toBeNull();
      expect(client.wearableRoutine$.value).toEqual(EDITED);
      client.close();
      wearable.dispose();
    }
  });
});
