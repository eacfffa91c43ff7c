// What the phone keeps beside its stored sessions for the streak and the export (review 34's fixes):
// the record of sessions pruned over the history's limit (in the stored history, common/history-store.ts)
// and the goal changes (LOCAL_KEYS.goalChanges, common/history-summary.ts). Damage to either never
// crashes and never loses a session: it is logged, and at worst the page's streak is lower.
import { describe, expect, it } from "vitest";
import { encodeResultMessage } from "../common/protocol";
import { SessionResult, makeSessionId } from "../common/result";
import { DEFAULT_ROUTINE } from "../common/routine";
import { emptyStats, recordSession, sessionDay, setDayGoal, summarizeDay } from "../common/daily";
import { parseHistory } from "../common/history-store";
import { goalInForce, neededGoalChanges, recordGoal, summarizeWeek } from "../common/history-summary";
import { LOCAL_KEYS } from "../companion/phone-services";
import { completedSession } from "./support/builders";
import { DAY_MS, PhoneRig, THREE_A_DAY_FIRST, threeADayPhone, threeADaySession } from "./support/phone-rig";

const DAY = DAY_MS;
/** Mon 5 Jan 2026, 07:00 UTC: three sessions a day at 07:00, 13:00 and 19:00 UTC. */
const FIRST = THREE_A_DAY_FIRST;

/** `days` days of three sessions of goal 3 (07:00, 13:00, 19:00 UTC) from FIRST. */
function threeADay(days: number): SessionResult[] {
  const sessions: SessionResult[] = [];
  for (let day = 0; day < days; day++)
    for (let slot = 0; slot < 3; slot++) sessions.push(threeADaySession(day, slot, 3));
  return sessions;
}

describe("the stored history's record of pruned sessions", () => {
  it("damaged, is logged and kept aside: the next session is stored, the streak falls back to the sessions kept", async () => {
    const p = await threeADayPhone(100, 3); // the 100th day, 21:00 UTC
    expect(p.week().streakDays).toBe(100);
    const stored = p.local.getItem(LOCAL_KEYS.history) as string;
    expect(parseHistory(stored).pruned.count).toBe(30);
    // One character of the record lost (a torn write): still a line of JSON, no longer a valid record.
    const torn = stored.replace('"baseStreak":0', '"baseStreak":');
    expect(torn).not.toBe(stored);
    p.local.setItem(LOCAL_KEYS.history, torn);

    // The 101st day's first session arrives.
    p.clock.now += 12 * 3600000;
    const next = threeADaySession(100, 0, 3);
    p.push(next);
    await p.launch().drainInbox();

    expect(p.acks()).toContain("ack-" + next.id + ".cbor");
    const after = parseHistory(p.local.getItem(LOCAL_KEYS.history));
    expect(after.errors).toEqual([]);
    expect(after.history.map((r) => r.id)).toContain(next.id);
    expect(p.warnings.join("\n")).toMatch(/record of sessions pruned over the limit is damaged/);
    expect(p.local.getItem(LOCAL_KEYS.damagedHistory)).toContain('"pruned":30');
    // Not 100 (the 30 sessions pruned before, the first 10 days, are forgotten) and not 0: the
    // streak the sessions kept give, today still open: the 100th day back to the 11th (two of its
    // sessions kept, one pruned for today's and counted in the record written since), 90 days.
    expect(p.week().streakDays).toBe(90);
  });

  it("survives a damaged history text when its own line is whole", () => {
    const sessions = threeADay(100);
    let pruned = { count: 30, days: emptyStats(), ids: [], held: [] };
    for (const s of sessions.slice(0, 30))
      pruned = { ...pruned, days: recordSession(pruned.days, sessionDay(s.startedAt, 60), 3) };
    // The text of a phone, damaged in one session's line.
    const text = (
      sessions
        .slice(30)
        .map((s) => JSON.stringify(encodeResultMessage(s)))
        .join(",\n") + "]"
    ).replace('"result"', '"resu');
    const withRecord =
      "[\n" + JSON.stringify({ pruned: 30, days: pruned.days.days, baseDay: -1, baseStreak: 0 }) + ",\n" + text;
    const parsed = parseHistory(withRecord);
    expect(parsed.damaged).toBe(true);
    expect(parsed.history).toHaveLength(269);
    expect(parsed.pruned.count).toBe(30);
  });
});

