// Review 49: the web page's week after importing the phone's export judges a day by its last
// session's goal, not by the goal the phone recorded for it: a day the phone counts as met (the goal
// lowered that evening) is unmet on the web page, and the streak the phone shows is gone there.
//
// What the user sees: a three-day streak at 2 sessions a day (Fitbit watch and phone agree). Tuesday
// one session; in the evening they lower "Sessions a day" to 1 on the phone: the watch says "Today
// 1/1 · streak 4 days", the settings page "Streak: 4 days" (reviews 34 and 38). On Wednesday morning
// they export the history as JSON from the settings page and import it on the web page (its routine
// also at 1 a day): the web page says "Streak: 0 days" while the phone and the watch say 4.
//
// What they should see: the streak the phone shows (4). (A lesser fix, the import naming what it
// cannot carry as it names sessions left out, docs/web.md "Importing an export", would not pass.)
//
// Why it matters: the brief's "right and agreeing" — the import is how the history moves to the web
// page; it moves the sessions but not the goal recorded for each day, so the same history reads as a
// broken streak there, without a word.
//
// Why (likely): common/history-export.ts exportJson writes the sessions (and the counts of those left
// out) but not the phone's goalChanges (nor the record of sessions no longer stored, its days and
// streak); web/src/main.ts summarizeHistory runs with NO_DAY_RECORDS, so Tuesday takes its session's
// goal (2). Likely fix: the export carries goalChanges (and the pruned days and held), the import and
// the web store keep them; or the import says the streak may differ.
//
// Status: OPEN, marked it.fails.
import { describe, expect, it } from "vitest";
import { EMPTY_SYNC_STATE, summarizeHistory } from "../common/history-summary";
import { parseHistoryExport } from "../web/src/fitbit-import";
import { exportJson } from "../common/history-export";
import { parseHistory } from "../common/history-store";
import { SESSION_MS, SHORT_ROUTINE } from "./support/schedules";
import { pageWeek, streakOfThree, watchText } from "./support/streak-scene";
import { userTap } from "./support/watch-sim";

const HOUR = 3600000;
const WEDNESDAY_8AM = Date.UTC(2026, 0, 7, 8);

describe("review 49: the phone's export of a goal lowered in the evening, imported on the web page", () => {
  it.fails("gives the web page the streak the phone shows (4)", async () => {
    const sim = await streakOfThree(2, Date.UTC(2026, 0, 6, 19), 4903);
    await userTap(sim, "start-button");
    await sim.advance(SESSION_MS + 30000);
    await userTap(sim, "done-button");
    await sim.advance(2 * HOUR);
    await sim.act(() => sim.phoneSet("dailyGoal", 1));
    await sim.advance(10000);
    await sim.act(() => sim.launchWatch());
    await sim.advance(10000);
    expect(watchText(sim)).toBe("Today 1/1 · streak 4 days");

    // Wednesday 08:00: the page still says 4; the history exported as JSON (as the phone's export
    // button has it written: companion/phone-page.ts handleExportRequest).
    await sim.advance(WEDNESDAY_8AM - sim.clock.wallTime());
    expect(pageWeek(sim).streakDays).toBe(4);
    const stored = parseHistory(sim.phoneState.local.items.get("history") ?? null, 0);
    const file = exportJson(stored.history, WEDNESDAY_8AM, undefined, stored.droppedForRoom, stored.pruned.count).text;
    const imported = parseHistoryExport(file);
    expect(imported.sessions).toHaveLength(7); // precondition: every session in the file
    // The web page's week, as web/src/main.ts renders it (its routine at 1 a day too; in UTC).
    const web = summarizeHistory(
      imported.sessions,
      { ...SHORT_ROUTINE, dailyGoal: 1 },
      EMPTY_SYNC_STATE,
      sim.clock.wallTime(),
      0,
    );
    // Measured on main: 0 (Tuesday judged by its session's goal of 2), the import naming nothing.
    expect(web.week.streakDays).toBe(4);
  });
});
