// Review 31: fixweb added a step AFTER "Connected" inside the connection attempt (connectOnce checks
// the waiting routine draft once more: a store read, maybe a write). open() then goes on to
// watchLink(), startLive() and pullResults() without asking whether the attempt is still current —
// the generation check ensureCurrent() runs only BEFORE "Connected". So Disconnect pressed in that
// moment (the user presses it as soon as the badge says Connected, or switches to another watch /
// the simulated one, which closes this client) is not the end of this client: open() resolves as if
// connected, subscribes the live state again (a 1-s poll that never stops, one more per such
// Disconnect) and starts a result pull on the link the user just closed.
// What the user sees: nothing at once (the pull fails quietly on the closed link), but a closed
// client keeps polling every second for the rest of the page's life, and open() does not reject
// quietly as an overtaken attempt does (review 8).
import { describe, expect, it } from "vitest";
import { BackendTransport } from "../web/src/backend-transport";
import type { CharacteristicKey } from "../common/gatt-profile";
import { DemoWearable } from "../web/src/demo-wearable";
import { MemoryStore } from "../web/src/store";
import { WearableClient } from "../web/src/wearable-client";
import { demoClock, quietClientOptions } from "./support/demo-client";

/** Counts GATT operations asked for after the link was closed on purpose. */
class CountingTransport extends BackendTransport {
  closedOnPurpose = false;
  operationsAfterClose = 0;
  read(key: CharacteristicKey): Promise<Uint8Array> {
    if (this.closedOnPurpose) this.operationsAfterClose++;
    return super.read(key);
  }
  write(key: CharacteristicKey, value: Uint8Array): Promise<void> {
    if (this.closedOnPurpose) this.operationsAfterClose++;
    return super.write(key, value);
  }
  disconnect(): void {
    this.closedOnPurpose = true;
    super.disconnect();
  }
}

describe("review 31: Disconnect pressed as the page shows Connected", () => {
  it("ends the attempt: open() rejects quietly and nothing more is asked of the closed link", async () => {
    const clock = demoClock();
    const wearable = new DemoWearable(clock, 7);
    const transport = new CountingTransport("Bangle.js 1a2b", wearable.backend, "watch-1");
    const client = new WearableClient(
      transport,
      new MemoryStore({ lasting: true }),
      quietClientOptions(clock, { reconnectDelayMs: 1 }),
    );
    let pressed = false;
    client.status$.subscribe((status) => {
      if (status.link === "connected" && !pressed) {
        pressed = true;
        client.close(); // the Disconnect button, at the first "Connected"
      }
    });
    const outcome = await client.open().then(
      () => "resolved",
      (error: Error) => "rejected: " + error.message,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pressed).toBe(true);
    expect(client.status$.value.link).toBe("disconnected");
    expect({ outcome, operationsAfterClose: transport.operationsAfterClose }).toEqual({
      outcome: "rejected: The connection attempt was cancelled.",
      operationsAfterClose: 0,
    });
    wearable.dispose();
  });
});
