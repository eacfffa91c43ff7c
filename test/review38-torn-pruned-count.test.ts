// Review 38: one character lost in the record of pruned sessions, and the export forgets the sessions
// pruned before: it says 1 session is no longer kept on the phone where 31 are.
//
// What the user sees: 100 days at 3 a day, 300 sessions sent; the phone keeps the latest 270 and its
// record says 30 were pruned. One character of that record's line is lost (a torn write, here the
// digit of "baseStreak"; the count, "pruned":30, at the line's start, is intact). The next session
// arrives (one more pruned) and they export the history as JSON: the note ends "1 received earliest
// are no longer kept" and the file says "sessionsPrunedOverLimit":1; the web's import repeats "the 1
// session it received earliest". 30 sessions have vanished from every count, without a word on the
// page (only the damaged line, set aside, still holds their number).
//
// What they should see: 31 in the note, the file and the import: the count was readable; at worst,
// the streak before the pruned days is lost (docs/companion.md says so), never the count of sessions
// that are no longer on the phone.
//
// Why it matters: the count is what tells a user keeping a full copy that their export is not one
// (review 34). Review 30 found the same loss for the record of sessions removed for room, and that
// record is now read tolerantly (damagedDroppedForRoom); the new record of pruned sessions is not,
// so one lost character brings review 34's silent gap back.
//
// Why (likely): parseHistory/recoverPruned (common/history-store.ts) read the record only as a whole:
// any damage makes it `undefined` and the count restarts from 0 at the next write (PRUNED_DAMAGED).
// Likely fix: read the count tolerantly as damagedDroppedForRoom does (a whole `"pruned":N` in a line
// holding no result; or the largest whole number after "pruned" there) and keep it, with empty days,
// when the rest of the record is damaged.
import { describe, expect, it } from "vitest";
import { parseHistory } from "../common/history-store";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { LOCAL_KEYS } from "../companion/phone-services";
import { parseHistoryExport } from "../web/src/fitbit-import";
import { threeADayPhone, threeADaySession } from "./support/phone-rig";

describe("review 38: the record of pruned sessions with one character lost", () => {
  it("still counts the sessions pruned before it in the export, the note and the web's import", async () => {
    // Three sessions a day at 07:00, 13:00 and 19:00 UTC, goal 3; now the 100th day, 21:00 UTC.
    const phone = await threeADayPhone(100, 3);
    const { settings, local } = phone;
    const stored = local.getItem(LOCAL_KEYS.history) as string;
    expect(parseHistory(stored).pruned.count).toBe(30);
    // One character of the record lost: the digit of its baseStreak; its count is intact.
    const torn = stored.replace('"baseStreak":0', '"baseStreak":');
    expect(torn).not.toBe(stored);
    expect(torn).toContain('{"pruned":30,');
    local.setItem(LOCAL_KEYS.history, torn);

    // The 101st day's first session arrives: one more session pruned.
    const next = threeADaySession(100, 0, 3);
    phone.clock.now = next.startedAt + 3600000;
    phone.push(next);
    await phone.launch().drainInbox();
    expect(parseHistory(local.getItem(LOCAL_KEYS.history)).history).toHaveLength(270);

    settings.setItem(SETTINGS_KEYS.exportRequest, "json:1");
    await phone.launch().onSettingsChange(SETTINGS_KEYS.exportRequest);
    const text = settings.getItem(SETTINGS_KEYS.exportText) as string;
    const note = settings.getItem(SETTINGS_KEYS.exportNote) as string;
    const imported = parseHistoryExport(text);
    // Before a fix: 1, "; 1 received earliest are no longer kept", "the 1 session it received earliest".
    expect.soft((JSON.parse(text) as { sessionsPrunedOverLimit: number }).sessionsPrunedOverLimit).toBe(31);
    expect.soft(note).toContain("31 received earliest are no longer kept");
    expect(imported.errors.join(" ")).toContain("the 31 sessions it received earliest");
  });
});
