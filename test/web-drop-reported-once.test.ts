// A dropped link is reported once: "The link to the watch dropped; reconnecting…" reached the page's
// message line twice per drop (and once more per failed reconnection attempt) — each attempt
// re-published the client's status, message and all, only to set the badge "Reconnecting…" it
// already showed.
import { describe, expect, it, vi } from "vitest";
import type { ClientStatus } from "../web/src/wearable-client";
import { PassThroughTransport, demoClient, demoClock } from "./support/demo-client";

const DROPPED = "The link to the watch dropped; reconnecting…";

/** The watch stays out of reach for the next `unreachable` connection attempts. */
class OutOfReachFor extends PassThroughTransport {
  unreachable = 0;
  connect(): Promise<void> {
    if (this.unreachable > 0) {
      this.unreachable--;
      const error = new Error("Connection failed for unknown reason.");
      error.name = "NetworkError";
      return Promise.reject(error);
    }
    return super.connect();
  }
  /** The link drops (the watch walked away): not the page's disconnect. */
  drop(): void {
    this.inner.disconnect();
  }
}

describe("a dropped link", () => {
  it.each([0, 2])("is reported once, with %i failed reconnection attempts", async (failedAttempts) => {
    const clock = demoClock();
    const { wearable, transport, client } = demoClient("Bangle.js 1a2b", clock, {
      wrap: (inner) => new OutOfReachFor(inner),
    });
    await client.open();
    const statuses: ClientStatus[] = [];
    client.status$.subscribe((status) => statuses.push(status));
    statuses.length = 0; // the BehaviorSubject's current value

    transport.unreachable = failedAttempts;
    transport.drop();
    await vi.waitFor(() => expect(client.status$.value.link).toBe("connected"), { timeout: 2000 });

    // What the page shows (main.ts showStatus: the message line takes every status with a message).
    expect(statuses.filter((s) => s.message === DROPPED)).toEqual([
      { link: "reconnecting", message: DROPPED, severity: "error" },
    ]);
    expect(statuses[statuses.length - 1].link).toBe("connected");
    client.close();
    wearable.dispose();
  });
});
