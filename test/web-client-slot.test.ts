// web/src/client-slot.ts: the page replaces its client (Connect, or Try the simulated watch) without
// the old client's status reaching the page afterwards (review 6: the badge flipped back to the old watch).
import { describe, expect, it } from "vitest";
import { Subscription } from "rxjs";
import { ClientStatus, WearableClient } from "../web/src/wearable-client";
import { ClientSlot } from "../web/src/client-slot";
import { demoClient, demoClock } from "./support/demo-client";

describe("the page's client slot", () => {
  it("replacing the client unsubscribes the page from the old one before closing it", async () => {
    const clock = demoClock();
    const seen: string[] = [];
    const wire = (client: WearableClient): Subscription =>
      client.status$.subscribe((status: ClientStatus) =>
        seen.push(client.transport.name + ": " + status.link + " " + status.message),
      );
    const slot = new ClientSlot<WearableClient>();
    const first = demoClient("Watch A", clock);
    await slot.replace(first.client, wire).open();
    expect(seen[seen.length - 1]).toBe("Watch A: connected Connected to Watch A.");

    const second = demoClient("Watch B", clock);
    const seenBefore = seen.length;
    await slot.replace(second.client, wire).open();
    // The old client was closed (its link is down) and nothing it said since reached the page.
    expect(first.transport.linkState()).toBe("disconnected");
    expect(first.client.status$.value.link).toBe("disconnected");
    first.client.status$.next({ link: "connected", message: "late", severity: "success" });
    expect(seen.slice(seenBefore).filter((line) => line.startsWith("Watch A"))).toEqual([]);
    expect(slot.current).toBe(second.client);
    expect(seen[seen.length - 1]).toBe("Watch B: connected Connected to Watch B.");

    slot.clear();
    expect(slot.current).toBe(null);
    expect(second.transport.linkState()).toBe("disconnected");
    first.wearable.dispose();
    second.wearable.dispose();
  });
});
