// What the user sees: on a full phone a new session cannot be stored (here the phone refuses the
// history write once for another reason, an I/O error), and the companion notes on the page why.
// Storing that note in the sync state went through writeSync, which makes room for the sync state by
// removing the sessions received earliest: a stretching session was removed to keep a note saying
// sessions stay on the watch. Should see: the note on the page (kept in memory when it does not fit),
// every session stored before still there, and the new one not acknowledged (the watch keeps it).
import { describe, expect, it } from "vitest";
import { completedSession } from "./support/builders";
import { parseHistory } from "../common/history-store";
import { LOCAL_KEYS } from "../companion/phone-services";
import { QuotaStore } from "./support/phone-stores";
import { PhoneRig } from "./support/phone-rig";

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
    const phone = new PhoneRig({ local: new OnceFailingHistoryStore() });
    const local = phone.local;
    phone.pushNumberedSessions(30);
    await phone.sync();
    phone.fillToQuota(); // the phone's storage is now full
    phone.sent.length = 0;

    local.failHistoryOnce = true;
    await phone.receive(completedSession("new-0001", 1767700000000));

    const stored = parseHistory(local.getItem(LOCAL_KEYS.history));
    // Before a fix: 29 (one removed for the note), 1 counted as removed for room.
    expect(stored.history).toHaveLength(30);
    expect(stored.droppedForRoom).toBe(0);
    expect(phone.acks()).toEqual([]);
    const page = phone.summary().sync;
    expect(page.storageProblem).toBe(
      "the phone refused to store the history (I/O error): sessions stay on the watch meanwhile",
    );
  });
});
