// Review 47: the damaged record of removed sessions keeps its ids only while the 7 characters
// `"ids":[` are whole (damagedGoneIds); one of them lost and every id is forgotten, and a resend of a
// session removed for room is stored and counted twice (review 46's bug, through another character).
//
// What the user sees: review 46's full phone (goal 3, three sessions a day Monday to Friday, UTC+1):
// Saturday's first session removes the earliest for room; the record of removed sessions keeps
// their ids. One character of that record's line is lost (a torn write, as review 38's and 46's):
// here the bracket opening its "ids" list. The watch resends one of the removed sessions (its ack
// was lost). The phone stores it again (measured: it is among the 13 stored after): the session is in the stored history and in the
// count of sessions removed for room, so the page's week, the export and the web import count it
// twice, and on a full phone it removes a real session to make room for the duplicate.
//
// What they should see: as with a comma lost in "held" (review46-damaged-record-forgets-ids): the
// resend acknowledged and not stored, the ids read from the torn line (every id-shaped word after
// "ids"), only the record's days and holds lost.
//
// Why it matters: docs/data-safety.md's first guarantee, a session reaches the phone exactly once;
// docs/companion.md says a damaged record's ids are still read so a resend "is still acknowledged
// as a duplicate, not stored again". Since d75db00 a full phone also rewrites the history clean
// without the torn line, so nothing of those ids is left anywhere on the phone.
//
// Why (likely): damagedGoneIds (common/history-store.ts) looks for the exact text `"ids":[`; a lost
// quote, letter, colon or bracket there finds no list and returns none. Likely fix: find the list
// more tolerantly (after "ids" or "id", up to "held" or the line's end), as damagedPrunedCount finds
// the count after "pruned"; a session id's shape is distinctive enough.
// (Found in the code of bd90dd8, before the commits under review; d75db00 makes the loss permanent.)
//
// Status: FIXED (fix47): damagedGoneIds reads every word of the record's line shaped as the watches
// make ids (start time, dash, 4 random characters: no number or name of the record has that shape,
// so nothing else is taken for one), wherever the damage is. A lost letter of a name that leaves the
// JSON whole ("is" for "ids", "runed" for "pruned") had dropped the ids too: that name is read as the
// one missing. The count is read before the record's days only (a lost digit read a day number,
// 20458, as the count). Every one character of a full record lost: tested below.
import { describe, expect, it } from "vitest";
import { ackFileName, encodeResultMessage, resultFileName } from "../common/protocol";
import { SessionResult, makeSessionId } from "../common/result";
import { addResult, noPrunedSessions, parseHistory, serializeHistory } from "../common/history-store";
import { foldRemovedForRoom } from "../common/history-summary";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS, PhoneServices } from "../companion/phone-services";
import { completedSession, fileOf } from "./support/builders";
import { MemoryStore, QuotaStore } from "./support/phone-stores";

const DAY = 86400000;
const HOUR = 3600000;
/** Mon 5 Jan 2026, 07:00 UTC: sessions at 07:00, 13:00 and 19:00 UTC; phone and sessions on UTC+1. */
const FIRST = Date.UTC(2026, 0, 5, 7);

function session(day: number, slot: number): SessionResult {
  const at = FIRST + day * DAY + slot * 6 * HOUR;
  return completedSession(makeSessionId(at, 0.5 + slot / 10), at);
}

describe("review 47: the record's ids list torn at its opening bracket", () => {
  it("still recognises a removed session's resend: acknowledged, not stored or counted twice", async () => {
    const clock = { now: FIRST + 5 * DAY + 7 * HOUR };
    const settings = new MemoryStore();
    settings.setItem("dailyGoal", "3");
    const local = new QuotaStore();
    const inbox: IncomingFile[] = [];
    const sent: string[] = [];
    const services: PhoneServices = {
      settings,
      local,
      send: async (name) => void sent.push(name),
      nextFile: async () => inbox.shift(),
      now: () => clock.now,
      tzOffsetMinutes: () => -60,
      warn: () => undefined,
      log: () => undefined,
    };
    const receive = async (s: SessionResult) => {
      inbox.push(fileOf(resultFileName(s.id), encodeResultMessage(s)));
      await new PhoneSync(services).drainInbox();
    };
    const sessions: SessionResult[] = [];
    for (let day = 0; day < 5; day++) for (let slot = 0; slot < 3; slot++) sessions.push(session(day, slot));
    for (const s of sessions) inbox.push(fileOf(resultFileName(s.id), encodeResultMessage(s)));
    await new PhoneSync(services).start();
    local.capacity = local.used();
    await receive(session(5, 0));
    const before = parseHistory(local.getItem(LOCAL_KEYS.history));
    const gone = sessions.filter((s) => !before.history.some((r) => r.id === s.id));
    expect(gone.length).toBeGreaterThan(0); // precondition: sessions were removed for room
    expect(before.pruned.ids).toContain(gone[0].id);

    // A torn write loses the bracket opening the record's "ids" list (the ids themselves are whole).
    const text = local.getItem(LOCAL_KEYS.history) as string;
    const record = text.split("\n").find((line) => line.startsWith('{"pruned"')) as string;
    const torn = record.replace('"ids":[', '"ids":');
    expect(torn).not.toBe(record);
    local.setItem(LOCAL_KEYS.history, text.replace(record, torn));

    sent.length = 0;
    await receive(gone[0]);
    const after = parseHistory(local.getItem(LOCAL_KEYS.history));
    expect(after.history.map((x) => x.id)).not.toContain(gone[0].id);
    expect(sent).toEqual([ackFileName(gone[0].id)]);
    expect(after.pruned.ids).toContain(gone[0].id);
  });
});

describe("review 47: the record of removed sessions with any one character lost", () => {
  it("keeps every whole id, takes nothing else for one, and keeps the count unless its digit went", () => {
    const gone: SessionResult[] = [];
    for (let day = 0; day < 4; day++) for (let slot = 0; slot < 3; slot++) gone.push(session(day, slot));
    const pruned = foldRemovedForRoom({ ...noPrunedSessions(), count: 3 }, gone, [3], Infinity);
    const stored = [session(4, 0), session(4, 1)];
    const text = serializeHistory(stored, gone.length, pruned);
    const record = text.split("\n").find((line) => line.startsWith('{"pruned"')) as string;
    expect(pruned.ids).toHaveLength(8); // precondition: the list is full, days and holds beside it
    const fresh = session(4, 2);
    for (let at = 0; at < record.length; at++) {
      const parsed = parseHistory(text.replace(record, record.slice(0, at) + record.slice(at + 1)));
      const where = "character " + at + " (" + record.charAt(at) + ") of the record lost";
      // An id that lost a character of its own may be left out, or read as it now reads.
      const whole = pruned.ids.filter((id) => at < record.indexOf(id) || at >= record.indexOf(id) + id.length);
      expect(
        parsed.history.map((r) => r.id),
        where,
      ).toEqual(stored.map((r) => r.id));
      for (const id of whole) {
        const resend = gone.find((r) => r.id === id) as SessionResult;
        expect(addResult(parsed.history, resend, parsed.pruned.ids).added, where + ": resend of " + id).toBe(false);
      }
      expect(parsed.pruned.ids.length, where).toBeLessThanOrEqual(pruned.ids.length);
      expect(addResult(parsed.history, fresh, parsed.pruned.ids).added, where).toBe(true);
      // The count: whole, or none when its one digit was lost (never a day number, as it read before).
      expect(parsed.pruned.count, where).toBe(record.slice(at, at + 3) === '3,"' ? 0 : 3);
    }
  });
});
