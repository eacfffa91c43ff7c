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
import { STATS_FILE, readCbor, setAside, writeCbor } from "./files";

let stats = emptyStats();
/** The stats hold a session that "stats.cbor" does not (its write failed or is due). */
let unwritten = false;
/** The last day home showed before this start (stats.shown as loaded); no goal from the phone judges a day before it. */
let shownBefore = -1;

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
 * The phone's clock moves it no further back than the last day home showed before this start (nor at
 * all when that is unknown or ahead) and no later than today (review 42: a phone clock behind).
 */
export function goalChanged(changedAt: number, goal: number): void {
  const offset = new Date().getTimezoneOffset();
  const today = localDayNumber(Date.now(), offset);
  const from = Math.max(localDayNumber(changedAt, offset), shownBefore < 0 ? today : shownBefore);
  if (setDayGoal(stats, Math.min(from, today), goal)) {
    unwritten = true;
    writeStats();
  }
}

/**
 * Today's line; today is judged by `goal` from now on, also once past (a goal changed after its last
 * session), and is written as the last day home showed.
 */
export function describeToday(nowMs: number, goal: number): string {
  const today = localDayNumber(nowMs, new Date(nowMs).getTimezoneOffset());
  if (setDayGoal(stats, today, goal) || stats.shown !== today) {
    stats.shown = today;
    unwritten = true;
    writeStats();
  }
  return describeDay(summarizeDay(stats, today, goal));
}
