// Review 6: the user presses Disconnect while the page is reconnecting after a drop.
// WearableClient.close() sets `closed` and disconnects the transport, but the reconnect loop that the
// drop started (reconnect(): defer(connectOnce) with rxjs retry) is not stopped: its attempt goes on,
// connects the transport again and reports "Connected to …" — after the user asked to disconnect. The
// radio link stays open, and the page shows a connection that nothing uses (no live state, no pulls).
import { describe, expect, it } from "vitest";
import { DemoWearable } from "../web/src/demo-wearable";
import { BackendTransport } from "../web/src/backend-transport";
import { MemoryStore } from "../web/src/store";
import { WearableClient } from "../web/src/wearable-client";
import { ManualClock } from "./support/manual-clock";

async function settle(): Promise<void> {
  for (let i = 0; i < 200; i++) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe("review 6: Disconnect pressed while reconnecting", () => {
  it("stays disconnected: the running reconnection attempt does not bring the link back", async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 29, 8, 0, 0), 60);
    const wearable = new DemoWearable(clock, 7);
    const transport = new BackendTransport("Simulated watch", wearable.backend);
    const client = new WearableClient(transport, new MemoryStore(), {
      now: () => clock.now(),
      delay: async () => undefined,
      utcOffsetMinutes: () => 60,
      livePollMs: 3_600_000,
      reconnectDelayMs: 1,
      log: () => undefined,
    });
    await client.open();
    expect(client.status$.value.link).toBe("connected");

    // The radio drops the link; the client starts reconnecting at once. The user gives up and presses Disconnect.
    transport.disconnect();
    expect(client.status$.value.link).toBe("reconnecting");
    client.close();
    await settle();

    expect({ link: client.status$.value.link, transport: transport.linkState() }).toEqual({
      link: "disconnected",
      transport: "disconnected",
    });
    wearable.dispose();
  });
});
