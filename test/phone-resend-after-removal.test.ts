// Review 43's resend on every path a session leaves the phone's stored history: removed for a new
// session, for the sync state (review 23), for a damaged history's unreadable lines, or pruned over
// the limit. A session the phone stored and acknowledged, whose ack was lost, is resent by the watch;
// when it arrives after its removal the phone acknowledges it again and does not store it: the page
// counts it once (its day, its holds are in the record of removed sessions already).
import { describe, expect, it } from "vitest";
import {
  ackFileName,
  encodeResultMessage,
  encodeRoutineAckMessage,
  resultFileName,
  ROUTINE_ACK_FILE,
} from "../common/protocol";
import { SessionResult, makeSessionId } from "../common/result";
import { HISTORY_LIMITS, parseHistory } from "../common/history-store";
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

function session(day: number, slot: number, completed = true): SessionResult {
  const at = FIRST + day * DAY + slot * 6 * HOUR;
  return { ...completedSession(makeSessionId(at, 0.5 + slot / 10), at), completed: completed };
}

/** A phone (goal 3) that received `days` days at three a day; its clock at 14:00 UTC on the day after. */
async function phoneWith(days: number) {
  const clock = { now: FIRST + days * DAY + 7 * HOUR };
  const settings = new MemoryStore();
  settings.setItem("dailyGoal", "3");
  const local = new QuotaStore();
  const inbox: IncomingFile[] = [];
  const sent: string[] = [];
  const logs: string[] = [];
  const services: PhoneServices = {
    settings,
    local,
    send: async (name) => void sent.push(name),
    nextFile: async () => inbox.shift(),
    now: () => clock.now,
    tzOffsetMinutes: () => -60,
    warn: (m) => void logs.push(m),
    log: (m) => void logs.push(m),
  };
  const sessions: SessionResult[] = [];
  for (let day = 0; day < days; day++) for (let slot = 0; slot < 3; slot++) sessions.push(session(day, slot));
  for (const s of sessions) inbox.push(fileOf(resultFileName(s.id), encodeResultMessage(s)));
  await new PhoneSync(services).start();
  const receive = async (s: SessionResult) => {
    if (sessions.indexOf(s) < 0) sessions.push(s);
    inbox.push(fileOf(resultFileName(s.id), encodeResultMessage(s)));
    await new PhoneSync(services).drainInbox();
  };
  const stored = () => parseHistory(local.getItem(LOCAL_KEYS.history));
  const summary = () => JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary;
  /** The sessions received and no longer stored. */
  const gone = () => sessions.filter((s) => !stored().history.some((r) => r.id === s.id));
  return { clock, local, inbox, sent, logs, services, sessions, receive, stored, summary, gone };
}

type Phone = Awaited<ReturnType<typeof phoneWith>>;

/** Resends every session no longer stored: each is acknowledged, none stored again, the page unchanged. */
async function expectResendsCountedOnce(p: Phone): Promise<void> {
  const gone = p.gone();
  expect(gone.length).toBeGreaterThan(0); // precondition: sessions were removed
  const before = p.stored();
  const week = p.summary().week;
  for (const s of gone) {
    p.sent.length = 0;
    await p.receive(s);
    expect(p.sent).toEqual([ackFileName(s.id)]);
  }
  const after = p.stored();
  expect(after.history.map((r) => r.id)).toEqual(before.history.map((r) => r.id));
  expect(after.droppedForRoom).toBe(before.droppedForRoom);
  expect(after.pruned.count).toBe(before.pruned.count);
  expect(p.summary().week).toEqual(week);
  expect(p.summary().storedSessions).toBe(before.history.length);
  expect(p.logs.join("\n")).toContain("is no longer kept (removed for room or over the limit), counted already");
}

