// Review 30: one damaged character in the history's record of sessions removed for room loses the
// whole count.
//
// What the user sees: their phone's storage filled up earlier and the companion removed the 12
// sessions it received first; the settings page says so ("The phone's storage was full: the 12
// sessions received earliest were removed …"). Later one character of the stored history is damaged
// (here a quote of the record's line is lost). The next session arrives, the damage is kept aside
// and the history rewritten: the page's count is now 0, as if no session had ever been removed,
// though the 12 sessions are gone for good.
//
// Why: since fixphone the count lives only in the history's first line {"droppedForRoom":N}
// (common/history-store.ts); parseHistory reads it from damaged text with an exact pattern
// (DROPPED_FOR_ROOM), so a damaged record line counts 0, and the rewrite (storeHistory) writes
// that 0 back. Every other line of the history costs at most one session when damaged; this one
// costs every removal ever counted (before fixphone the count was in the sync state).
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { encodeResultMessage } from "../common/protocol";
import { parseHistory, serializeHistory } from "../common/history-store";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS } from "../companion/phone-services";
import { MemoryStore } from "./support/phone-stores";
import { PHONE_NOW, quietPhoneServices, sessionMinutesAgo } from "./support/quiet-phone";

describe("the history's record of sessions removed for room, damaged", () => {
  it("still counts them on the page after the damaged history is rewritten", async () => {
    const settings = new MemoryStore();
    const local = new MemoryStore();
    const inbox: IncomingFile[] = [];
    const kept = [3, 2, 1].map((daysAgo) => sessionMinutesAgo("s-000" + daysAgo, daysAgo * 1440));
    const stored = serializeHistory(kept, 12);
    expect(parseHistory(stored).droppedForRoom).toBe(12); // precondition: 12 removed, recorded
    // One character lost in the record's line (the sessions' lines are intact).
    local.data[LOCAL_KEYS.history] = stored.replace('{"droppedForRoom"', '{"droppedForRoom');

    inbox.push(fileOf("result-s-0000.cbor", encodeResultMessage(completedSession("s-0000", PHONE_NOW - 600000))));
    await new PhoneSync(quietPhoneServices(settings, local, inbox)).start();
    const summary = JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary;
    expect(parseHistory(local.getItem(LOCAL_KEYS.history)).history).toHaveLength(4); // all sessions kept
    // Before a fix: 0.
    expect(summary.sync.sessionsDroppedForRoom).toBe(12);
  });
});
