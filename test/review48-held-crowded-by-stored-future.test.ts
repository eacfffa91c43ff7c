// Review 48: fix47's cut-off for the removed sessions' holds (latestWeekDay: the phone's tomorrow, or
// the latest day of a session still stored when later) is pushed a year ahead by ONE stored session a
// watch dated a year ahead, and then the days that watch dated ahead earlier crowd this week's holds
// out of the record again (review 47's bug, back the other way).
//
// What the user sees: review 47's phone (goal 3, UTC+1, full at about 10 sessions). In the 8 days
// before Monday 5 January 2026 the watch's clock was a year ahead (one session a day, dated January
// 2027); then it was set right and the user did three sessions a day Monday to Friday. On Saturday
// morning the watch's clock jumps a year ahead once more (the same wrong time sync) for one session,
// which is stored; on Sunday, its clock right again, three more, each removing the earliest to arrive.
// On Sunday evening the page says 18 sessions this week (right: Saturday's is dated 2027) but "Held
// this week" says 1350 s a leg, 15 sessions' worth (measured): Monday's 3 removed sessions (270 s a
// leg) were dropped from the record's holds at Sunday's first removal, for good: the record kept 5
// days dated 2027 instead. Before the Saturday session (or with it dated right) the same removals keep
// Monday's holds.
//
// What they should see: the balance of the 18 sessions the week counts, 18 × 90 s a leg, as the
// week's count says; a session dated ahead should never cost the holds of sessions already counted.
//
// Why it matters: review 43 made the balance cover the sessions the week counts; the count and the
// balance disagree again, permanently, after one mis-dated session (docs/data-safety.md: clocks jump).
//
// Why (likely): latestWeekDay (common/history-summary.ts) takes the latest day of ANY stored session,
// so one session dated a year ahead moves the cut-off a year ahead; foldHeld then keeps the 8 latest
// days before that cut-off: the 8 days dated ahead that were removed earlier, none of this week's.
// A stored session's day is no better a witness of "now" than a removed one's. Likely fix: a cut-off
// not taken from a single session (e.g. the phone's tomorrow, or the day most stored sessions end
// near), or keep the days within the week of the count (`days`) before any later ones.
//
// Status: FIXED (fix49): latestWeekDay counts a stored session's day only within a week after the
// middle day of the stored sessions' days and the phone's tomorrow, so one session dated a year ahead
// no longer moves the cut-off (a phone clock behind with the week's sessions stored still does, as in
// fix47); the same format.
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

describe("review 48: one stored session a watch dated a year ahead", () => {
  it("leaves the holds of this week's removed sessions in the week's balance", async () => {
    const phone = new PhoneRig({ now: FIRST - 8 * DAY });
    const { settings, local, clock } = phone;
    settings.setItem("dailyGoal", "3");
    const receive = async (s: SessionResult, arrives: number) => {
      clock.now = arrives;
      phone.push(s);
      await phone.launch().drainInbox();
    };
    const week = () => (JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).week;
    await phone.sync();
    // Sun 28 Dec to Sun 4 Jan: the watch's clock a year ahead.
    for (let day = -8; day < 0; day++) await receive(session(day, 0, YEAR), FIRST + day * DAY + HOUR);
    // Its clock set right: three a day, Monday to Friday; the phone full after Monday's second.
    for (let day = 0; day < 5; day++)
      for (let slot = 0; slot < 3; slot++) {
        await receive(session(day, slot), FIRST + day * DAY + slot * 6 * HOUR + HOUR);
        if (day === 0 && slot === 1) local.capacity = local.used();
      }
    // Saturday 08:00 local: the watch's clock a year ahead again for one session.
    await receive(session(5, 0, YEAR), FIRST + 5 * DAY + HOUR);
    // Sunday, its clock right again: three sessions.
    for (let slot = 0; slot < 3; slot++) await receive(session(6, slot), FIRST + 6 * DAY + slot * 6 * HOUR + HOUR);

    const stored = parseHistory(local.getItem(LOCAL_KEYS.history));
    // Preconditions: the year-ahead sessions and this week's earliest were removed; Saturday's is stored.
    expect(stored.droppedForRoom).toBeGreaterThan(8);
    expect(stored.history.some((r) => r.startedAt > FIRST + YEAR)).toBe(true);
    expect(week().sessions).toBe(18);
    // Every session holds 90 s a leg; the 18 the week counts are Monday to Friday's and Sunday's.
    expect(
      { left: week().leftSeconds, right: week().rightSeconds },
      "stored " + stored.history.length + ", removed " + stored.droppedForRoom,
    ).toEqual({ left: 18 * 90, right: 18 * 90 });
  });
});
