// Review 45 (splitphone: the storage note in settingsStorage). Status: FIXED (fix45): StorageNote.clear
// removes the note only when there is one, through tryRemove (a refusal is logged and ends nothing;
// the note is then emptied instead, so the page does not keep it); the export's removals too.
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
import { MemoryStore, QuotaStore } from "./support/phone-stores";
import { quietPhoneServices, sessionMinutesAgo } from "./support/quiet-phone";

/** settingsStorage whose removals fail (a store that cannot write). */
class SettingsRemovalFails extends MemoryStore {
  removeItem(_key: string): void {
    throw new Error("settings storage unavailable");
  }
}

describe("a session arriving while settingsStorage cannot remove a key", () => {
  it("is stored, acknowledged and shown on the page at once", async () => {
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
    // Before fix45: no ack, and no page.
    expect(sent).toContain(ackFileName(s.id));
    const page = JSON.parse(settings.getItem(SETTINGS_KEYS.history) || "null") as HistorySummary | null;
    expect(page?.sync.lastResultId).toBe(s.id);
  });
});

/** localStorage whose history writes fail with an I/O error (not a lack of room) while `failing` is set. */
class FailingHistoryStore extends QuotaStore {
  failing = false;
  setItem(key: string, value: string): void {
    if (this.failing && key === LOCAL_KEYS.history) throw new Error("I/O error");
    super.setItem(key, value);
  }
}

describe("settingsStorage that cannot remove a key, after the page noted a session not stored", () => {
  it("the session stored once the phone can: acknowledged, and the note gone from the page", async () => {
    const settings = new SettingsRemovalFails();
    const local = new FailingHistoryStore();
    const inbox: IncomingFile[] = [];
    const sent: string[] = [];
    const warnings: string[] = [];
    const services: PhoneServices = {
      ...quietPhoneServices(settings, local, inbox),
      send: async (name: string) => void sent.push(name),
      warn: (m: string) => void warnings.push(m),
    };
    const s = sessionMinutesAgo("s-0001", 30);
    local.failing = true;
    inbox.push(fileOf(resultFileName(s.id), encodeResultMessage(s)));
    await new PhoneSync(services).start();
    const noted = JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary;
    expect(noted.sync.storageProblem).toContain("I/O error");
    expect(sent).not.toContain(ackFileName(s.id));

    local.failing = false;
    inbox.push(fileOf(resultFileName(s.id), encodeResultMessage(s))); // the watch resends it
    await new PhoneSync(services).start();
    expect(sent).toContain(ackFileName(s.id));
    const page = JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary;
    expect(page.sync.lastResultId).toBe(s.id);
    expect(page.sync.storageProblem).toBe("");
    // A restart shows no note either.
    await new PhoneSync(services).start();
    const restarted = JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary;
    expect(restarted.sync.storageProblem).toBe("");
    expect(warnings.some((w) => w.indexOf("could not remove " + SETTINGS_KEYS.storageNote) >= 0)).toBe(true);
  });
});

describe("an export asked for while settingsStorage cannot remove a key", () => {
  it("is written, with its note, and the refusal logged", async () => {
    const settings = new SettingsRemovalFails();
    const local = new MemoryStore();
    const inbox: IncomingFile[] = [];
    const warnings: string[] = [];
    const services: PhoneServices = {
      ...quietPhoneServices(settings, local, inbox),
      warn: (m: string) => void warnings.push(m),
    };
    const s = sessionMinutesAgo("s-0001", 30);
    inbox.push(fileOf(resultFileName(s.id), encodeResultMessage(s)));
    const phone = new PhoneSync(services);
    await phone.start();
    settings.setItem(SETTINGS_KEYS.exportRequest, "csv:123");
    await phone.onSettingsChange(SETTINGS_KEYS.exportRequest);
    // Before fix45: the removal of the request threw first, and no export was written.
    expect(settings.getItem(SETTINGS_KEYS.exportText)).toContain(s.id);
    expect(settings.getItem(SETTINGS_KEYS.exportNote)).toBe("CSV: 1 session");
    expect(warnings.some((w) => w.indexOf("could not remove " + SETTINGS_KEYS.exportRequest) >= 0)).toBe(true);
  });
});
