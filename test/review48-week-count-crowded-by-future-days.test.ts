// Review 48: the record of removed sessions keeps their completed days as the watch does (DailyStats,
// the KEPT_DAYS = 14 latest present, the oldest folded into the streak). Fix47 made its holds keep
// this week's days before days a watch dated ahead, but not its days: after two weeks of a watch
// clock a year ahead, this week's removed sessions drop out of the week's COUNT at once, while their
// holds stay in its balance; the page's count and balance disagree the other way round. Not new
// with fix47 (foldDays is review 38's); before it the holds were lost with the days.
//
// What the user sees: a phone (goal 3, UTC+1). In the 14 days before Monday 5 January 2026 the
// watch's clock was a year ahead (one session a day, dated December 2026 and January 2027); then it
// was set right and the user did three sessions a day Monday to Friday. The phone is full after
// Monday's second (16 sessions), so each new one removes the earliest to arrive: the 14 dated ahead,
// then Monday's first two. On Saturday morning the page says 14 sessions this week and 4 days' goals
// met (measured), for 16 and 5: Monday's two removed sessions are gone from the count (their day was
// the oldest of 15 and was folded away at once), while "Held this week" still counts their holds,
// 1440 s a leg, 16 × 90. With 13 days dated ahead instead of 14 the page is right (16, 5, 1440).
//
// What they should see: 16 sessions this week, 5 days' goals met, 16 × 90 s a leg held.
//
// Why it matters: docs/data-safety.md: a removed session is gone from the history but its day still
// counts (review 38); a watch clock that was wrong for two weeks undoes that for this week's
// removals (for as long as those 14 days stay ahead, a year), and the count disagrees with the
// balance beside it. The streak is judged from the same record.
//
// Why (likely): foldDays (common/history-summary.ts) uses recordSession (common/daily.ts), which
// keeps the 14 latest days present: 14 days dated ahead push every earlier day out (into baseDay and
// baseStreak), this week's included. Likely fix: as foldHeld since fix47, keep the days up to the
// week's latest day first (those dated ahead only while there is room), or keep the removed days of
// the phone's week apart from those dated ahead.
//
// Status: FIXED (fix49): foldDays keeps the record's 14 days as foldHeld keeps its 8: the latest not
// after latestWeekDay (an older one folded into the streak, as before), then, while fewer, the
// earliest after it (a later one dropped, not folded); so the count and the balance keep the same
// days of the week, and a day dated ahead loses its own count, never the week's. Same stored format.
import { describe, expect, it } from "vitest";
import { SessionResult, makeSessionId } from "../common/result";
import { parseHistory } from "../common/history-store";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { LOCAL_KEYS } from "../companion/phone-services";
import { completedSession } from "./support/builders";
import { PhoneRig } from "./support/phone-rig";

const DAY = 86400000;
const HOUR = 3600000;
const YEAR = 365 * DAY;
/** Mon 5 Jan 2026, 07:00 UTC: sessions at 07:00, 13:00 and 19:00 UTC; phone and sessions on UTC+1. */
const FIRST = Date.UTC(2026, 0, 5, 7);

function session(day: number, slot: number, clockAhead = 0): SessionResult {
  const at = FIRST + day * DAY + slot * 6 * HOUR + clockAhead;
  return completedSession(makeSessionId(at, 0.5 + slot / 10), at);
}

describe("review 48: two weeks of sessions a watch dated a year ahead, removed for room", () => {
  it("leave this week's removed sessions in the week's count", async () => {
    const phone = new PhoneRig({ now: FIRST - 14 * DAY });
    const { settings, local, clock } = phone;
    settings.setItem("dailyGoal", "3");
    const receive = async (s: SessionResult, arrives: number) => {
      clock.now = arrives;
      phone.push(s);
      await phone.launch().drainInbox();
    };
    await phone.sync();
    // Mon 22 Dec to Sun 4 Jan, the 14 days before Monday 5 Jan: the watch's clock a year ahead.
    for (let day = -14; day < 0; day++) await receive(session(day, 0, YEAR), FIRST + day * DAY + HOUR);
    // Its clock set right: three a day, Monday to Friday; the phone full after Monday's second.
    for (let day = 0; day < 5; day++)
      for (let slot = 0; slot < 3; slot++) {
        await receive(session(day, slot), FIRST + day * DAY + slot * 6 * HOUR + HOUR);
        if (day === 0 && slot === 1) local.capacity = local.used();
      }
    // Saturday 08:00 local, every clock right.
    await receive(session(5, 0), FIRST + 5 * DAY + HOUR);

    const stored = parseHistory(local.getItem(LOCAL_KEYS.history));
    // Preconditions: the year-ahead sessions and this week's earliest were removed for room.
    expect(stored.droppedForRoom).toBeGreaterThan(14);
    expect(stored.history.every((r) => r.startedAt < FIRST + 6 * DAY)).toBe(true);
    const week = (JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).week;
    // Every session holds 90 s a leg; all 15 of Monday to Friday, and Saturday's, are in the week shown.
    expect(
      { sessions: week.sessions, daysGoalMet: week.daysGoalMet, left: week.leftSeconds, right: week.rightSeconds },
      "stored " + stored.history.length + ", removed " + stored.droppedForRoom,
    ).toEqual({ sessions: 16, daysGoalMet: 5, left: 16 * 90, right: 16 * 90 });
  });
});
