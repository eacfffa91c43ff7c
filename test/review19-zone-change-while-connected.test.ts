// Review 19: the page stays connected (an installed web app left open on the desk) while the
// browser's UTC offset changes — daylight saving time ends, or the laptop travels. The watch has no
// zone rules of its own: the Bangle.js app takes its zone from SET_CLOCK (E.setTimeZone), and the
// client sends SET_CLOCK only in connectOnce. So every session done after the change, until the link
// happens to drop, is recorded with the old offset: the history shows it an hour off ("08:00" done
// at 07:00), and one done near midnight counts on the wrong day in the day's totals and streak.
// The client already asks `utcOffsetMinutes()` each time; it should send SET_CLOCK again when the
// answer changes (e.g. checked with the 1-s live poll, or before each START).
import { describe, expect, it } from "vitest";
import { DEMO_STEP_MS } from "../web/src/demo-wearable";
import { MemoryStore } from "../web/src/store";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { demoClient, demoClock } from "./support/demo-client";

const SHORT_ROUTINE: Routine = {
  ...DEFAULT_ROUTINE,
  repsPerLeg: 1,
  holdSeconds: 8,
  getReadySeconds: 0,
  restSeconds: 0,
  switchSeconds: 0,
};

describe("review 19: the browser's UTC offset changes while the watch stays connected", () => {
  it("a session done after the change carries the new offset", async () => {
    const clock = demoClock();
    const store = new MemoryStore({ lasting: true });
    let browserOffset = 120; // summer time, UTC+2
    const { wearable, client } = demoClient("Simulated watch", clock, {
      store,
      client: { utcOffsetMinutes: () => browserOffset },
    });
    await client.open();
    expect((await client.writeRoutine(SHORT_ROUTINE)).ok).toBe(true);

    // Overnight the clocks go back: the browser is now at UTC+1. The link never dropped.
    clock.ms += 20 * 3600 * 1000;
    browserOffset = 60;
    for (let i = 0; i < 3; i++) await client.refreshLive(); // the page's 1-s live reads go on
    expect((await client.command("start")).ok).toBe(true);
    for (let t = 0; t < 2 * SHORT_ROUTINE.holdSeconds * 1000 + 500; t += DEMO_STEP_MS) {
      clock.ms += DEMO_STEP_MS;
      wearable.step();
    }
    await client.pullResults();

    const stored = await store.all();
    expect(stored).toHaveLength(1);
    expect(stored[0].utcOffsetMinutes).toBe(60);
    client.close();
    wearable.dispose();
  });
});
