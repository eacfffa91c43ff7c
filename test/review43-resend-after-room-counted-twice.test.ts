// Review 43: on a full phone, a session whose acknowledgement was lost is removed for room and then
// stored again when the watch resends it: the page counts it twice (a day shown met that was not).
//
// What the user sees (goal 2 a day, the phone's storage full, watch and phone on UTC): one session on
// Sunday evening, one on Monday evening (the phone stores it, but its acknowledgement never reaches
// the watch: the phone restarted, the companion was killed mid-transfer), one on Tuesday morning with
// the phone out of reach for a moment. When the phone is back the watch's queued transfers arrive out
// of order (Tuesday's before Monday's resend, as Bluetooth transfers may): Tuesday's session removes
// the earliest sessions for room (Sunday's and Monday's, in growing steps, their days kept in the
// stored history's record of removed sessions), then Monday's resend is stored as a new session
// (removing Tuesday's in turn; the page says 3 sessions were removed, Monday's among them). The
// page says "Last 7 days: 4 of 14 sessions; goal met on 1 of 7 days" and "Streak: 1 day" for the 3
// sessions done; Monday, with 1 session of 2, is shown met. The watch says "Today 1/2 · streak 0 days".
//
// What they should see: "Last 7 days: 3 of 14 sessions; goal met on 0 of 7 days" and "Streak: 0 days",
// as the watch: every session counted once (docs/companion.md: "A valid result is added to the
// history (deduplicated by session id)"; README: a session reaches the phone exactly once).
//
// Why it matters: a session counted twice inflates the week and can mark a day met, so the page's
// streak (and goal days) say more than the user did, and disagree with the watch. It needs a full
// phone and a lost acknowledgement, both in this week's list; the out-of-order arrival is one way the
// resend comes after a removal (the sync state making room, review 23, removes sessions too).
//
// Why (likely): addResult (common/history-store.ts) deduplicates only against the sessions still in
// the history; a session removed for room (foldRemovedForRoom, common/history-summary.ts) or pruned
// over the limit (foldPruned) is folded into the record's days by recordSession without its id, so a
// later copy of it is new to the phone and is counted again, both in the record's day and in the
// history. Likely fix: keep the ids of the sessions removed or pruned (DailyStats.counted already
// holds the last 8 the watch counted; foldDays passes no id) and acknowledge such a resend without
// storing it, as a duplicate.
//
// Status: FIXED (fix43). The stored history's record of the sessions no longer stored (removed for
// room or pruned over the limit, `{"pruned":…}`) keeps the ids of the last 8 of them (`ids`, written
// in the same write as the removal, `foldRemovedForRoom` / `foldPruned`), and a result whose id is
// there is acknowledged as a duplicate, not stored (`addResult`). Every removal path is covered in
// test/phone-resend-after-removal.test.ts. The record now also keeps these sessions' ids and holds
// (review 43's balance), 81 characters for Sunday's and Monday's: the phone's storage here is full
// 210 characters after Sunday's session, not 200, else Tuesday's session, even alone, no longer fits
// beside that record and stays on the watch (the page says the storage is full).
import { describe, expect, it } from "vitest";
import { encodeRoutineMessage, ROUTINE_FILE } from "../common/protocol";
import { HistorySummary } from "../common/history-summary";
import { encodeCbor } from "../sim/cbor";
import { Simulation } from "../sim/simulation";
import { robustnessBundle } from "./support/robustness-run";
import { SESSION_MS, SHORT_ROUTINE, SHORT_ROUTINE_SETTINGS, phoneHistory, pendingIds } from "./support/schedules";
import { userTap } from "./support/watch-sim";

const GOAL_TWO = { ...SHORT_ROUTINE, dailyGoal: 2 };
const jan = (day: number, hour: number) => Date.UTC(2026, 0, day, hour);

/** At `utc` the user opens the app and stretches once; `nearTheEnd` runs just before the session ends. */
async function stretchAt(sim: Simulation, utc: number, nearTheEnd: () => void = () => undefined): Promise<void> {
  await sim.runUntil(sim.now + utc - sim.clock.wallTime());
  await sim.act(() => sim.launchWatch());
  await sim.advance(4000);
  await userTap(sim, "start-button");
  await sim.advance(SESSION_MS - 500);
  await sim.act(nearTheEnd);
  await sim.advance(30000);
  await userTap(sim, "done-button");
  await sim.advance(3 * 60000);
}

describe("review 43: a resend of a session the full phone removed for room", () => {
  it("is not counted a second time", async () => {
    const sim = new Simulation({
      bundle: robustnessBundle(),
      seed: 43,
      startTime: jan(4, 7),
      phoneSettings: { ...SHORT_ROUTINE_SETTINGS, dailyGoal: 2 },
    });
    sim.setTimeZone("watch", 0);
    sim.setTimeZone("phone", 0);
    sim.watchState.files.set(ROUTINE_FILE, encodeCbor(encodeRoutineMessage(GOAL_TWO, 1)));

    // Sunday 4 January, 18:00: a session; from then on the phone's storage is full.
    await stretchAt(sim, jan(4, 18));
    sim.setPhoneStorageQuota(sim.phoneState.local.usedChars() + 210);
    // Monday 5, 18:00: a session the phone stores; its acknowledgement is lost on the way.
    await stretchAt(sim, jan(5, 18), () => sim.dropNextTransfers("phone-to-watch", 1));
    const monday = phoneHistory(sim)[1].id;
    expect(phoneHistory(sim).map((r) => r.id)).toHaveLength(2); // precondition: both stored
    expect(pendingIds(sim.watchState.files)).toEqual(["pending-" + monday + ".cbor"]); // and the watch resends it

    // Tuesday 6, 08:00: the phone is out of reach while the user stretches; when it is back, the
    // watch's queued transfers arrive out of order (the routine confirmation and Monday's resend last).
    await sim.runUntil(sim.now + jan(6, 7) - sim.clock.wallTime());
    sim.setPhoneInReach(false);
    await stretchAt(sim, jan(6, 8));
    await sim.act(() => {
      sim.reorderNextTransfers("watch-to-phone", 2);
      sim.setPhoneInReach(true);
    });
    await sim.advance(60000);
    await sim.act(() => sim.launchWatch());
    await sim.advance(60000);
    await sim.act(() => sim.wake());

    // Preconditions: all three are acknowledged; the phone removed sessions for room.
    expect(pendingIds(sim.watchState.files)).toEqual([]);
    expect(sim.phone().page.some((l) => l.includes("were removed to make room for newer ones"))).toBe(true);
    expect(sim.element("today-text").text).toBe("Today 1/2 · streak 0 days");

    const week = (sim.phone().history as HistorySummary).week;
    const page = sim.phone().page;
    // Before the fix: 4 sessions, Monday met (1 session counted twice), "Streak: 1 day".
    expect(week).toMatchObject({ today: 1, sessions: 3, daysGoalMet: 0, streakDays: 0 });
    expect(page).toContain("  Last 7 days: 3 of 14 sessions; goal met on 0 of 7 days");
    expect(page).toContain("  Streak: 0 days");
    // Monday's resend is acknowledged as a duplicate, not stored again: the 2 removed stay removed.
    expect(phoneHistory(sim).map((r) => r.id)).not.toContain(monday);
    expect(page).toContain(
      "  ⚠ The phone's storage was full: the 2 sessions received earliest were removed to make room for newer ones",
    );
  });
});
