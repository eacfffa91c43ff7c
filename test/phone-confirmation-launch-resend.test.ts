// The watch's confirmation of a routine wakes the companion (a file transfer launches it). That
// launch must not hand the confirmed routine over once more: it read the stale "unconfirmed" state
// before the confirmation waiting in its inbox, resent the routine, and the watch, which confirms
// every routine file it receives, woke the companion yet again (one transfer and one wake more per
// change). Checked with a roomy phone and with a full one that could not record the routine.
import { describe, expect, it } from "vitest";
import { fileOf } from "./support/builders";
import { encodeRoutineAckMessage } from "../common/protocol";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { LOCAL_KEYS } from "../companion/phone-services";
import { phoneWithTenSessions } from "./support/routine-phone";

describe("the launch woken by the watch confirming a routine change", () => {
  it.each([
    ["a roomy phone", false],
    ["a full phone with a damaged history and no record of the routine", true],
  ])("on %s sends nothing more", async (_name, full) => {
    const { settings, local, inbox, services, revisionsSent, phone } = await phoneWithTenSessions();
    if (full) {
      local.data[LOCAL_KEYS.history] = (local.getItem(LOCAL_KEYS.history) as string).replace('"s-0003"', '"s-0003');
      local.removeItem(LOCAL_KEYS.sentRoutine);
      local.capacity = local.used();
    }
    settings.setItem("switchSeconds", "120");
    await phone.onSettingsChange("switchSeconds");
    const sentForChange = revisionsSent.length;
    expect(sentForChange).toBe(2); // precondition: the first launch's routine and the change

    inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(revisionsSent[revisionsSent.length - 1])));
    await new PhoneSync(services).start(); // the companion had been unloaded; the confirmation wakes it
    // Before a fix: 1 (the confirmed revision handed over again).
    expect(revisionsSent.length - sentForChange).toBe(0);
    const page = (JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).sync;
    expect(page.routineConfirmedRevision).toBe(page.routineRevision); // the page says "confirmed"
  });
});
