// A routine handed to the watch on a full phone (review 28's aside): recording it as sent needs a
// little more room (a longer routine, a longer revision). Before, `sendRoutine` wrote that record
// with a bare setItem after the transfer: the quota error failed the whole sync ("task failed") after
// the routine had gone to the watch, and the page went on saying the change was not sent.
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { decodeRoutineMessage, encodeResultMessage } from "../common/protocol";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { syncLines } from "../settings/page-text";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS, PhoneServices } from "../companion/phone-services";
import { MemoryStore, QuotaStore } from "./support/phone-stores";
import { quietPhoneServices } from "./support/quiet-phone";

describe("a routine change sent from a full phone", () => {
  it("is recorded as sent, the sync goes on, and the page says so", async () => {
    const settings = new MemoryStore();
    const local = new QuotaStore();
    const inbox: IncomingFile[] = [];
    const switchesSent: number[] = [];
    const revisionsSent: number[] = [];
    const warnings: string[] = [];
    const services: PhoneServices = {
      ...quietPhoneServices(settings, local, inbox),
      warn: (message) => {
        warnings.push(message);
      },
      send: async (name, payload) => {
        const decoded = decodeRoutineMessage(payload);
        if (name === "routine.cbor" && decoded.ok) {
          switchesSent.push(decoded.value.routine.switchSeconds);
          revisionsSent.push(decoded.value.revision);
        }
        return { readyState: "transferred" };
      },
    };
    const phone = new PhoneSync(services);
    await phone.start(); // the 30 s default routine is handed over
    for (let n = 0; n < 20; n++) {
      const id = "s-" + String(n).padStart(4, "0");
      inbox.push(fileOf("result-" + id + ".cbor", encodeResultMessage(completedSession(id, 1767600000000 + n * 1e6))));
    }
    await phone.drainInbox();
    local.capacity = local.used(); // the phone's storage is now full

    settings.setItem("switchSeconds", "120"); // one character longer in the record of what was sent
    await expect(phone.onSettingsChange("switchSeconds")).resolves.toBeUndefined();
    expect(switchesSent[switchesSent.length - 1]).toBe(120);
    expect(warnings.filter((w) => /task failed/.test(w))).toEqual([]);
    const sync = JSON.parse(local.getItem(LOCAL_KEYS.sync) as string) as { routineRevision: number };
    expect(sync.routineRevision).toBe(revisionsSent[revisionsSent.length - 1]);
    const summary = JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary;
    expect(syncLines(summary.sync, 0).join(" ")).not.toMatch(/not sent to the watch yet/);
  });
});
