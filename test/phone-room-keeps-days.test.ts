// Review 38's fixes beyond its own tests: every way a full phone removes sessions keeps their days in
// the page's streak (the room for the sync state, and for a damaged history's unreadable lines), and a
// goal change that cannot be kept on a full phone is said on the page, with no session removed for it.
import { describe, expect, it } from "vitest";
import { encodeResultMessage, encodeRoutineAckMessage, resultFileName, ROUTINE_ACK_FILE } from "../common/protocol";
import { SessionResult, makeSessionId } from "../common/result";
import { DEFAULT_ROUTINE } from "../common/routine";
import { parseHistory } from "../common/history-store";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS, PhoneServices } from "../companion/phone-services";
import { completedSession, fileOf } from "./support/builders";
import { MemoryStore, QuotaStore } from "./support/phone-stores";

const DAY = 86400000;
const HOUR = 3600000;
/** Mon 5 Jan 2026, 07:00 UTC: three sessions a day at 07:00, 13:00 and 19:00 UTC. */
const FIRST = Date.UTC(2026, 0, 5, 7);

function session(startedAt: number, dailyGoal: number): SessionResult {
  const s = completedSession(makeSessionId(startedAt, 0.5), startedAt);
  return { ...s, routine: { ...DEFAULT_ROUTINE, dailyGoal: dailyGoal } };
}

/** A phone (UTC+1, goal 3) with a quota that received ten days at three a day; its clock on the tenth evening. */
async function fullPhone() {
  const clock = { now: FIRST + 9 * DAY + 14 * HOUR };
  const settings = new MemoryStore();
  settings.setItem("dailyGoal", "3");
  const local = new QuotaStore();
  const inbox: IncomingFile[] = [];
  const warnings: string[] = [];
  for (let day = 0; day < 10; day++)
    for (let i = 0; i < 3; i++) {
      const s = session(FIRST + day * DAY + i * 6 * HOUR, 3);
      inbox.push(fileOf(resultFileName(s.id), encodeResultMessage(s)));
    }
  const services: PhoneServices = {
    settings,
    local,
    send: async () => undefined,
    nextFile: async () => inbox.shift(),
    now: () => clock.now,
    tzOffsetMinutes: () => -60,
    warn: (m) => void warnings.push(m),
    log: () => undefined,
  };
  await new PhoneSync(services).start();
  const summary = () => JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary;
  return { clock, settings, local, inbox, warnings, services, summary };
}

describe("sessions removed for room on a full phone", () => {
  it("to store the sync state: their days still count in the page's streak", async () => {
    const p = await fullPhone();
    expect(p.summary().week.streakDays).toBe(10);
    p.local.capacity = p.local.used();
    // The watch confirms a routine: the sync state grows by the revision's digits, on a full phone.
    p.inbox.push(fileOf(ROUTINE_ACK_FILE, encodeRoutineAckMessage(1767600000000)));
    await new PhoneSync(p.services).drainInbox();
    const stored = parseHistory(p.local.getItem(LOCAL_KEYS.history));
    expect(stored.droppedForRoom).toBeGreaterThan(0);
    expect(stored.history.length).toBe(30 - stored.droppedForRoom);
    // Before the fix: 9 (the first day lost a session to room and was judged 2 of 3).
    expect(p.summary().week.streakDays).toBe(10);
  });

  it("to keep a damaged history's unreadable line: their days still count in the page's streak", async () => {
    const p = await fullPhone();
    const text = p.local.getItem(LOCAL_KEYS.history) as string;
    // A line of damage after the list's opening: the text is no list any more.
    p.local.setItem(LOCAL_KEYS.history, text.replace("[\n", "[\n{torn line of 40 characters, unreadable},\n"));
    p.local.capacity = p.local.used();
    p.clock.now = FIRST + 10 * DAY + HOUR; // the eleventh day's first session arrives
    const next = session(FIRST + 10 * DAY, 3);
    p.inbox.push(fileOf(resultFileName(next.id), encodeResultMessage(next)));
    await new PhoneSync(p.services).drainInbox();
    expect(p.local.getItem(LOCAL_KEYS.damagedHistory)).toContain("torn line");
    expect(p.warnings.join("\n")).toMatch(/removed the \d+ earliest-received sessions to keep the damaged history/);
    const stored = parseHistory(p.local.getItem(LOCAL_KEYS.history));
    expect(stored.history.map((r) => r.id)).toContain(next.id);
    expect(stored.droppedForRoom).toBeGreaterThan(0);
    // Today is open (1 of 3): the ten days before it, all met. Before the fix: 9.
    expect(p.summary().week.streakDays).toBe(10);
  });
});

describe("a goal change on a phone too full to keep it", () => {
  it("is said on the page, and no session is removed for it", async () => {
    const p = await fullPhone();
    // No goal change recorded yet (as after an update from a version without them), and no room at all.
    p.local.removeItem(LOCAL_KEYS.goalChanges);
    p.local.capacity = p.local.used();
    const before = p.local.getItem(LOCAL_KEYS.history);
    p.settings.setItem("dailyGoal", "2");
    await new PhoneSync(p.services).onSettingsChange("dailyGoal");
    expect(p.local.getItem(LOCAL_KEYS.goalChanges)).toBeNull();
    expect(p.local.getItem(LOCAL_KEYS.history)).toBe(before);
    expect(p.summary().sync.storageProblem).toContain(
      "the phone's storage is full: the daily goal set today is not kept",
    );
  });
});
