// Review 38: on a full phone, sessions removed to make room vanish from the page's streak, while the
// sessions pruned over the 270 limit are kept in it: one session on a full phone cuts a 100-day streak.
//
// What the user sees: 100 days at 3 sessions a day (goal 3). The page says "Streak: 100 days", as the
// watch does. The phone's storage is full. The next morning's first session arrives: the phone prunes
// the earliest-received session over its 270 limit (folded into its pruned record, whose day list grows
// by a few characters) and, having no room for that growth, removes the next earliest session for room.
// The page now says "Streak: 89 days" (the 11th day has lost a session and no longer meets its goal),
// while the watch, which counted every session, still says 100.
//
// What they should see: "Streak: 100 days" on the page, as on the watch (today is still open). A session
// removed for room is gone from the history, but the day it was completed on was still met: like a
// pruned session, its day counts.
//
// Why it matters: the streak is the number a daily user watches; it must not fall by 11 because the
// phone was short of a few characters, and the page must not disagree with the watch on the same days.
//
// Why (likely): PhoneSync.storeHistory drops sessions for room with dropEarliestArrived and counts them
// in droppedForRoom only; it does not fold them into the pruned record (foldPruned), as receiveFile does
// for the sessions pruned over the limit. (loadHistory's removal from damaged text, and the room made for
// the settings page, are the same.) Likely fix: fold the sessions removed for room into `pruned.days` in
// the same write (their count stays in droppedForRoom), so summarizeWeek counts their days.
import { describe, expect, it } from "vitest";
import { parseHistory } from "../common/history-store";
import { LOCAL_KEYS } from "../companion/phone-services";
import { threeADayPhone, threeADaySession } from "./support/phone-rig";

describe("review 38: a session removed for room on a full phone", () => {
  it("does not cut the page's streak: its day still counts, as a pruned session's does", async () => {
    // Three sessions a day at 07:00, 13:00 and 19:00 UTC, goal 3; now the 100th day, 21:00 UTC (22:00 on the phone).
    const phone = await threeADayPhone(100, 3);
    const local = phone.local;
    const streak = () => phone.week().streakDays;
    expect(streak()).toBe(100);
    expect(parseHistory(local.getItem(LOCAL_KEYS.history)).pruned.count).toBe(30);

    // The phone is full: no room beyond what it holds now.
    phone.fillToQuota();
    // The 101st day's first session arrives (07:00 UTC).
    const next = threeADaySession(100, 0, 3);
    phone.clock.now = next.startedAt + 3600000;
    phone.push(next);
    await phone.launch().drainInbox();
    const stored = parseHistory(local.getItem(LOCAL_KEYS.history));
    expect(stored.history.map((r) => r.id)).toContain(next.id);
    // Room was made by removing at least one session (counted for the page and the export).
    expect(stored.droppedForRoom).toBeGreaterThan(0);

    // Today is open (1 of 3): the streak runs through yesterday, all 100 days met, as on the watch.
    // Before a fix: 89 (the 11th day lost a session to room and is judged 2 of 3).
    expect(streak()).toBe(100);
  });
});