describe("the goal in force at a day's end, on both sides", () => {
  it("keeps every goal change a stored session's day needs, and on a full phone only those the sessions do not tell", () => {
    const day0 = sessionDay(FIRST, 60);
    const sessions = [0, 1, 2].map((d) => ({
      ...completedSession(makeSessionId(FIRST + d * DAY, 0.5), FIRST + d * DAY),
      routine: { ...DEFAULT_ROUTINE, dailyGoal: 2 },
    }));
    // Changes before the first stored day go once the next change is at or before it.
    expect(neededGoalChanges([day0 - 9, 3, day0 - 4, 2, day0 + 2, 1], sessions, false)).toEqual([
      day0 - 4,
      2,
      day0 + 2,
      1,
    ]);
    // Tight: day0 and day0 + 1 ran goal 2, the change in force on them: it goes too; the latest stays.
    expect(neededGoalChanges([day0 - 4, 2, day0 + 2, 1], sessions, true)).toEqual([day0 + 2, 1]);
    expect(neededGoalChanges([day0 - 4, 3, day0 + 2, 1], sessions, true)).toEqual([day0 - 4, 3, day0 + 2, 1]);
  });

  it("a goal raised after the day's last session: that day is judged by it on the watch and the phone alike", () => {
    const today = sessionDay(FIRST + 10 * DAY, 60);
    // Two days at 1 session of a 1-a-day goal; on the second evening the goal is raised to 2.
    const sessions = [FIRST + 8 * DAY, FIRST + 9 * DAY].map((t) => ({
      ...completedSession(makeSessionId(t, 0.5), t),
      routine: { ...DEFAULT_ROUTINE, dailyGoal: 1 },
    }));
    let stats = emptyStats();
    for (const s of sessions) stats = recordSession(stats, sessionDay(s.startedAt, 60), 1, s.id);
    expect(setDayGoal(stats, today - 1, 2)).toBe(true);
    expect(setDayGoal(stats, today - 1, 2)).toBe(false); // already
    expect(setDayGoal(stats, today, 2)).toBe(false); // no session today: nothing to judge
    const goals = recordGoal(recordGoal([], today - 2, 1), today - 1, 2);
    expect(goals).toEqual([today - 2, 1, today - 1, 2]);
    expect(goalInForce(goals, today - 3)).toBe(-1);
    expect(goalInForce(goals, today + 5)).toBe(2);
    const now = FIRST + 10 * DAY;
    const phoneWeek = summarizeWeek(sessions, 2, now, -60, { pruned: emptyStats(), held: [], goalChanges: goals });
    // The next morning: the raised goal was not met yesterday, so the streak is over on both.
    expect(summarizeDay(stats, today, 2).streak).toBe(0);
    expect(phoneWeek.streakDays).toBe(0);
  });

  it("damaged goal changes are logged and replaced; the page is still written", async () => {
    const now = FIRST + 2 * DAY + 14 * 3600000;
    const p = new PhoneRig({ now });
    p.settings.setItem("dailyGoal", "3");
    p.push(...threeADay(3));
    p.local.setItem(LOCAL_KEYS.goalChanges, "[20460,3,204");
    await p.sync();
    expect(p.warnings.join("\n")).toMatch(/goal changes: damaged/);
    expect(p.week().streakDays).toBe(3);
    expect(JSON.parse(p.local.getItem(LOCAL_KEYS.goalChanges) as string)).toEqual([sessionDay(now, 60), 3]);
  });
});