describe("a resend of a session no longer stored is acknowledged and not counted again", () => {
  it("when it was removed for a new session", async () => {
    const p = await phoneWith(5);
    p.local.capacity = p.local.used();
    await p.receive(session(5, 0));
    // The removed sessions are in the page's week (Mon 5 to Sat 10 Jan): counted twice, it would show 17.
    expect(p.summary().week.sessions).toBe(16);
    await expectResendsCountedOnce(p);
    expect(p.summary().week.sessions).toBe(16);
  });

  it("when it was removed for the sync state (review 23)", async () => {
    const p = await phoneWith(5);
    p.local.capacity = p.local.used();
    // The watch confirms a routine: the sync state grows by the revision's digits, on a full phone.
    p.inbox.push(fileOf(ROUTINE_ACK_FILE, encodeRoutineAckMessage(1767600000000)));
    await new PhoneSync(p.services).drainInbox();
    expect(p.summary().week.sessions).toBe(15);
    await expectResendsCountedOnce(p);
  });

  it("when it was removed for a damaged history's unreadable lines", async () => {
    const p = await phoneWith(5);
    const text = p.local.getItem(LOCAL_KEYS.history) as string;
    p.local.setItem(LOCAL_KEYS.history, text.replace("[\n", "[\n{torn line of 40 characters, unreadable},\n"));
    p.local.capacity = p.local.used();
    await p.receive(session(5, 0));
    expect(p.logs.join("\n")).toMatch(/removed the \d+ earliest-received sessions to keep the damaged history/);
    expect(p.summary().week.sessions).toBe(16);
    await expectResendsCountedOnce(p);
  });

  it("when it was pruned over the limit", async () => {
    // A limit of 15 (270 in use), so the sessions pruned are in the page's week.
    const limit = HISTORY_LIMITS.maxEntries;
    HISTORY_LIMITS.maxEntries = 15;
    try {
      const p = await phoneWith(5);
      await p.receive(session(5, 0));
      expect(p.stored().pruned.count).toBe(1);
      expect(p.summary().week.sessions).toBe(16);
      await expectResendsCountedOnce(p);
      expect(p.stored().history).toHaveLength(15);
    } finally {
      HISTORY_LIMITS.maxEntries = limit;
    }
  });

  it("when it was an abandoned session: its holds stay in the balance once", async () => {
    const p = await phoneWith(0);
    await p.receive(session(0, 0, false));
    for (let slot = 1; slot < 3; slot++) await p.receive(session(0, slot));
    p.local.capacity = p.local.used();
    p.clock.now += DAY;
    await p.receive(session(1, 0));
    expect(p.gone().map((s) => s.completed)).toContain(false);
    // Four sessions of 90 s a leg, one of them abandoned (it counts no day, but its holds).
    expect(p.summary().week).toMatchObject({ sessions: 3, leftSeconds: 360, rightSeconds: 360 });
    await expectResendsCountedOnce(p);
  });
});

describe("the ids kept of the sessions no longer stored", () => {
  it("are the last 8 removed: each of their resends is recognised; one removed before them is stored again", async () => {
    const p = await phoneWith(4);
    p.local.capacity = p.local.used();
    for (let day = 4; day < 7; day++) for (let slot = 0; slot < 3; slot++) await p.receive(session(day, slot));
    const gone = p.gone();
    expect(gone.length).toBeGreaterThan(8); // precondition
    const stored = p.stored();
    // Written in the same write as the removal: the latest removed (arrival order), never more than 8.
    expect(stored.pruned.ids).toEqual(gone.slice(-8).map((s) => s.id));
    const week = p.summary().week;
    for (const s of gone.slice(-8)) await p.receive(s);
    expect(p.stored().history.map((r) => r.id)).toEqual(stored.history.map((r) => r.id));
    expect(p.summary().week).toEqual(week);
    // The limit (docs/companion.md): a resend of a session removed before the last 8 is new to the
    // phone. The watch resends it with every later session and at every launch, so this needs more
    // than 8 later sessions to overtake all of its resends.
    await p.receive(gone[0]);
    expect(p.stored().history.map((r) => r.id)).toContain(gone[0].id);
  });

  it("are read from a record written before them (none), and a damaged list reads as a damaged record", () => {
    const s = completedSession(makeSessionId(FIRST, 0.5), FIRST);
    const entry = JSON.stringify(encodeResultMessage(s));
    const old = parseHistory('[\n{"pruned":2,"days":[20458,2,3],"baseDay":-1,"baseStreak":0},\n' + entry + "\n]");
    expect(old.errors).toEqual([]);
    expect(old.pruned).toMatchObject({ count: 2, ids: [], held: [] });
    for (const [damaged, ids] of [
      ['"ids":"mk01eb34-zzr6"', ["mk01eb34-zzr6"]],
      ['"ids":["MK01EB34-ZZR6"]', []],
      ['"held":[20458,5,5,0,0]', []],
    ] as const) {
      const text = '[\n{"pruned":2,"days":[20458,2,3],"baseDay":-1,"baseStreak":0,' + damaged + "},\n" + entry + "\n]";
      const parsed = parseHistory(text);
      expect(parsed.history.map((r) => r.id)).toEqual([s.id]);
      // Its count is kept (the export says how many are gone), and every whole id in its line (review
      // 47); days and holds start from none.
      expect(parsed.pruned).toMatchObject({ count: 2, ids: ids, held: [] });
      expect(parsed.errors.join("\n")).toMatch(/record of sessions pruned over the limit is damaged/);
    }
  });
});
