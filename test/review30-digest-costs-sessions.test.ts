// Review 30: on a full phone, the 21st unreadable result removes about seven real sessions to make
// room for the bookkeeping that counts it.
//
// What the user sees: their phone's storage is full. The watch has sent 20 results the phone cannot
// read (counted on the page: "⚠ 20 unreadable results from the watch"). A 21st arrives; the page now
// says 21 unreadable, and also "The phone's storage was full: the 7 sessions received earliest were
// removed". Seven sessions they had are gone to count one result they will never see, where each of
// the first 20 cost at most one.
//
// Why: PhoneSync.reject keeps the first 20 names as they are (MAX_REJECTED_NAMES_KEPT, "a full phone
// makes room for a name, not 2 KB", 8b26eec); the 21st folds them all into the 2048-character digest
// (common/name-digest.ts) in one sync-state write that grows by 1,489 characters here, and writeSync
// makes room for it by removing sessions (storeMakingRoom) like for anything the user must see.
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { encodeResultMessage } from "../common/protocol";
import { parseHistory } from "../common/history-store";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS } from "../companion/phone-services";
import { MemoryStore, QuotaStore } from "./support/phone-stores";
import { quietPhoneServices } from "./support/quiet-phone";

/** A file the phone cannot decode (another protocol version's bytes, say): never acknowledged. */
function unreadable(name: string): IncomingFile {
  return { name, cbor: async () => Promise.reject(new Error("unexpected end of CBOR data")) };
}

/** A result file name as the watch makes them: start time in base 36, a suffix. */
function resultName(i: number): string {
  const startedAt = Date.UTC(2026, 0, 5, 9) + i * 8 * 3600000;
  return "result-" + startedAt.toString(36) + "-" + ((i * 7919) % 1679616).toString(36).padStart(4, "0") + ".cbor";
}

describe("the 21st unreadable result on a full phone", () => {
  it("costs no more stored sessions than one of the first 20", async () => {
    const settings = new MemoryStore();
    const local = new QuotaStore();
    const inbox: IncomingFile[] = [];
    const services = quietPhoneServices(settings, local, inbox);
    for (let n = 0; n < 30; n++) {
      const id = "s-" + String(n).padStart(4, "0");
      inbox.push(fileOf("result-" + id + ".cbor", encodeResultMessage(completedSession(id, 1767600000000 + n * 1e6))));
    }
    for (let i = 0; i < 19; i++) inbox.push(unreadable(resultName(i)));
    await new PhoneSync(services).start();
    local.capacity = local.used(); // the phone's storage is now full
    const stored = () => parseHistory(local.getItem(LOCAL_KEYS.history)).history.length;
    const page = () => (JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).sync;

    inbox.push(unreadable(resultName(19))); // the 20th: one name more in the sync state
    await new PhoneSync(services).start();
    expect(page().rejectedCount).toBe(20);
    const removedForTwentieth = 30 - stored();
    expect(removedForTwentieth).toBeLessThanOrEqual(1);

    inbox.push(unreadable(resultName(20))); // the 21st: the names become the digest
    await new PhoneSync(services).start();
    expect(page().rejectedCount).toBe(21);
    // Before a fix: 7 sessions removed for the 21st.
    expect(30 - removedForTwentieth - stored()).toBeLessThanOrEqual(1);
  });
});
