// The scene the daily-goal tests share: a watch and a phone (both in UTC) that agree on a three-day
// streak, each of Sat 3, Sun 4 and Mon 5 Jan 2026 met exactly, the watch's home shown at the start.
import { expect } from "vitest";
import { encodeRoutineMessage, ROUTINE_FILE } from "../../common/protocol";
import { SessionResult } from "../../common/result";
import { Routine } from "../../common/routine";
import { emptyStats, recordSession, sessionDay } from "../../common/daily";
import { serializeHistory } from "../../common/history-store";
import { HistorySummary } from "../../common/history-summary";
import { encodeCbor } from "../../sim/cbor";
import { Simulation } from "../../sim/simulation";
import type { AppBundle } from "../../sim/bundle";
import { robustnessBundle } from "./robustness-run";
import { completedSession } from "./builders";
import { SESSION_MS, SHORT_ROUTINE, SHORT_ROUTINE_SETTINGS } from "./schedules";

let bundle: AppBundle | undefined;

/** What the watch's home says today: "Today 1/2 · streak 3 days". */
export const watchText = (sim: Simulation): string => sim.element("today-text").text;
/** The week the phone's settings page shows. */
export const pageWeek = (sim: Simulation): HistorySummary["week"] => (sim.phone().history as HistorySummary).week;

/** A completed session of `routine` (first reps only, 5 s holds) on 3 to 5 Jan 2026 at each of `hours` (UTC). */
function earlierDays(routine: Routine, hours: number[]): SessionResult[] {
  const sessions: SessionResult[] = [];
  for (let day = 3; day <= 5; day++)
    for (const hour of hours) {
      const s = completedSession("e" + day + hour + "-0001", Date.UTC(2026, 0, day, hour));
      sessions.push({
        ...s,
        routine: routine,
        holds: s.holds.filter((h) => h.rep === 1).map((h) => ({ ...h, targetSeconds: 5, achievedMs: 5000 })),
        endedAt: s.startedAt + SESSION_MS,
        utcOffsetMinutes: 0,
      });
    }
  return sessions;
}

export interface StreakOptions {
  /** The phone's clock this far off from the start on (none unless given). */
  phoneClockMs?: number;
  /** The hours (UTC) of each earlier day's sessions: 08:00, 12:00, … one for each session of the goal unless given. */
  hours?: number[];
  /** Watch and phone this many minutes east of UTC (UTC unless given). */
  zoneMinutes?: number;
  /** The watch package to run (the robustness tests' build unless given). */
  bundle?: AppBundle;
}

/**
 * A three-day streak at `goal` sessions a day (each day met exactly), watch and phone in UTC (or
 * `zoneMinutes` east of it), the watch's home shown at `startTime`.
 */
export async function streakOfThree(
  goal: number,
  startTime: number,
  seed: number,
  options: StreakOptions = {},
): Promise<Simulation> {
  const routine = { ...SHORT_ROUTINE, dailyGoal: goal };
  const hours = options.hours ?? Array.from({ length: goal }, (_, k) => 8 + 4 * k);
  const earlier = earlierDays(routine, hours);
  const sim = new Simulation({
    bundle: options.bundle ?? (bundle ??= robustnessBundle()),
    seed: seed,
    startTime: startTime,
    phoneSettings: { ...SHORT_ROUTINE_SETTINGS, dailyGoal: goal },
  });
  sim.setTimeZone("watch", options.zoneMinutes ?? 0);
  sim.setTimeZone("phone", options.zoneMinutes ?? 0);
  if (options.phoneClockMs) sim.jumpClock("phone", options.phoneClockMs);
  let stats = emptyStats();
  for (const r of earlier) stats = recordSession(stats, sessionDay(r.startedAt, 0), goal, r.id);
  sim.watchState.files.set("stats.cbor", encodeCbor(stats));
  sim.watchState.files.set(ROUTINE_FILE, encodeCbor(encodeRoutineMessage(routine, 1)));
  sim.phoneState.local.items.set("history", serializeHistory(earlier));
  await sim.act(() => sim.launchWatch());
  await sim.advance(5000);
  expect(watchText(sim)).toBe("Today 0/" + goal + " · streak 3 days");
  return sim;
}
