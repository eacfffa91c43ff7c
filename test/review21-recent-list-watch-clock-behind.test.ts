// Review 21: a session from a watch whose clock is far behind is stored and acknowledged, but the
// settings page never lists it.
//
// What the user sees: their watch's clock is a year behind (it restarted and has not been set by
// the phone yet). They do a session; the phone receives, stores and acknowledges it, and the Sync
// section says "Last session received: Mon 5 Jan 10:00" — but "recent sessions" does not show it,
// nor will it ever: summarizeHistory lists the 10 latest by START time (byStart), and this one
// started "a year ago", below the 10 sessions of the past days. (A watch clock far ahead does the
// opposite: its session stays at the top of the list until 270 more have arrived.) The stored
// history is already in arrival order (history-store.ts, chosen so no clock can prune it); the
// page's recent list should not depend on the clock either, e.g. the last 10 to arrive, shown with
// their date.
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { PHONE_NOW, quietPhoneServices } from "./support/quiet-phone";
import { encodeResultMessage } from "../common/protocol";
import { HistorySummary } from "../common/history-summary";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile } from "../companion/phone-services";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { MemoryStore } from "./support/phone-stores";

const DAY = 86400000;

describe("review 21: a session from a watch whose clock is a year behind", () => {
  it("is listed among the recent sessions once the phone has stored it", async () => {
    const settings = new MemoryStore();
    const local = new MemoryStore();
    const inbox: IncomingFile[] = [];
    const services = quietPhoneServices(settings, local, inbox);
    // One session a day over the last 10 days, already on the phone.
    for (let day = 10; day >= 1; day--) {
      const id = "day-" + day;
      inbox.push(fileOf("result-" + id + ".cbor", encodeResultMessage(completedSession(id, PHONE_NOW - day * DAY))));
    }
    await new PhoneSync(services).start();
    // Today's session, dated by a watch clock a year behind.
    const today = completedSession("today", PHONE_NOW - 365 * DAY - 600000);
    inbox.push(fileOf("result-today.cbor", encodeResultMessage(today)));
    await new PhoneSync(services).start();

    const summary = JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary;
    expect(summary.sync.lastResultId).toBe("today"); // precondition: received and stored
    expect(summary.storedSessions).toBe(11);
    expect(summary.recent.map((line) => line.id)).toContain("today");
  });
});
