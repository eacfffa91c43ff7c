// Review 23: with more than 20 unreadable results on the watch, every resend counts them all again.
//
// What the user sees: the watch holds 21 results the phone cannot read (say a watch app of a newer
// protocol version than the phone's companion; they are never acknowledged, so the watch resends all
// of them on every retry). After three resends the settings page says "⚠ 63 unreadable results from
// the watch", three times what there are, and the number keeps climbing with every retry.
//
// Why: PhoneSync.reject counts a file name only when it is not among the last 20 names counted
// (MAX_REJECTED_NAMES_COUNTED). The watch resends its unacknowledged results in the same order each
// time (app/results.ts sendResults), so with 21 or more, each name has been pushed out of the window
// by the time it comes again: review 21's fix stops working entirely instead of degrading. Suggested
// fix: keep a name while the watch keeps sending it (e.g. evict the least recently SEEN name: move a
// name seen again to the end instead of leaving it where it was), or bound by a larger count than the
// watch can hold unsent.
import { describe, expect, it } from "vitest";
import { quietPhoneServices } from "./support/quiet-phone";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile } from "../companion/phone-services";
import { MemoryStore } from "./support/phone-stores";

describe("review 23: unreadable results resent by the watch", () => {
  it("are counted once each, also when there are more than 20", async () => {
    const settings = new MemoryStore();
    const local = new MemoryStore();
    const inbox: IncomingFile[] = [];
    const sync = new PhoneSync(quietPhoneServices(settings, local, inbox));
    await sync.start();
    const unreadable = (name: string): IncomingFile => ({
      name,
      cbor: async () => Promise.reject(new Error("not CBOR")),
    });
    for (let round = 0; round < 3; round++) {
      // The watch sends all its unacknowledged results again, in the same order.
      for (let i = 0; i < 21; i++) inbox.push(unreadable("result-w" + String(i).padStart(3, "0") + "-0001.cbor"));
      await sync.drainInbox();
    }
    const summary = JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary;
    // Expected: 21. Actual: 63 (every file counted again in every round).
    expect(summary.sync.rejectedCount).toBe(21);
  });
});
