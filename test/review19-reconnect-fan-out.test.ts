// Review 19: a watch at the edge of range, whose link comes up and drops again at once.
// WearableClient.watchLink() subscribes to the transport's link state and starts reconnect() on every
// connected → disconnected change. That subscription stays live while reconnect() runs its rxjs retry
// loop, so every reconnection attempt that gets the link up (transport.connect() resolves) and then
// loses it (the first read fails) is ALSO seen as a fresh drop: it starts another reconnect() loop
// next to the one already retrying. Each new loop does the same, so the loops multiply. A user sees
// the badge flicker between "reconnecting" and "Could not reconnect" many times, the radio is hammered
// with far more connection attempts than the configured `reconnectAttempts`, and after "Could not
// reconnect … Press Connect" another loop still reconnects by itself. One drop should give one loop:
// at most reconnectAttempts + 1 connection attempts.
import { describe, expect, it } from "vitest";
import { PassThroughTransport, demoClient, demoClock } from "./support/demo-client";

/** Once `flaky`, every connection comes up and drops before its first read (a watch at the edge of range). */
class EdgeOfRangeTransport extends PassThroughTransport {
  flaky = false;
  connects = 0;
  /** Stops the test from running away: past this many attempts connect() fails without linking. */
  readonly cap = 60;
  async connect(): Promise<void> {
    this.connects++;
    if (this.connects > this.cap) throw new Error("The watch could not be reached.");
    await this.inner.connect();
    if (this.flaky) this.inner.disconnect(); // the link drops right after it came up
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 400; i++) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe("review 19: a link that comes up and drops again during reconnection", () => {
  it("one drop runs one reconnection loop: at most reconnectAttempts + 1 connection attempts", async () => {
    const clock = demoClock();
    const reconnectAttempts = 3;
    const { wearable, transport, client } = demoClient("Simulated watch", clock, {
      wrap: (inner) => new EdgeOfRangeTransport(inner),
      client: { reconnectAttempts },
    });
    const statuses: string[] = [];
    client.status$.subscribe((s) => statuses.push(s.link + ": " + s.message));
    await client.open();
    expect(transport.connects).toBe(1);

    transport.flaky = true;
    transport.disconnect(); // the radio drops the link
    await settle();

    const reconnectAttempted = transport.connects - 1;
    const gaveUp = statuses.filter((s) => s.includes("Could not reconnect")).length;
    client.close();
    wearable.dispose();
    // One loop: 1 try + reconnectAttempts retries, and one "Could not reconnect".
    expect({ reconnectAttempted, gaveUp }).toEqual({ reconnectAttempted: reconnectAttempts + 1, gaveUp: 1 });
  });
});
