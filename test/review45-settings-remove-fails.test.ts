// Review 45 (splitphone: the storage note in settingsStorage). Status: OPEN, marked it.fails.
//
// What the user sees: the phone's settingsStorage refuses writes (its removeItem throws, as a store
// that cannot write may), while localStorage works. A session arrives: it is stored in the history,
// but the watch gets no ack for it and the page does not change (no "last session", the week
// unchanged) until the watch sends it again; every new session costs a resend this way.
// What they should see: the session stored, acknowledged at once, the page rewritten, as before
// splitphone (no settingsStorage write was on this path but the page's own, which is guarded).
// Why it matters: a note that could not even be shown must never hold back a session's ack or the
// page (the brief: the new keys must never block the page or a session).
// Likely cause: companion/storage-note.ts StorageNote.clear() calls settingsStorage.removeItem
// unguarded after every stored session (also when no note was ever written); its throw ends
// PhoneSync.receiveFile before the ack, and the drain before writeSummary. Other settings writes go
// through trySet; guarding the removal (or removing only when a note is there) keeps the path safe.
import { describe, expect, it } from "vitest";
import { ackFileName, encodeResultMessage, resultFileName } from "../common/protocol";
import { parseHistory } from "../common/history-store";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS, PhoneServices } from "../companion/phone-services";
import { fileOf } from "./support/builders";
import { MemoryStore } from "./support/phone-stores";
import { quietPhoneServices, sessionMinutesAgo } from "./support/quiet-phone";

/** settingsStorage whose removals fail (a store that cannot write). */
class SettingsRemovalFails extends MemoryStore {
  removeItem(_key: string): void {
    throw new Error("settings storage unavailable");
  }
}

describe("a session arriving while settingsStorage cannot remove a key", () => {
  it.fails("is stored, acknowledged and shown on the page at once", async () => {
    const settings = new SettingsRemovalFails();
    const local = new MemoryStore();
    const inbox: IncomingFile[] = [];
    const sent: string[] = [];
    const services: PhoneServices = {
      ...quietPhoneServices(settings, local, inbox),
      send: async (name: string) => void sent.push(name),
    };
    const s = sessionMinutesAgo("s-0001", 30);
    inbox.push(fileOf(resultFileName(s.id), encodeResultMessage(s)));
    await new PhoneSync(services).start();
    expect(parseHistory(local.getItem(LOCAL_KEYS.history)).history.map((r) => r.id)).toEqual([s.id]);
    // On main: no ack, and no page.
    expect(sent).toContain(ackFileName(s.id));
    const page = JSON.parse(settings.getItem(SETTINGS_KEYS.history) || "null") as HistorySummary | null;
    expect(page?.sync.lastResultId).toBe(s.id);
  });
});
