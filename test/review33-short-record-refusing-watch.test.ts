// Review 33: with only the short record of the routine sent (a full phone with a damaged history),
// a watch that refuses the routine (answers each transfer with its older revision) is sent it again
// for ever: every answer launches the companion, the launch resends the unconfirmed revision, and
// the answer is never counted as a refusal, because receiveRoutineAck reads no last routine from the
// short record (lastSentRoutine returns null) and returns before counting. With the whole record
// stored, the companion stops after MAX_ROUTINE_REFUSALS (5) refusals.
//
// What the user sees: a watch that cannot take the routine (its storage full) gets the same
// routine transfer at every wake of the companion, without end; the phone's battery and the
// watch's radio pay for it, and the page never says the watch refused it.
import { describe, expect, it } from "vitest";
import { fileOf } from "./support/builders";
import { encodeRoutineAckMessage } from "../common/protocol";
import { PhoneSync } from "../companion/phone-sync";
import { LOCAL_KEYS } from "../companion/phone-services";
import { phoneWithTenSessions } from "./support/routine-phone";

describe("review 33: a watch refusing the routine, on a full phone keeping only the short record", () => {
  it("is not sent the routine for ever", async () => {
    const { settings, local, inbox, services, revisionsSent, phone } = await phoneWithTenSessions();
    const watchRuns = revisionsSent[0];
    local.data[LOCAL_KEYS.history] = (local.getItem(LOCAL_KEYS.history) as string).replace('"s-0003"', '"s-0003');
    local.capacity = local.used();

    settings.setItem("switchSeconds", "120");
    await phone.onSettingsChange("switchSeconds");
    expect(local.getItem(LOCAL_KEYS.sentRoutine)).toMatch(/^\d+:[0-9a-z]+$/); // precondition: the short record
    const afterChange = revisionsSent.length;

    // The watch refuses: it answers every transfer with the revision it runs; every answer is a launch.
    for (let answer = 0; answer < 20; answer++) {
      inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(watchRuns)));
      await new PhoneSync(services).start();
    }
    // With the whole record stored (a roomy phone, same steps) the resends stop after 9, however many
    // answers come (measured at 20 and 40). Before a fix: one per answer, 20.
    expect(revisionsSent.length - afterChange).toBeLessThanOrEqual(9);
  });
});
