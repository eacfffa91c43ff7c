// SET_CLOCK is answered through the control point like every write (docs/gatt-profile.md). Before the
// fix the client ignored the answer's code: a watch that refused the clock (0x03, e.g. a page whose
// own date is wrong, or a watch with narrower bounds) left the page believing the clock was set.
// What the user saw: "Connected", nothing else, and sessions recorded on the watch's old or unset
// clock (a wrong hour in the history, or "Time unknown"), with no retry while connected — only a
// change of UTC offset would have sent the clock again. Now the refusal is reported, and the clock is
// sent again where a retry can help: at a later live read and before START.
import { describe, expect, it } from "vitest";
import { demoClient, demoClock } from "./support/demo-client";
import { SpoilingTransport, WatchBusyInSession } from "./support/refusing-watch";

function refusingClock() {
  const clock = demoClock();
  const { wearable, transport, client } = demoClient("Watch", clock, {
    wearable: new WatchBusyInSession(clock, 7),
    wrap: (inner) => new SpoilingTransport(inner),
  });
  transport.refuseClock = true;
  return { clock, wearable, transport, client };
}

describe("a SET_CLOCK the watch refuses", () => {
  it("is reported, and sent again at a later live read", async () => {
    const { clock, wearable, transport, client } = refusingClock();
    await client.open();
    expect(client.status$.value.link).toBe("connected");
    expect(transport.clockWrites).toBe(1);
    expect(client.status$.value.message).toMatch(/refused its clock \(invalid parameter\)/);
    expect(client.status$.value.severity).toBe("error");

    transport.refuseClock = false; // e.g. the watch's app restarted, or this device's date was fixed
    clock.ms += 60_000;
    await client.refreshLive();
    expect(transport.clockWrites).toBe(2);
    expect(client.status$.value.message).toMatch(/watch's clock is set/);
    await client.refreshLive(); // set: not sent again
    expect(transport.clockWrites).toBe(2);
    client.close();
    wearable.dispose();
  });

  it("is sent again before START (no live read in between)", async () => {
    const { wearable, transport, client } = refusingClock();
    await client.open();
    transport.refuseClock = false;
    expect((await client.command("start")).ok).toBe(true);
    expect(transport.clockWrites).toBe(2);
    client.close();
    wearable.dispose();
  });

  it("refused again before START: the session starts, and the page says its time may be wrong", async () => {
    const { wearable, transport, client } = refusingClock();
    await client.open();
    const outcome = await client.command("start");
    expect(transport.clockWrites).toBe(2);
    expect(outcome.ok).toBe(true);
    expect(outcome.message).toMatch(/clock/);
    client.close();
    wearable.dispose();
  });
});
