// Review 34: after 400 sessions the phone's export, and the web companion's import of it, account
// for only 270 of them: the 130 the phone pruned over its limit are missing without a word.
//
// What the user sees: four and a half months at 3 sessions a day, 400 sessions sent to the phone.
// They export the history as JSON on the settings page to keep it in the web companion. The note
// says "JSON: 55 sessions; 215 older left out to fit the settings page" and the web's import says
// "Imported 55 new sessions. The file leaves out 215 older sessions (the phone's export keeps the
// newest that fit); they are not imported." 55 + 215 = 270: nothing, on either page or in the
// file, says that 130 more sessions (the earliest received) are no longer on the phone at all.
// Sessions removed to make room on a full phone are counted in the note, the file and the import
// (review 30); sessions pruned over the 270-session limit are the same kind of gap and are not.
//
// What they should see: the note and the import account for every session received: the numbers
// they give add up to 400 (e.g. "130 received earliest are no longer kept on the phone", or those
// counted in with the older ones left out). The test sums the numbers of the note and of the
// import's messages, so either wording passes.
//
// Why it matters: a user keeping a full copy of months of stretching takes "leaves out 215" for
// the whole gap and never learns that a third of their history is gone for good.
//
// Why (likely): pruneHistory (common/history-store.ts) drops the earliest-arrived sessions over
// HISTORY_LIMITS.maxEntries and nothing counts them (only removals for room are recorded, as
// droppedForRoom); exportJson's envelope (omittedOlderSessions, sessionsRemovedForRoom) and the
// note therefore cannot say. Likely fix: count the pruned sessions as droppedForRoom is counted (in
// the stored history's record) and write them in the envelope and the note; parseHistoryExport
// reports them.
import { describe, expect, it } from "vitest";
import { SessionResult } from "../common/result";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { LOCAL_KEYS } from "../companion/phone-services";
import { parseHistory } from "../common/history-store";
import { parseHistoryExport } from "../web/src/fitbit-import";
import { PhoneRig, threeADaySession } from "./support/phone-rig";

const RECEIVED = 400;

/** From Mon 5 Jan 2026, three sessions a day at 07:00, 13:00 and 19:00 UTC. */
function sessions(): SessionResult[] {
  const list: SessionResult[] = [];
  for (let i = 0; i < RECEIVED; i++) list.push(threeADaySession(Math.floor(i / 3), i % 3));
  return list;
}

/** The sum of the whole numbers in `text`. */
function sumOfNumbers(text: string): number {
  return (text.match(/\d+/g) ?? []).map(Number).reduce((a, b) => a + b, 0);
}

describe("review 34: a JSON export after more sessions than the phone keeps", () => {
  it("accounts for every session received, in the note and in the web's import", async () => {
    const received = sessions();
    const phone = new PhoneRig({ now: received[RECEIVED - 1].endedAt + 3600000 });
    const { settings, local } = phone;
    phone.push(...received);
    await phone.sync();
    expect(phone.inbox).toEqual([]);
    // The phone keeps the last 270, as documented (docs/storage.md).
    expect(parseHistory(local.getItem(LOCAL_KEYS.history)).history).toHaveLength(270);

    settings.setItem(SETTINGS_KEYS.exportRequest, "json:1");
    await phone.launch().onSettingsChange(SETTINGS_KEYS.exportRequest);
    const note = settings.getItem(SETTINGS_KEYS.exportNote) as string;
    const imported = parseHistoryExport(settings.getItem(SETTINGS_KEYS.exportText) as string);
    expect(imported.sessions.length).toBeGreaterThan(0);
    expect(note).toMatch(new RegExp("^JSON: " + imported.sessions.length + " sessions; "));
    // Before a fix: the note is "JSON: 55 sessions; 215 older left out to fit the settings page" (270).
    expect.soft(sumOfNumbers(note)).toBe(RECEIVED);
    // Before a fix: the import says only that the file leaves out 215 older sessions (55 + 215 = 270).
    expect(imported.sessions.length + sumOfNumbers(imported.errors.join(" "))).toBe(RECEIVED);
  });
});
