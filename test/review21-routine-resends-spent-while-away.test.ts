// Review 21: the routine's resends are spent while the watch cannot be reached, and afterwards the
// watch asking for it is ignored.
//
// What the user sees: they change the hold to 45 s on the phone while the watch is out of reach
// (left at home, Bluetooth off). Every time the companion starts (settings page opened, woken up)
// it resends the unconfirmed routine and counts it (PhoneSync.syncRoutine → resendRoutine, at most
// MAX_ROUTINE_RESENDS = 5 per revision), though each of those transfers failed and the watch never
// saw one. When the watch is back, its launch confirmation names the routine it still runs (an
// older revision) — proof that it lacks the new one — but receiveRoutineAck → resendRoutine finds
// the 5 resends spent and only logs a warning. The watch keeps running 30 s holds for good, while
// the page shows 45 s and "waiting for the watch to confirm"; only another edit gets it through.
// The cap exists for a watch that keeps refusing a routine it received; a resend the watch never
// answered should not count toward it (e.g. count resends only when the watch reports an older
// revision after the file was transferred, not the launch resends).
import { describe, expect, it } from "vitest";
import { fileOf } from "./support/builders";
import { PHONE_NOW } from "./support/quiet-phone";
import { encodeRoutineAckMessage } from "../common/protocol";
import { routineToSettings } from "../common/settings-routine";
import { DEFAULT_ROUTINE } from "../common/routine";
import { PhoneRig } from "./support/phone-rig";

describe("review 21: routine resends spent while the watch is away", () => {
  it("sends the routine when the watch, back, says it runs an older revision", async () => {
    const phone = new PhoneRig();
    const { settings, inbox, clock } = phone;
    const routinesSent = () =>
      phone.routinesSent().map((sent) => ({ at: sent.at, holdSeconds: sent.routine.holdSeconds }));
    // The routine the watch runs: the default, revision 1, confirmed.
    for (const [key, value] of Object.entries(routineToSettings(DEFAULT_ROUTINE))) settings.setItem(key, value);
    phone.transfer = async () => ({ readyState: "transferred" });
    await phone.sync();
    phone.transfer = async () => ({ readyState: "error" }); // the watch is out of reach: each transfer fails
    inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(PHONE_NOW)));
    await phone.sync();

    // The watch goes out of reach; the user changes the hold to 45 s.
    clock.now += 3600000;
    settings.setItem("holdSeconds", "45");
    await phone.launch().onSettingsChange("holdSeconds");
    // Over the next hours the companion starts now and then (page opened, woken up): 5 launches.
    for (let launch = 0; launch < 5; launch++) {
      clock.now += 3600000;
      await phone.sync();
    }
    expect(routinesSent().filter((r) => r.holdSeconds === 45)).toHaveLength(6); // precondition: all failed

    // The watch is back: its app starts and says it still runs the old revision.
    clock.now += 3600000;
    const backAt = clock.now;
    inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(PHONE_NOW)));
    await phone.sync();
    // Expected: the 45 s routine goes to the watch now. Actual: nothing is sent ("not confirmed … after 5 resends").
    expect(routinesSent().filter((r) => r.at === backAt && r.holdSeconds === 45).length).toBeGreaterThan(0);
  });
});
