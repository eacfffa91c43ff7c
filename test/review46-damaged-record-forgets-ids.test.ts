// Review 46: one character lost in the record's holds, and a resend of a session removed for room is
// counted twice again (review 43's bug, back through the record's damage).
//
// What the user sees: a full phone (goal 3, five days at three a day) removes the earliest sessions
// for Saturday's first one; the record of removed sessions keeps their ids and holds (fix43). One
// character of that record's line is lost (a torn write, as review 38's: here a comma in "held", so
// the list is no longer 6 numbers a day; the "ids" list before it is intact). The watch resends one
// of the 2 removed sessions (its ack was lost). The phone stores it again, and the phone being full,
// removes the 2 earliest sessions still stored to make room for the duplicate: 14 stored sessions
// become 13, one of them counted twice (in the stored history and in the count of removed sessions,
// so in the export and the web import too), "removed for room" goes from 2 to 4, and 2 real
// sessions are gone from the phone for nothing.
//
// What they should see: the resend acknowledged and not stored, the 14 sessions kept, as with an
// undamaged record: the ids were readable. At worst (documented) the damaged record's days and holds
// are lost, never a session counted twice or one removed for a duplicate.
//
// Why it matters: docs/data-safety.md's first guarantee (a session reaches the phone exactly once) now
// rests on the record's ids, and docs/companion.md says a damaged record costs "at worst a lower
// streak, never a lost session": here it costs a session counted twice, silently.
//
// Why (likely): prunedOf (common/history-store.ts) reads the record as a whole: any damage in `held`
// (or `days`) makes it undefined and parseHistory keeps only the count (damagedPrunedCount); the ids
// are dropped and the rewrite of the damaged history forgets them for good. Likely fix: read the ids
// on their own (tolerantly, as the count), keep them when the rest of the record is damaged.
//
// Status: FIXED (fixmerge): a damaged record's ids are read tolerantly, as its count
// (damagedGoneIds in common/history-store.ts: the id-shaped words of its "ids" list, a lost quote or
// comma still parting two); only its days and holds are lost. The resend is acknowledged, not stored.
// FIXED (fix46): the torn record's line no longer costs sessions' room. loadHistory keeps it aside
// while there is room; on a full phone it leaves it out (isPrunedRecordLine: its count and ids are
// read anyway), keeps the other damage (sessions removed for that alone), then writes the history
// again whole, without the torn line; the page says the removed sessions' days and holds are lost.
import { describe, expect, it } from "vitest";
import { ackFileName, encodeResultMessage, resultFileName } from "../common/protocol";
import { SessionResult, makeSessionId } from "../common/result";
import { parseHistory } from "../common/history-store";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
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

/**
 * Review 46's full phone: its record's holds torn (unless `tornRecord` is false), the line of its
 * earliest stored session too with `tornSession`, room made on it with `room`; then a resend of a
 * session removed for room.
 */
