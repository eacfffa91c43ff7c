// Today's sessions against the daily goal, and the streak, for the watch's home screen.
// Kept as a small bounded record (the last KEPT_DAYS days that had a session, plus the streak
// that ran up to them) so "stats.cbor" stays tiny on the watch.
// ONE rule for the day a session counts on, on the watch and the phone: the local date where it
// started (sessionDay). Pure and ES5-safe: times and offsets are passed in.
import { isIntegerIn } from "./numbers";

export interface DayRecord {
  /** Local day number (sessionDay). */
  day: number;
  /** Completed sessions that day. */
  count: number;
  /** The daily goal in force at the end of that day: when its last session was recorded, or set later that day (setDayGoal). */
  goal: number;
}

export interface DailyStats {
  /**
   * Days with a completed session, oldest first, at most KEPT_DAYS: each as its three numbers in
   * a row (day, count, goal; DayRecord's fields) in one flat list. On the watch a flat list of
   * numbers takes a third of the heap of a record per day, in memory and in "stats.cbor".
   */
  days: number[];
  /** Consecutive days that met their goal, ending on `baseDay` (days older than `days`). */
  baseDay: number;
  baseStreak: number;
  /** Ids of the sessions counted last: counting one again (a retried store) changes nothing. */
  counted: string[];
  /**
   * The last day the watch's home showed (-1: none yet, or a record from before it was kept): a goal
   * changed on the phone while the app was closed judges no day before it (app/stats-store.ts).
   */
  shown: number;
  /** The watch's zone offset then (getTimezoneOffset: UTC − local, minutes): the day of a change made since is read in it. */
  shownOffset: number;
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
/** Days kept one by one: enough for sessions dated ahead of today after travelling west. */
export const KEPT_DAYS = 14;
const COUNTED_IDS = 8;

export function emptyStats(): DailyStats {
  return { days: [], baseDay: -1, baseStreak: 0, counted: [], shown: -1, shownOffset: 0 };
}

/** Days since 1970-01-01 in local time; offset as Date.prototype.getTimezoneOffset() gives it (UTC − local, minutes). */
export function localDayNumber(epochMs: number, timezoneOffsetMinutes: number): number {
  return Math.floor((epochMs - timezoneOffsetMinutes * 60000) / MS_PER_DAY);
}

/** The day a session counts on: the local date where it started (`utcOffsetMinutes` east of UTC then). */
export function sessionDay(startedAt: number, utcOffsetMinutes: number): number {
  return localDayNumber(startedAt, -utcOffsetMinutes);
}

/** Numbers per day in DailyStats.days: day, count, goal. */
export const DAY_FIELDS = 3;

/** Where `day`'s numbers start in stats.days; -1 when it had no session. */
export function findDay(stats: DailyStats, day: number): number {
  for (let i = 0; i < stats.days.length; i += DAY_FIELDS) if (stats.days[i] === day) return i;
  return -1;
}

/**
 * Counts one completed session (`id`) on `day` with the goal in force. A session already counted
 * is not counted again; a session dated on any day from 0 on, earlier or later, counts on that day.
 * Not one before 1 January 1970 in its zone (day -1: a just-reset clock west of UTC): the kept days
 * start at day 0 (parseStats), and the stats read as damaged at the next launch (review 47).
 */
export function recordSession(stats: DailyStats, day: number, goal: number, id: string = ""): DailyStats {
  // Counted already, or older than the days kept one by one (already summarized; baseDay -1, none: before day 0).
  if ((id !== "" && stats.counted.indexOf(id) >= 0) || day <= stats.baseDay) return stats;
  const at = findDay(stats, day);
  const days = stats.days.slice();
  if (at >= 0) days.splice(at, DAY_FIELDS);
  let before = days.length;
  while (before > 0 && days[before - DAY_FIELDS] > day) before -= DAY_FIELDS;
  days.splice(before, 0, day, at >= 0 ? stats.days[at + 1] + 1 : 1, goal);
  let baseDay = stats.baseDay;
  let baseStreak = stats.baseStreak;
  // A day dropped from the list (oldest first) becomes part of the streak it ends.
  while (days.length > KEPT_DAYS * DAY_FIELDS) {
    const r = days.splice(0, DAY_FIELDS); // day, count, goal
    baseStreak = r[1] < r[2] ? 0 : baseDay === r[0] - 1 ? baseStreak + 1 : 1;
    baseDay = r[0];
  }
  const counted = id === "" ? stats.counted : stats.counted.concat([id]).slice(-COUNTED_IDS);
  return {
    days: days,
    baseDay: baseDay,
    baseStreak: baseStreak,
    counted: counted,
    shown: stats.shown,
    shownOffset: stats.shownOffset,
  };
}

/**
 * Judges `from` and every later day kept by `goal` (the goal in force since `from`, maybe set after
 * their last session), in place (the watch's one record, no copy on its heap); true when that changed
 * its record. A day shown as met while it was today stays met once it is past, as the phone judges it
 * (history-summary.ts goalInForce), also when the goal reached the watch the next day (review 38).
 */
export function setDayGoal(stats: DailyStats, from: number, goal: number): boolean {
  const days = stats.days;
  let changed = false;
  for (let i = 0; i < days.length; i += DAY_FIELDS)
    if (days[i] >= from && days[i + 2] !== goal) {
      days[i + 2] = goal;
      changed = true;
    }
  return changed;
}

/** Today against the current goal; past days against the goal in force at the end of each of them. */
export function summarizeDay(stats: DailyStats, today: number, goal: number): DaySummary {
  const days = stats.days;
  let at = findDay(stats, today);
  const count = at < 0 ? 0 : days[at + 1];
  let streak = count >= goal ? 1 : 0;
  let day = today - 1;
  while ((at = findDay(stats, day)) >= 0 && days[at + 1] >= days[at + 2]) {
    streak++;
    day--;
  }
  if (at < 0 && day === stats.baseDay) streak += stats.baseStreak;
  return { today: count, goal: goal, streak: streak };
}

/** "Today 1/2 · streak 4 days" */
export function describeDay(summary: DaySummary): string {
  const streak = summary.streak === 1 ? "1 day" : summary.streak + " days";
  return "Today " + summary.today + "/" + summary.goal + " · streak " + streak;
}

/**
 * What "stats.cbor" holds: DailyStats (its days as flat numbers, or as records before the flat
 * list), or version 1's single day (-1: none yet) and the streak before it.
 */
type StoredStats = Omit<DailyStats, "days"> & {
  days: Array<number | DayRecord>;
  day: number;
  count: number;
  goal: number;
  streakBefore: number;
};

/** Reads a stored record (either version); anything malformed yields empty stats and the reason (never throws). */
export function parseStats(input: unknown): ParsedStats {
  try {
    const s = input as StoredStats;
    const v1 = !Array.isArray(s.days);
    // Version 1's day (-1: none yet) is read as the one record it stands for, checked as any other.
    const stored = (v1 ? (s.day >= 0 ? [s] : []) : s.days) as unknown[];
    // Days as records (version 1's single day, or a list from before the flat one) become flat numbers.
    const flat: unknown[] = [];
    // Stops once past the most days kept: a damaged, huge list is rejected below without being copied.
    for (let i = 0; i < stored.length && flat.length <= KEPT_DAYS * DAY_FIELDS; i++) {
      const r = stored[i] as DayRecord;
      if (typeof r === "number") flat.push(r);
      else flat.push(r.day, r.count, r.goal); // null throws: damaged
    }
    const baseDay = v1 ? (s.day >= 0 ? s.day - 1 : s.day) : s.baseDay;
    const baseStreak = v1 ? s.streakBefore : s.baseStreak;
    const counted: string[] = v1 ? [] : s.counted;
    // Only a bound on going back (stats-store.ts): a damaged one, or one kept without its offset
    // (before review 45), is dropped, not the stats.
    const shownOffset = s.shownOffset;
    const shown = isIntegerIn(s.shown, 0, Infinity) && isIntegerIn(shownOffset, -1440, 1440) ? s.shown : -1;
    // Days and counts are whole numbers from a minimum up (no upper bound).
    let ok =
      flat.length <= KEPT_DAYS * DAY_FIELDS &&
      flat.length % DAY_FIELDS === 0 &&
      isIntegerIn(baseDay, -1, Infinity) &&
      isIntegerIn(baseStreak, 0, Infinity) &&
      Array.isArray(counted);
    const days = flat as number[];
    // Every number in one pass: a count or goal at least 1, a day after the day before, the first at
    // least -1: recordSession counts none before 0, but wrote day -1 before review 47 (a session before
    // 1970 in its zone), and such stats are read whole.
    for (let i = 0; ok && i < days.length; i++)
      ok = isIntegerIn(days[i], i % DAY_FIELDS ? 1 : i > 0 ? days[i - DAY_FIELDS] + 1 : -1, Infinity);
    for (let i = 0; ok && i < counted.length; i++) ok = typeof counted[i] === "string";
    if (ok)
      return {
        stats: {
          days: days,
          baseDay: baseDay,
          baseStreak: baseStreak,
          counted: counted.slice(0, COUNTED_IDS),
          shown: shown,
          shownOffset: shown < 0 ? 0 : shownOffset,
        },
        error: "",
      };
  } catch (e) {
    // a throwing getter, null or undefined: just another malformed record
  }
  return { stats: emptyStats(), error: "stats: damaged, starting from zero" };
}
