// "stats.cbor": completed sessions per day and the streak (common/daily.ts) for the home screen.
// A session counts on the local date where it started (sessionDay), as on the phone.
import {
  DailyStats,
  describeDay,
  emptyStats,
  localDayNumber,
  parseStats,
  recordSession,
  sessionDay,
  setDayGoal,
  summarizeDay,
} from "../common/daily";
import { MIN_TIMESTAMP_MS } from "../common/gatt-profile";
import { STATS_FILE, readCbor, setAside, writeCbor } from "./files";

let stats = emptyStats();
/** The stats hold a session that "stats.cbor" does not (its write failed or is due). */
let unwritten = false;
/** The last day home showed before this start (stats.shown as loaded) and the zone offset then: goalChanged's bounds. */
let shownBefore = -1;
let shownOffsetBefore = 0;

/** Reads "stats.cbor", unless the part before hands over stats whose write failed (`carried`): those are newer. */
export function loadStats(carried: DailyStats | undefined): void {
  if (carried !== undefined) {
    stats = carried;
    unwritten = true;
  } else {
    const stored = readCbor(STATS_FILE);
    const parsed = parseStats(stored);
    if (stored !== undefined && parsed.error !== "") {
      console.error(parsed.error);
      setAside(STATS_FILE);
    }
    stats = parsed.stats;
  }
  shownBefore = stats.shown;
  shownOffsetBefore = stats.shownOffset;
}

/** What counting needs of a result (a SessionResult, or what the watch peeks from a stored one). */
export interface Countable {
  id: string;
  completed: boolean;
  startedAt: number;
  utcOffsetMinutes: number;
  routine: { dailyGoal: number };
}

/**
 * Counts a completed session toward its day's goal; counting the same session again changes nothing.
 * Every result, completed or not, also writes what an earlier failed write left out (writeStats).
 */
export function recordCompleted(result: Countable): void {
  if (result.completed) {
    stats = recordSession(
      stats,
      sessionDay(result.startedAt, result.utcOffsetMinutes),
      result.routine.dailyGoal,
      result.id,
    );
    unwritten = true;
  }
  writeStats();
}

/**
 * Writes "stats.cbor" when it lacks what is counted here: a failed write (storage full) is carried
 * by the next result's and by the one when the app closes, so a restart does not lose the session.
 */
export function writeStats(): void {
  if (unwritten) unwritten = !writeCbor(STATS_FILE, stats);
}

/** Home is leaving: the stats once more, and those still not written to hand over (else undefined). */
export function statsToCarry(): DailyStats | undefined {
  writeStats();
  return unwritten ? stats : undefined;
}

/**
 * A routine from the phone changed the daily goal to `goal`; the phone changed it at `changedAt` (the
 * routine's revision: the phone's time). Every day kept from that day on is judged by it, as the page
 * judges them: a goal lowered in the evening while the app was closed keeps that day met (review 38).
 * The day is read in the zone home last showed in (review 45: a flight east, summer time overnight).
 * It is taken when no earlier than the day before the last day home showed before this start (review
 * 45: a glance the morning after an evening's change may come before the watch heard of it); one
 * earlier is a phone clock behind (review 42): then from that shown day. Today only when that day is unknown
 * or ahead; never after today. A reset clock (before 2020) has no today: no day from it (review 49).
 */
export function goalChanged(changedAt: number, goal: number): void {
  const now = Date.now();
  const today = now < MIN_TIMESTAMP_MS ? Infinity : localDayNumber(now, new Date().getTimezoneOffset());
  const day = localDayNumber(changedAt, shownOffsetBefore);
  const from = shownBefore < 0 || shownBefore > today ? today : day < shownBefore - 1 ? shownBefore : day;
  if (setDayGoal(stats, Math.min(from, today), goal)) {
    unwritten = true;
    writeStats();
  }
}

/**
 * Today's line; today is judged by `goal` from now on, also once past (a goal changed after its last
 * session), and is written as the last day home showed. Not on a reset clock (before 2020, review 49): its
 * day 0 or -1 would judge every kept day by `goal` and hide the last day really shown.
 */
export function describeToday(nowMs: number, goal: number): string {
  const offset = new Date(nowMs).getTimezoneOffset();
  const today = localDayNumber(nowMs, offset);
  if (
    nowMs >= MIN_TIMESTAMP_MS &&
    (setDayGoal(stats, today, goal) || stats.shown !== today || stats.shownOffset !== offset)
  ) {
    stats.shown = today;
    stats.shownOffset = offset;
    unwritten = true;
    writeStats();
  }
  return describeDay(summarizeDay(stats, today, goal));
}
