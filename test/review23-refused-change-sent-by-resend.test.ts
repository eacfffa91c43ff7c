// Review 23: a changed routine the transfer refused is later sent by a resend, under the old
// revision, while the page says it is "not sent"; changing it back then never reaches the watch.
//
// What the user sees: they change the hold from 30 s to 45 s; the phone's file transfer refuses it,
// and the page says "Routine changed …; not sent to the watch yet". The watch then says it runs an
// older routine (its launch confirmation), and the companion resends — the 45 s routine — which the
// watch applies and confirms. The page still says "not sent to the watch yet" while the watch runs
// 45 s holds. If the user, believing that, sets 30 s back, the page says "Routine on the watch:
// confirmed", nothing is sent, and the watch keeps running 45 s holds for good.
//
// Why: receiveRoutineAck calls resendRoutine(this.currentRoutine(), last.revision, …): it sends the
// CURRENT settings under the revision of the last routine recorded as sent (sentRoutine), and records
// nothing. routineRefusedAt stays set (only sendRoutine clears it), and sentRoutine still holds the
// 30 s routine, so syncRoutine takes 30 s for "unchanged and confirmed". Suggested fix: a resend sends
// the routine it resends (last.routine, as the launch resend does); or, when the current routine
// differs from the last sent, call sendRoutine (a new revision, recorded, clearing routineRefusedAt).
import { describe, expect, it } from "vitest";
import { fileOf } from "./support/builders";
import { encodeRoutineAckMessage } from "../common/protocol";
import { syncLines } from "../settings/page-text";
import { PhoneRig } from "./support/phone-rig";

describe("review 23: a refused routine change, then an older confirmation from the watch", () => {
  it("the page does not call a routine the watch received 'not sent', and changing it back reaches the watch", async () => {
    const rig = new PhoneRig({ tzOffsetMinutes: 0 });
    const { settings, inbox } = rig;
    const transfer = { refuses: false };
    rig.transfer = async () => {
      if (transfer.refuses) throw new Error("outbox full");
      return { readyState: "transferred" };
    };
    const lastSent = () => rig.routinesSent()[rig.routinesSent().length - 1];
    const firstLine = () => syncLines(rig.summary().sync, 0)[0];
    const phone = await rig.sync(); // the 30 s default routine is handed over; the watch has not confirmed it yet

    transfer.refuses = true;
    settings.setItem("holdSeconds", "45");
    await phone.onSettingsChange("holdSeconds");
    expect(firstLine()).toMatch(/not sent to the watch yet/); // precondition
    transfer.refuses = false;

    // The watch says it runs an older routine (it started before the 30 s one arrived).
    inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(0)));
    await phone.drainInbox();
    const resent = lastSent();
    expect(resent.routine.holdSeconds).toBe(45); // precondition: what the resend carried
    // The watch applies it and confirms its revision.
    inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(resent.revision)));
    await phone.drainInbox();
    // Expected: not "not sent". Actual: "Routine changed Mon 5 Jan 09:00; not sent to the watch yet …".
    expect(firstLine()).not.toMatch(/not sent to the watch yet/);

    // The user sets 30 s back: the watch, which runs 45 s, must get it.
    settings.setItem("holdSeconds", "30");
    await phone.onSettingsChange("holdSeconds");
    // Actual: nothing sent; the page says "Routine on the watch: confirmed …" with 45 s on the watch.
    expect(lastSent().routine.holdSeconds).toBe(30);
  });
});
