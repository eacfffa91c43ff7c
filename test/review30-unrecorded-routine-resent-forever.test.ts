// Review 30: a routine change that the full phone cannot record as sent is sent again at every
// confirmation from the watch, for ever.
//
// What the user sees: their phone's storage is full and its stored history is damaged (a line lost
// a character). They change the routine on the settings page. The watch gets it and confirms it,
// but the page keeps saying "Routine sent …; waiting for the watch to confirm": every confirmation
// wakes the companion, which hands the same routine to the watch once more under a new revision,
// which the watch confirms again. Phone and watch keep the Bluetooth link busy (battery on both)
// for as long as the app runs, one transfer per confirmation.
//
// Why: sendRoutine records the routine it handed over with storeMakingRoom (cc18de8), which gives up
// when it cannot make room (writeMakingRoom refuses on a damaged history, or when dropping every
// session would not free enough); sendRoutine ignores that and still records the new revision in
// the sync state. receiveRoutineAck then compares the watch's revision with the record of the
// routine last sent (still the old one): a newer revision than that record and settings that differ
// from it read as "settings changed since", so the routine is sent again as a new revision.
import { describe, expect, it } from "vitest";
import { fileOf } from "./support/builders";
import { encodeRoutineAckMessage } from "../common/protocol";
import { PhoneSync } from "../companion/phone-sync";
import { LOCAL_KEYS } from "../companion/phone-services";
import { phoneWithTenSessions } from "./support/routine-phone";

describe("a routine change on a full phone whose history is damaged", () => {
  it("is handed to the watch once, not again at every confirmation", async () => {
    const { settings, local, inbox, services, revisionsSent, phone } = await phoneWithTenSessions();
    // One session's line loses a quote: the history is damaged (its damage is kept at the next session).
    local.data[LOCAL_KEYS.history] = (local.getItem(LOCAL_KEYS.history) as string).replace('"s-0003"', '"s-0003');
    local.capacity = local.used(); // the phone's storage is now full

    settings.setItem("switchSeconds", "120"); // one character longer in the record of what was sent
    await phone.onSettingsChange("switchSeconds");
    const sentForTheChange = revisionsSent.length - 1;
    expect(sentForTheChange).toBe(1);

    // The watch confirms each revision it receives (the companion wakes for each confirmation).
    for (let confirmation = 0; confirmation < 5; confirmation++) {
      inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(revisionsSent[revisionsSent.length - 1])));
      await new PhoneSync(services).drainInbox();
    }
    // Before a fix: 6 transfers for one change (one more per confirmation).
    expect(revisionsSent.length - 1).toBe(1);
  });
});
