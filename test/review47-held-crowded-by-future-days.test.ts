// Review 47: since fix46 the record of removed sessions keeps the holds of its 8 latest days present
// (HELD_DAYS_KEPT), whatever their date: sessions a watch dated far ahead (its clock a year ahead for
// a while) fill those 8 days for as long as that future lasts, and every later removal's holds are
// dropped at once, while the week still counts those sessions.
//
// What the user sees: a full phone (goal 3, UTC+1). In the 8 days before Monday 5 January 2026 the
// watch's clock was a year ahead (one session a day, dated January 2027); then it was set right and
// the user did three sessions a day Monday to Friday. The phone holds about 10 sessions, so each
// new one removes the earliest to arrive: the 8 dated ahead, then Monday's, Tuesday's and two of
// Wednesday's. On Saturday morning the page says 16 sessions this week, but "Held this week" counts
// 720 s a leg, the 8 stored sessions' worth, where the 16 held 1440 s (measured); the 8 removed
// from this week are in the count, not in the balance, and stay so for a year, whatever the phone's
// clock does. Before fix46 (common/ and companion/ of 3b930ac^) this test passes.
//
// What they should see: the balance of the 16 sessions the week counts (each 90 s a leg), as before
// fix46: foldHeld kept only the days of the phone's week (today − 6 to today + 1), so sessions dated
// far ahead took no room and this week's removed sessions' holds were kept.
//
// Why it matters: review 43 made the balance cover the sessions the week counts; a watch clock that
// was wrong for a week (docs/data-safety.md: clocks jump) now undoes it for every later removal.
// docs/companion.md names the limit for "a session dated two or more days ahead" as one day of the 8;
// it is one day for each such day, for as long as they stay ahead.
//
// Why (likely): foldHeld (common/history-summary.ts) keeps the HELD_DAYS_KEPT latest days present; the
// removed sessions' days (14, KEPT_DAYS) still count in the week. Likely fix: keep by count and never
// let days later than the newest stored session's day (or than the days the week counts) push out
// earlier ones, e.g. keep the latest days at or before the latest removed day that is not ahead of the
// stored sessions, or keep held's days in step with the record's `days`.
//
// Status: FIXED (fix47): foldHeld keeps the 8 latest days not after latestWeekDay, then, while fewer,
// the earliest after it. latestWeekDay is the phone's tomorrow, or the latest day of a session still
// stored when later: a day after both is dated ahead by a watch's clock. A phone clock a week ahead
// or behind at a removal keeps the week's holds still (review46-held-lost-on-clock-jump passes; a
// clock a week behind with 8 days in the record: phone-balance-after-removal, which the phone's clock
// alone failed).
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

describe("review 47: sessions a watch dated a year ahead, removed for room", () => {
  it("leave the holds of this week's removed sessions in the week's balance", async () => {
    const phone = new PhoneRig({ now: FIRST - 8 * DAY });
    const { settings, local, clock } = phone;
    settings.setItem("dailyGoal", "3");
    const receive = async (s: SessionResult, arrives: number) => {
      clock.now = arrives;
      phone.push(s);
      await phone.launch().drainInbox();
    };
    await phone.sync();
    // Sun 28 Dec to Sun 4 Jan, the 8 days before Monday 5 Jan: the watch's clock a year ahead.
    for (let day = -8; day < 0; day++) {
      const s = session(day, 0, YEAR);
      await receive(s, FIRST + day * DAY + HOUR);
    }
    // Its clock set right: three a day, Monday to Friday; the phone full after Monday's second.
    for (let day = 0; day < 5; day++)
      for (let slot = 0; slot < 3; slot++) {
        await receive(session(day, slot), FIRST + day * DAY + slot * 6 * HOUR + HOUR);
        if (day === 0 && slot === 1) local.capacity = local.used();
      }
    // Saturday 08:00 local, the phone's clock right.
    await receive(session(5, 0), FIRST + 5 * DAY + HOUR);

    const stored = parseHistory(local.getItem(LOCAL_KEYS.history));
    // Preconditions: the year-ahead sessions and this week's earliest were removed for room.
    expect(stored.droppedForRoom).toBeGreaterThan(8);
    expect(stored.history.every((r) => r.startedAt < FIRST + 6 * DAY)).toBe(true);
    const week = (JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).week;
    expect(week.sessions).toBe(16);
    // Every session holds 90 s a leg; all 16 are in the week the page shows.
    expect(
      { left: week.leftSeconds, right: week.rightSeconds },
      "stored " + stored.history.length + ", removed " + stored.droppedForRoom,
    ).toEqual({ left: 16 * 90, right: 16 * 90 });
  });
});
