// The history's record of sessions removed for room must survive the loss of any one character:
// a lost digit ("12" → "2") left valid JSON that read as a smaller count, so the page said fewer
// sessions had been removed, and the next rewrite stored that lowered count for good (a known limit
// until fixphone2).
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

const kept = [3, 2, 1].map((daysAgo) => sessionMinutesAgo("s-000" + daysAgo, daysAgo * 1440));
const stored = serializeHistory(kept, 12);

describe("the drop-count record losing one character", () => {
  it("never reads fewer than the 12 sessions removed, whichever character of it is lost", () => {
    // Everything between the list's opening bracket and the first session is the record.
    const recordEnd = stored.indexOf("[", 1);
    expect(parseHistory(stored).droppedForRoom).toBe(12); // precondition
    for (let at = 2; at < recordEnd; at++) {
      const damaged = stored.slice(0, at) + stored.slice(at + 1);
      const parsed = parseHistory(damaged);
      expect(parsed.history, "lost " + JSON.stringify(stored.charAt(at)) + " at " + at).toHaveLength(3);
      // Before a fix: 2 or 1 when a digit was lost.
      expect(parsed.droppedForRoom, "lost " + JSON.stringify(stored.charAt(at)) + " at " + at).toBe(12);
    }
  });

  it("still counts 12 on the page after the companion rewrote the history", async () => {
    const settings = new MemoryStore();
    const local = new MemoryStore();
    const inbox: IncomingFile[] = [];
    local.data[LOCAL_KEYS.history] = stored.replace(":12", ":2"); // the record's first digit lost
    inbox.push(fileOf("result-s-0000.cbor", encodeResultMessage(completedSession("s-0000", PHONE_NOW - 600000))));
    await new PhoneSync(quietPhoneServices(settings, local, inbox)).start();

    const rewritten = parseHistory(local.getItem(LOCAL_KEYS.history));
    expect(rewritten.history).toHaveLength(4); // the new session stored
    expect(rewritten.droppedForRoom).toBe(12);
    const summary = JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary;
    // Before a fix: 2.
    expect(summary.sync.sessionsDroppedForRoom).toBe(12);
  });

  it("reads an earlier version's single record, and the rewrite keeps two copies", async () => {
    const settings = new MemoryStore();
    const local = new MemoryStore();
    const inbox: IncomingFile[] = [];
    local.data[LOCAL_KEYS.history] = "[\n" + '{"droppedForRoom":12},\n' + serializeHistory(kept).slice(2);
    inbox.push(fileOf("result-s-0000.cbor", encodeResultMessage(completedSession("s-0000", PHONE_NOW - 600000))));
    await new PhoneSync(quietPhoneServices(settings, local, inbox)).start();

    const text = local.getItem(LOCAL_KEYS.history) as string;
    expect(parseHistory(text.replace(":12", ":2")).droppedForRoom).toBe(12); // a lost digit now costs nothing
  });
});
