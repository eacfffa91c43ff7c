// What the user sees: on a full phone a new session cannot be stored (here the phone refuses the
// history write once for another reason, an I/O error), and the companion notes on the page why.
// Storing that note in the sync state went through writeSync, which makes room for the sync state by
// removing the sessions received earliest: a stretching session was removed to keep a note saying
// sessions stay on the watch. Should see: the note on the page (kept in memory when it does not fit),
// every session stored before still there, and the new one not acknowledged (the watch keeps it).
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { encodeResultMessage } from "../common/protocol";
import { parseHistory } from "../common/history-store";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS, PhoneServices } from "../companion/phone-services";
import { MemoryStore, QuotaStore } from "./support/phone-stores";
import { quietPhoneServices } from "./support/quiet-phone";

/** A full phone whose next history write fails (not for room) once `failHistoryOnce` is set. */
class OnceFailingHistoryStore extends QuotaStore {
  failHistoryOnce = false;
  setItem(key: string, value: string): void {
    if (this.failHistoryOnce && key === LOCAL_KEYS.history) {
      this.failHistoryOnce = false;
      throw new Error("I/O error");
    }
    super.setItem(key, value);
  }
}

describe("the page's note that a session could not be stored, on a full phone", () => {
  it("removes no session to be stored", async () => {
    const settings = new MemoryStore();
    const local = new OnceFailingHistoryStore();
    const inbox: IncomingFile[] = [];
    const acks: string[] = [];
    const services: PhoneServices = {
      ...quietPhoneServices(settings, local, inbox),
      send: async (name) => {
        if (name.startsWith("ack-")) acks.push(name);
        return undefined;
      },
    };
    for (let n = 0; n < 30; n++) {
      const id = "s-" + String(n).padStart(4, "0");
      inbox.push(fileOf("result-" + id + ".cbor", encodeResultMessage(completedSession(id, 1767600000000 + n * 1e6))));
    }
    await new PhoneSync(services).start();
    local.capacity = local.used(); // the phone's storage is now full
    acks.length = 0;

    local.failHistoryOnce = true;
    inbox.push(fileOf("result-new-0001.cbor", encodeResultMessage(completedSession("new-0001", 1767700000000))));
    await new PhoneSync(services).start();

    const stored = parseHistory(local.getItem(LOCAL_KEYS.history));
    // Before a fix: 29 (one removed for the note), 1 counted as removed for room.
    expect(stored.history).toHaveLength(30);
    expect(stored.droppedForRoom).toBe(0);
    expect(acks).toEqual([]);
    const page = (JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).sync;
    expect(page.storageProblem).toBe(
      "the phone refused to store the history (I/O error): sessions stay on the watch meanwhile",
    );
  });
});
