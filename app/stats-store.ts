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

/** Reads "stats.cbor", unless the part before hands over stats whose write failed (`carried`): those are newer. */
export function loadStats(carried: DailyStats | undefined): void {
  if (carried !== undefined) {
    stats = carried;
    unwritten = true;
    return;
  }
  const stored = readCbor(STATS_FILE);
  if (stored === undefined) return;
  const parsed = parseStats(stored);
  if (parsed.error !== "") {
    console.error(parsed.error);
    setAside(STATS_FILE);
  }
  stats = parsed.stats;
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

/** Today's line; today is judged by `goal` from now on, also once past (a goal changed after its last session). */
export function describeToday(nowMs: number, goal: number): string {
  const today = localDayNumber(nowMs, new Date(nowMs).getTimezoneOffset());
  if (setDayGoal(stats, today, goal)) {
    unwritten = true;
    writeStats();
  }
  return describeDay(summarizeDay(stats, today, goal));
}
