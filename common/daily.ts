// Today's sessions against the daily goal, and the streak, for the watch's home screen.
// Kept as one constant-size record (not a history) so "stats.cbor" stays tiny on the watch.
// Pure and ES5-safe: day numbers are passed in (see localDayNumber).
import { isIntegerIn } from "./numbers";

export interface DailyStats {
  /** Local day number of the last completed session; -1 before the first one. */
  day: number;
  /** Completed sessions on `day`. */
  count: number;
  /** The daily goal in force when the last session of `day` was recorded. */
  goal: number;
  /** Consecutive days that met their goal, ending the day before `day`. */
  streakBefore: number;
}

export interface DaySummary {
  today: number;
  goal: number;
  /** Consecutive days that met their goal, ending today (or yesterday while today is still open). */
  streak: number;
}

export interface ParsedStats {
  stats: DailyStats;
  /** Why the stored value was replaced by empty stats; "" when it was valid. */
  error: string;
}

const MS_PER_DAY = 86400000;

export function emptyStats(): DailyStats {
  return { day: -1, count: 0, goal: 1, streakBefore: 0 };
}

/** Days since 1970-01-01 in local time; offset as Date.prototype.getTimezoneOffset() gives it (UTC − local, minutes). */
export function localDayNumber(epochMs: number, timezoneOffsetMinutes: number): number {
  return Math.floor((epochMs - timezoneOffsetMinutes * 60000) / MS_PER_DAY);
}

function metGoal(stats: DailyStats): boolean {
  return stats.day >= 0 && stats.count >= stats.goal;
}

/** Streak as it stands on `day` if `stats.day` is earlier: it survives only if stats.day was yesterday and met its goal. */
function streakCarriedTo(stats: DailyStats, day: number): number {
  return stats.day === day - 1 && metGoal(stats) ? stats.streakBefore + 1 : 0;
}

/**
 * Counts one completed session on `day`. A session dated before the last recorded day (the watch
 * clock went back) belongs to a day that is already summarized, so it leaves the record unchanged.
 */
export function recordSession(stats: DailyStats, day: number, goal: number): DailyStats {
  if (day === stats.day) return { day: day, count: stats.count + 1, goal: goal, streakBefore: stats.streakBefore };
  if (day < stats.day) return stats;
  return { day: day, count: 1, goal: goal, streakBefore: streakCarriedTo(stats, day) };
}

export function summarizeDay(stats: DailyStats, today: number, goal: number): DaySummary {
  if (stats.day === today) {
    return { today: stats.count, goal: goal, streak: stats.streakBefore + (stats.count >= goal ? 1 : 0) };
  }
  // A record dated after today (the clock went back) carries no streak either.
  return { today: 0, goal: goal, streak: streakCarriedTo(stats, today) };
}

/** "Today 1/2 · streak 4 days" */
export function describeDay(summary: DaySummary): string {
  const streak = summary.streak === 1 ? "1 day" : summary.streak + " days";
  return "Today " + summary.today + "/" + summary.goal + " · streak " + streak;
}

function isCount(value: unknown): boolean {
  return isIntegerIn(value, 0, Infinity);
}

/** Reads a stored record; anything malformed yields empty stats and the reason (never throws). */
export function parseStats(input: unknown): ParsedStats {
  try {
    const s = input as DailyStats;
    if (typeof s === "object" && s !== null && (s.day === -1 || isCount(s.day)) && isCount(s.count) && s.goal >= 1 && isCount(s.goal) && isCount(s.streakBefore)) {
      return { stats: { day: s.day, count: s.count, goal: s.goal, streakBefore: s.streakBefore }, error: "" };
    }
  } catch (e) {
    // a throwing getter is just another malformed record
  }
  return { stats: emptyStats(), error: "stats: damaged, starting from zero" };
}
