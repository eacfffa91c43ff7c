// Review 19: the user saves a routine; the watch stores it and answers 0x01 (success) on the control
// point; then WearableClient.writeRoutine() reads the Routine characteristic back to show it, and that
// read fails (the link drops at that moment, or one GATT read fails). The read-back is inside the same
// try as the write, so the page says "The routine was not sent: …" and returns ok: false, although
// the watch confirmed it and now runs the new routine. The user sees a failure, edits or resends, or
// believes the watch still has the old routine (the "routine sent but reported as not" case). The
// answer 0x01 is what decides "sent"; a failed read-back should at most say the echo could not be read.
import { describe, expect, it } from "vitest";
import type { CharacteristicKey } from "../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { PassThroughTransport, demoClient, demoClock } from "./support/demo-client";

/** After a routine write, the next read of the Routine characteristic fails once (NetworkError). */
class RoutineReadBackFails extends PassThroughTransport {
  private failNextRoutineRead = false;
  async read(key: CharacteristicKey): Promise<Uint8Array> {
    if (key === "routine" && this.failNextRoutineRead) {
      this.failNextRoutineRead = false;
      const error = new Error("GATT operation failed for unknown reason.");
      error.name = "NetworkError";
      throw error;
    }
    return this.inner.read(key);
  }
  async write(key: CharacteristicKey, value: Uint8Array): Promise<void> {
    await this.inner.write(key, value);
    if (key === "routine") this.failNextRoutineRead = true;
  }
}

describe("review 19: a routine the watch confirmed, whose read-back fails", () => {
  it("is reported as saved, not as 'not sent'", async () => {
    const { wearable, client } = demoClient("Simulated watch", demoClock(), {
      wrap: (inner) => new RoutineReadBackFails(inner),
    });
    await client.open();
    const edited: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 45, repsPerLeg: 2 };

    const outcome = await client.writeRoutine(edited);

    // The watch took it: its routine in force is the edited one.
    expect(wearable.routine()).toEqual(edited);
    // ... but the page tells the user it was not sent.
    expect(outcome.message).not.toMatch(/not sent/);
    expect(outcome.ok).toBe(true);
    client.close();
    wearable.dispose();
  });
});