async function resendAfterTornRecord({ tornRecord = true, tornSession = false, room = false } = {}) {
  const clock = { now: FIRST + 5 * DAY + 7 * HOUR };
  const settings = new MemoryStore();
  settings.setItem("dailyGoal", "3");
  const local = new QuotaStore();
  const inbox: IncomingFile[] = [];
  const sent: string[] = [];
  const warnings: string[] = [];
  const services: PhoneServices = {
    settings,
    local,
    send: async (name) => void sent.push(name),
    nextFile: async () => inbox.shift(),
    now: () => clock.now,
    tzOffsetMinutes: () => -60,
    warn: (message) => void warnings.push(message),
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
  const summary = () => JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary;
  expect(summary().week.sessions).toBe(16);
  const before = parseHistory(local.getItem(LOCAL_KEYS.history));
  const gone = sessions.filter((s) => !before.history.some((r) => r.id === s.id));
  expect(gone.length).toBeGreaterThan(0); // precondition: sessions were removed for room
  expect(before.pruned.ids).toContain(gone[0].id);

  // A torn write loses one comma of the record's holds (its ids, before them, are intact).
  const text = local.getItem(LOCAL_KEYS.history) as string;
  const record = text.split("\n").find((line) => line.startsWith('{"pruned"')) as string;
  const torn = record.replace(/("held":\[\d+,\d+),/, "$1");
  expect(torn).not.toBe(record); // precondition: the damage is in the holds only
  expect(torn).toContain(JSON.stringify(before.pruned.ids));
  const first = text.split("\n").find((line) => line.indexOf(before.history[0].id) >= 0) as string;
  const tornFirst = first.replace('"result",', '"result"');
  local.setItem(
    LOCAL_KEYS.history,
    text.replace(record, tornRecord ? torn : record).replace(first, tornSession ? tornFirst : first),
  );
  if (room) local.capacity = Infinity;

  sent.length = 0;
  await receive(gone[0]);
  const after = parseHistory(local.getItem(LOCAL_KEYS.history));
  return { before, after, sent, resent: gone[0].id, torn, tornFirst, local, warnings, summary };
}

describe("review 46: a damaged record of removed sessions", () => {
  it("still recognises a removed session's resend: it is acknowledged, not stored or counted twice", async () => {
    const r = await resendAfterTornRecord();
    expect(r.sent).toEqual([ackFileName(r.resent)]);
    expect(r.after.history.map((x) => x.id)).not.toContain(r.resent);
    expect(r.after.pruned.ids).toContain(r.resent);
    // Every session once: the 14 before, less those removed since (counted in droppedForRoom).
    const removedSince = r.after.droppedForRoom - r.before.droppedForRoom;
    expect(r.after.history.map((x) => x.id)).toEqual(r.before.history.slice(removedSince).map((x) => x.id));
  });

  // Fixed (fix46): keeping the torn record's line aside (loadHistory keeps every unreadable line in
  // damagedHistory before the history may be rewritten, reviews 25 and 30) removed the 2 earliest
  // stored sessions on this full phone. Its count and ids are read anyway: it is kept while there is
  // room, never for a session's; its days and holds are then lost, logged and said on the page.
  it("keeps the 14 stored sessions: none removed to keep the torn record's line", async () => {
    const r = await resendAfterTornRecord();
    expect(r.after.history.map((x) => x.id)).toEqual(r.before.history.map((x) => x.id));
    expect(r.after.droppedForRoom).toBe(r.before.droppedForRoom);
    expect(r.local.getItem(LOCAL_KEYS.damagedHistory)).toBeNull();
    expect(r.warnings.join("\n")).toMatch(/damaged record of sessions no longer stored is not kept aside/);
    // The history is written again whole, with what was read of the record: its count and ids.
    expect(r.after.errors).toEqual([]);
    expect(r.after.pruned.ids).toEqual(r.before.pruned.ids);
    expect(r.summary().sync.historyDamage).toBe(
      "stored history was damaged: 14 sessions recovered; 1 unreadable; the removed sessions' days and holds are lost (storage full)",
    );
    // The 2 removed sessions' days went with the record (documented): the 14 stored count.
    expect(r.summary().week.sessions).toBe(14);
  });

  it("keeps the torn record's line aside when there is room, none removed", async () => {
    const r = await resendAfterTornRecord({ room: true });
    expect(r.local.getItem(LOCAL_KEYS.damagedHistory)).toBe(r.torn);
    expect(r.after.history.map((x) => x.id)).toEqual(r.before.history.map((x) => x.id));
    expect(r.after.droppedForRoom).toBe(r.before.droppedForRoom);
  });

  it("removes sessions for a torn session's line beside it only as for that line alone", async () => {
    const alone = await resendAfterTornRecord({ tornRecord: false, tornSession: true });
    const both = await resendAfterTornRecord({ tornSession: true });
    expect(alone.after.droppedForRoom - alone.before.droppedForRoom).toBeGreaterThan(0); // precondition
    expect(both.after.droppedForRoom - both.before.droppedForRoom).toBe(
      alone.after.droppedForRoom - alone.before.droppedForRoom,
    );
    expect(both.local.getItem(LOCAL_KEYS.damagedHistory)).toBe(both.tornFirst);
    expect(both.after.history.map((x) => x.id)).toEqual(alone.after.history.map((x) => x.id));
    expect(both.after.pruned.ids).toContain(both.resent);
    expect(both.sent).toEqual([ackFileName(both.resent)]);
  });

  it("keeps the ids when a quote or a comma of the ids list itself is lost", () => {
    const ids = ["mjv3hwg0-i000", "mjvgcv40-i001", "mjvt9j40-i002"];
    const record = JSON.stringify({ pruned: 0, days: [20458, 1, 1], baseDay: -1, baseStreak: 0, ids, held: [] });
    const entry = JSON.stringify(encodeResultMessage(session(5, 0)));
    for (const torn of [record.replace('i001"', "i001"), record.replace('",', '"'), record.replace('"],', '",')]) {
      const parsed = parseHistory("[\n" + torn + ",\n" + entry + "\n]");
      expect(parsed.history).toHaveLength(1);
      expect(parsed.pruned.ids).toEqual(ids);
    }
  });
});
