// Review 19: the browser's storage is full (IndexedDB rejects the write with QuotaExceededError) when
// a finished session arrives. The client rightly does not acknowledge it (the watch keeps it), but
// pullAll's catch-all treats every failure as a GATT one and tells the user "Reading results failed
// (The quota has been exceeded.); the transfer resumes at byte 0 on the next pull." The user reads a
// Bluetooth problem (moves closer, reconnects, restarts the watch) while the real cause — this
// device's storage is full, the session stays on the watch until space is freed — is never said.
// A failure of store.putIfAbsent should be reported as a storage failure in those words.
import { describe, expect, it } from "vitest";
import { DEMO_STEP_MS } from "../web/src/demo-wearable";
import { MemoryStore } from "../web/src/store";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import type { SessionResult } from "../common/result";
import { demoClient, demoClock } from "./support/demo-client";

/** IndexedDB on a full disk: every write is refused with the browser's QuotaExceededError. */
class FullStore extends MemoryStore {
  full = false;
  async putIfAbsent(result: SessionResult): Promise<boolean> {
    if (this.full) {
      const error = new Error("The quota has been exceeded.");
      error.name = "QuotaExceededError";
      throw error;
    }
    return super.putIfAbsent(result);
  }
}

const SHORT_ROUTINE: Routine = {
  ...DEFAULT_ROUTINE,
  repsPerLeg: 1,
  holdSeconds: 8,
  getReadySeconds: 0,
  restSeconds: 0,
  switchSeconds: 0,
};

describe("review 19: storage full when a session arrives", () => {
  it("keeps the session on the watch and says the device's storage failed, not the reading", async () => {
    const clock = demoClock();
    const store = new FullStore({ lasting: true });
    const { wearable, client } = demoClient("Simulated watch", clock, { store });
    await client.open();
    expect((await client.writeRoutine(SHORT_ROUTINE)).ok).toBe(true);
    store.full = true;
    expect((await client.command("start")).ok).toBe(true);
    for (let t = 0; t < 2 * SHORT_ROUTINE.holdSeconds * 1000 + 500; t += DEMO_STEP_MS) {
      clock.ms += DEMO_STEP_MS;
      wearable.step();
    }
    const report = await client.pullResults();

    // Right: nothing acknowledged, the session is still on the watch.
    expect(wearable.storedResults).toBe(1);
    // Wrong: the message blames reading from the watch.
    const status = client.status$.value;
    expect(status.severity).toBe("error");
    expect(status.message).not.toMatch(/Reading results failed/);
    expect(status.message).toMatch(/stor(age|ed)/i);
    expect(report.error).toBe(status.message);
    client.close();
    wearable.dispose();
  });
});
