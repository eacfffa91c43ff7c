// Review 33: a full phone with a damaged history that holds NO record of the routine last sent (as
// fix30's build left it: the old record removed and the new one not stored; or a short record lost
// when the next one, a character longer, does not fit) sends the routine as a new revision at every
// launch. Every confirmation from the watch launches the companion, so the routine is sent for ever.
//
// What the user sees: their phone's storage is full. The watch buzzes with "routine updated" and
// the companion keeps transferring the same routine, each confirmation waking it to send another:
// the battery drains and the settings page never settles on "on the watch".
//
// Why: since review 32's fix, unrecordedRoutine (companion/routine-sync.ts) needs the short record to
// match; with none stored it returns null, sendRoutine cannot store even the short record (no room,
// no old record to free), and the next launch is in the same state.
import { describe, expect, it } from "vitest";
import { fileOf } from "./support/builders";
import { encodeRoutineAckMessage } from "../common/protocol";
import { PhoneSync } from "../companion/phone-sync";
import { LOCAL_KEYS } from "../companion/phone-services";
import { phoneWithTenSessions } from "./support/routine-phone";

describe("review 33: a full phone with no record of the routine last sent", () => {
  it("does not send a new revision at every confirmation", async () => {
    const { local, inbox, services, revisionsSent } = await phoneWithTenSessions();
    // A damaged history on a full phone (as in review 30's test), and no record of the routine sent.
    local.data[LOCAL_KEYS.history] = (local.getItem(LOCAL_KEYS.history) as string).replace('"s-0003"', '"s-0003');
    local.removeItem(LOCAL_KEYS.sentRoutine);
    local.capacity = local.used();

    const before = revisionsSent.length;
    for (let confirmation = 0; confirmation < 5; confirmation++) {
      inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(revisionsSent[revisionsSent.length - 1])));
      await new PhoneSync(services).start(); // every wake is a launch
    }
    // At most one launch send (the routine's record lost); before a fix, one new revision per confirmation.
    expect(revisionsSent.length - before).toBeLessThanOrEqual(1);
  });
  it("does not send a new revision at every confirmation after a change whose short record is a character longer", async () => {
    const { settings, local, inbox, services, revisionsSent, phone } = await phoneWithTenSessions();
    local.data[LOCAL_KEYS.history] = (local.getItem(LOCAL_KEYS.history) as string).replace('"s-0003"', '"s-0003');
    local.capacity = local.used();
    // A change on the full phone: only the short record is kept (switch 100 s hashes to 6 base-36 digits).
    settings.setItem("switchSeconds", "100");
    await phone.onSettingsChange("switchSeconds");
    // Was 6 digits for this hash, 7 for 107 s's; since the fix every short record has 7 (one length).
    expect(local.getItem(LOCAL_KEYS.sentRoutine)).toMatch(/^\d+:[0-9a-z]{6,7}$/);
    inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(revisionsSent[revisionsSent.length - 1])));
    await new PhoneSync(services).start();

    // The phone fills up to the last character; with the companion asleep the user sets switch 107 s
    // (its hash has 7 digits: the new short record does not fit in the old one's room).
    local.capacity = local.used();
    settings.setItem("switchSeconds", "107");
    await new PhoneSync(services).start(); // the change is sent at launch, as it should be
    const afterChange = revisionsSent.length;
    for (let confirmation = 0; confirmation < 5; confirmation++) {
      inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(revisionsSent[revisionsSent.length - 1])));
      await new PhoneSync(services).start(); // every wake is a launch
    }
    // Before a fix: no record at all is left, and each confirmation's launch sends a new revision (5).
    expect(revisionsSent.length - afterChange).toBeLessThanOrEqual(1);
  });
});
