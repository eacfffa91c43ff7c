// Review 21: when the phone's file transfer refuses a changed routine, the page goes on saying the
// watch has confirmed the routine — next to the changed values.
//
// What the user sees: the routine (30 s holds) is on the watch and the Sync section says "Routine on
// the watch: confirmed Mon 5 Jan 10:00". They set the hold to 45 s; outbox.enqueue refuses the
// transfer (it rejects its promise). PhoneSync.syncRoutine → sendRoutine throws before anything is
// recorded, the task fails (logged only) and writeSummary never runs, so the page shows the slider at
// 45 s under "Routine on the watch: confirmed …": the user goes to stretch believing the watch has
// 45 s holds while it runs 30 s. The routine is only sent again at the next change or launch, and
// until then nothing on the page says it is not on the watch.
// Fix: on a refused send, write the summary anyway, with the routine marked as not sent (e.g. a
// sync field the page turns into "Routine changed; not sent to the watch yet").
import { describe, expect, it } from "vitest";
import { fileOf } from "./support/builders";
import { PHONE_NOW, quietPhoneServices } from "./support/quiet-phone";
import { encodeRoutineAckMessage } from "../common/protocol";
import { HistorySummary } from "../common/history-summary";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile } from "../companion/phone-services";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { syncLines } from "../settings/page-text";
import { MemoryStore } from "./support/phone-stores";

describe("review 21: a changed routine the transfer refused", () => {
  it("is not shown as confirmed on the watch", async () => {
    const settings = new MemoryStore();
    const local = new MemoryStore();
    const inbox: IncomingFile[] = [];
    const transfer = { refuses: false };
    const services = {
      ...quietPhoneServices(settings, local, inbox),
      send: async () => {
        if (transfer.refuses) throw new Error("transfer refused");
        return undefined;
      },
    };
    const sync = new PhoneSync(services);
    await sync.start();
    inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(PHONE_NOW)));
    await sync.drainInbox();
    const page = () =>
      syncLines((JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).sync, -60);
    expect(page()[0]).toMatch(/^Routine on the watch: confirmed/); // precondition

    transfer.refuses = true;
    settings.setItem("holdSeconds", "45"); // the user moves the Hold slider
    await sync.onSettingsChange("holdSeconds");
    expect(settings.getItem("holdSeconds")).toBe("45"); // the page shows 45 s
    expect(page()[0]).not.toMatch(/^Routine on the watch: confirmed/);
  });
});
