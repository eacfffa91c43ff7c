// Review 38: on a full phone the goal change is not recorded, and the day it was made on is judged by
// the old goal the next morning: review 34's lost streak comes back whenever the phone is short of a
// few characters.
//
// What the user sees: three days at 2 a day; on the fourth evening one session, then "Sessions a day"
// set to 1 on the phone. The page says "Today: 1 session — daily goal of 1 met", "Streak: 4 days".
// The phone's storage is full (a few characters free): the companion logs "could not store
// goalChanges" and nothing more. Next morning the page says "Streak: 0 days".
//
// What they should see: "Streak: 4 days" the next morning (review 34): the day shown met stays met.
// A full phone makes room for the sync state and for a session (by removing the earliest sessions,
// counted); the record that decides the streak is written with no room made and no retry once the day
// is over, so its loss is silent on the page.
//
// Why it matters: the streak falls from 4 to 0 overnight, without a word, on exactly the phones
// (full ones) where the user is least likely to look at logs; the watch, when it got the new goal that
// evening, says 4.
//
// Why (likely): PhoneSync.writeSummary stored goalChanges with trySet only (now companion/phone-page.ts):
// a refused write is logged and the change is gone once the day ends (recordGoal records the goal for
// "today" only). Likely fix: make room for it as writeSync does (or keep the goal changes in the
// stored history's record, written with it), and say on the page when it could not be kept.
import { describe, expect, it } from "vitest";
import { encodeResultMessage, resultFileName } from "../common/protocol";
import { SessionResult, makeSessionId } from "../common/result";
import { DEFAULT_ROUTINE } from "../common/routine";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS, PhoneServices } from "../companion/phone-services";
import { completedSession, fileOf } from "./support/builders";
import { MemoryStore, QuotaStore } from "./support/phone-stores";

const DAY = 86400000;
const HOUR = 3600000;
/** Mon 5 Jan 2026, 00:00 UTC; the phone and the sessions in UTC+1. */
const DAY0 = Date.UTC(2026, 0, 5);

function session(startedAt: number): SessionResult {
  const s = completedSession(makeSessionId(startedAt, 0.5), startedAt);
  return { ...s, routine: { ...DEFAULT_ROUTINE, dailyGoal: 2 } };
}

describe("review 38: a goal change on a full phone", () => {
  it("still keeps the day it was made on met the next morning", async () => {
    const earlier: SessionResult[] = [];
    for (let day = 0; day < 3; day++) for (const hour of [7, 17]) earlier.push(session(DAY0 + day * DAY + hour * HOUR));
    // The companion first ran on day 0 (it recorded the goal of 2 then).
    let now = DAY0 + 6 * HOUR;
    const settings = new MemoryStore();
    settings.setItem("dailyGoal", "2");
    const local = new QuotaStore();
    const inbox: IncomingFile[] = [];
    const warnings: string[] = [];
    const services: PhoneServices = {
      settings,
      local,
      send: async () => undefined,
      nextFile: async () => inbox.shift(),
      now: () => now,
      tzOffsetMinutes: () => -60,
      warn: (m) => void warnings.push(m),
      log: () => undefined,
    };
    const week = () => (JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).week;
    const sync = new PhoneSync(services);
    await sync.start();
    now = DAY0 + 3 * DAY + 8 * HOUR;
    for (const s of earlier) inbox.push(fileOf(resultFileName(s.id), encodeResultMessage(s)));
    // The fourth day's one session, at 07:00 UTC.
    const fourth = session(DAY0 + 3 * DAY + 7 * HOUR);
    inbox.push(fileOf(resultFileName(fourth.id), encodeResultMessage(fourth)));
    await sync.drainInbox();
    expect(week()).toMatchObject({ today: 1, dailyGoal: 2, streakDays: 3 });

    // The phone is full: a few characters free, not enough for the goal change's pair.
    local.capacity = local.used() + 4;
    now = DAY0 + 3 * DAY + 20 * HOUR;
    settings.setItem("dailyGoal", "1");
    await sync.onSettingsChange("dailyGoal");
    expect(week()).toMatchObject({ today: 1, dailyGoal: 1, streakDays: 4 });
    expect(warnings.join("\n")).toContain("could not store " + LOCAL_KEYS.goalChanges);

    // Next morning (07:00 UTC): the companion sums up again.
    now = DAY0 + 4 * DAY + 7 * HOUR;
    await new PhoneSync(services).start();
    expect(week().day).toBe(Math.floor((now + HOUR) / DAY));
    // Before a fix: 0 (yesterday judged by its session's goal of 2: 1 of 2).
    expect(week().streakDays).toBe(4);
  });
});
