// A routine handed to the watch on a full phone (review 28's aside): recording it as sent needs a
// little more room (a longer routine, a longer revision). Before, `sendRoutine` wrote that record
// with a bare setItem after the transfer: the quota error failed the whole sync ("task failed") after
// the routine had gone to the watch, and the page went on saying the change was not sent.
import { describe, expect, it } from "vitest";
import { syncLines } from "../settings/page-text";
import { LOCAL_KEYS } from "../companion/phone-services";
import { PhoneRig } from "./support/phone-rig";

describe("a routine change sent from a full phone", () => {
  it("is recorded as sent, the sync goes on, and the page says so", async () => {
    const rig = new PhoneRig();
    const { settings, local, warnings } = rig;
    rig.transfer = async () => ({ readyState: "transferred" });
    const lastSent = () => rig.routinesSent()[rig.routinesSent().length - 1];
    const phone = await rig.sync(); // the 30 s default routine is handed over
    rig.pushNumberedSessions(20);
    await phone.drainInbox();
    rig.fillToQuota(); // the phone's storage is now full

    settings.setItem("switchSeconds", "120"); // one character longer in the record of what was sent
    await expect(phone.onSettingsChange("switchSeconds")).resolves.toBeUndefined();
    expect(lastSent().routine.switchSeconds).toBe(120);
    expect(warnings.filter((w) => /task failed/.test(w))).toEqual([]);
    const sync = JSON.parse(local.getItem(LOCAL_KEYS.sync) as string) as { routineRevision: number };
    expect(sync.routineRevision).toBe(lastSent().revision);
    const summary = rig.summary();
    expect(syncLines(summary.sync, 0).join(" ")).not.toMatch(/not sent to the watch yet/);
  });
});
