// Review 8: Disconnect then Connect quickly, while the first connection attempt is waiting on a GATT
// operation. close() makes that attempt out of date, but only the checks between its steps
// (ensureCurrent) know it: when the operation it was waiting on fails — as Web Bluetooth rejects a
// pending read with NetworkError once gatt.disconnect() is called — the error reaches open()'s
// ordinary catch, which reports "Could not connect…" and calls transport.disconnect() regardless of
// generation. That tears down the link of the NEWER open() (same transport here; in the page, a new
// BluetoothTransport on the same BluetoothDevice, whose gatt server is shared), so the user's second
// Connect fails, and the first open() does not "reject quietly".
import { describe, expect, it } from "vitest";
import { BackendTransport } from "../web/src/backend-transport";
import type { CharacteristicKey } from "../common/gatt-profile";
import { PassThroughTransport, demoClient, demoClock } from "./support/demo-client";

/** BackendTransport whose first read of the profile version waits until the test fails it. */
class GatedTransport extends PassThroughTransport {
  private gate: { reject: (error: Error) => void } | null = null;
  private gated = false;
  gateReached: Promise<void>;
  private reached!: () => void;
  constructor(inner: BackendTransport) {
    super(inner);
    this.gateReached = new Promise((resolve) => (this.reached = resolve));
  }
  read(key: CharacteristicKey): Promise<Uint8Array> {
    if (key === "version" && !this.gated) {
      this.gated = true;
      return new Promise<Uint8Array>((_resolve, reject) => {
        this.gate = { reject };
        this.reached();
      });
    }
    return this.inner.read(key);
  }
  /** What Chrome does to a read pending when gatt.disconnect() is called. */
  failPendingRead(): void {
    const error = new Error("GATT Server is disconnected. Cannot perform GATT operations.");
    error.name = "NetworkError";
    this.gate?.reject(error);
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe("review 8: Disconnect then Connect quickly", () => {
  it("the second Connect succeeds and stays connected; the overtaken first attempt neither reports nor disconnects", async () => {
    const { wearable, transport, client } = demoClient("Simulated watch", demoClock(), {
      wrap: (inner) => new GatedTransport(inner),
    });
    const messages: string[] = [];
    // Every message shown (the initial empty status is not one).
    client.status$.subscribe((s) => {
      if (s.message) messages.push(s.link + ": " + s.message);
    });

    const first = client.open();
    const firstOutcome = first.then(
      () => "resolved",
      (error: Error) => "rejected: " + error.message,
    );
    await transport.gateReached; // connected, reading the profile version
    client.close(); // Disconnect
    const second = client.open(); // Connect again at once
    const secondOutcome = second.then(
      () => "resolved",
      (error: Error) => "rejected: " + error.message,
    );
    await settle();
    transport.failPendingRead(); // the first attempt's read fails, as the link it used was closed
    await settle();

    expect(await secondOutcome).toBe("resolved");
    expect({ link: client.status$.value.link, transport: transport.linkState() }).toEqual({
      link: "connected",
      transport: "connected",
    });
    // The first open() rejects, quietly: no "Could not connect" after Disconnect was pressed.
    expect(await firstOutcome).toMatch(/^rejected/);
    expect(messages.filter((m) => m.startsWith("disconnected: ") && m !== "disconnected: Disconnected.")).toEqual([]);
    client.close();
    wearable.dispose();
  });
});
