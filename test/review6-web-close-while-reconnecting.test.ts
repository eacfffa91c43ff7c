// Review 6: the user presses Disconnect while the page is reconnecting after a drop.
// WearableClient.close() sets `closed` and disconnects the transport, but the reconnect loop that the
// drop started (reconnect(): defer(connectOnce) with rxjs retry) is not stopped: its attempt goes on,
// connects the transport again and reports "Connected to …" — after the user asked to disconnect. The
// radio link stays open, and the page shows a connection that nothing uses (no live state, no pulls).
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../web/src/store";
import { demoClient, demoClock } from "./support/demo-client";

async function settle(): Promise<void> {
  for (let i = 0; i < 200; i++) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe("review 6: Disconnect pressed while reconnecting", () => {
  it("stays disconnected: the running reconnection attempt does not bring the link back", async () => {
    // A store that does not outlive the page.
    const { wearable, transport, client } = demoClient("Simulated watch", demoClock(), { store: new MemoryStore() });
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
