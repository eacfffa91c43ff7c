// Review 31: a refused SET_CLOCK is to be sent again "at a live read at most every 10 s"
// (CLOCK_RETRY_MS, docs/web.md). The 10 s are counted from the last REFUSAL only
// (clockRefusedAt is set when the watch answers anything but 0x01): a retry whose write fails
// (rejected GATT write, or the watch does not answer: up to `responseReads` reads, ~6 s with their
// pauses) leaves the clock "refused" with the old time stamp, so every following live read — each
// second — sends SET_CLOCK again, with no pause at all.
// What the user sees on a flaky link: after the first failed retry the page writes SET_CLOCK once a
// second; with a watch that does not answer it, the radio queue is held by one ~6-s SET_CLOCK after
// another, so the live view updates every few seconds and Start/Pause wait behind them.
import { describe, expect, it } from "vitest";
import { OPCODE } from "../common/gatt-profile";
import { demoClient, demoClock } from "./support/demo-client";
import { SpoilingTransport } from "./support/refusing-watch";

/** Refuses the clock (spoilt bytes: 0x03) and, once `failClockWrites` is set, fails every SET_CLOCK write. */
class FlakyClockTransport extends SpoilingTransport {
  failClockWrites = false;
  write(key: Parameters<SpoilingTransport["write"]>[0], value: Uint8Array): Promise<void> {
    if (this.failClockWrites && key === "control" && value[0] === OPCODE.SET_CLOCK) {
      this.clockWrites++;
      return Promise.reject(new Error("GATT operation failed for unknown reason."));
    }
    return super.write(key, value);
  }
}

describe("review 31: retries of a refused SET_CLOCK", () => {
  it("stay at most one per 10 s of live reads when a retry's write fails", async () => {
    const clock = demoClock();
    const { wearable, transport, client } = demoClient("Bangle.js 1a2b", clock, {
      wrap: (inner) => new FlakyClockTransport(inner),
    });
    transport.refuseClock = true;
    await client.open();
    expect(client.status$.value.link).toBe("connected");
    expect(transport.clockWrites).toBe(1); // refused at connect

    transport.failClockWrites = true;
    // 30 s of live reads, one a second (the page's livePollMs).
    for (let second = 1; second <= 30; second++) {
      clock.ms += 1000;
      await client.refreshLive();
    }
    // Refused at 0 s: retries due at 10, 20 and 30 s at most.
    expect(transport.clockWrites - 1).toBeLessThanOrEqual(3);
    client.close();
    wearable.dispose();
  });
});
