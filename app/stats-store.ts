// "stats.cbor": today's completed sessions and the streak (common/daily.ts) for the home screen.
import { describeDay, emptyStats, localDayNumber, parseStats, recordSession, summarizeDay } from "../common/daily";
import { readCbor, setAside, writeCbor } from "./files";

const STATS_FILE = "stats.cbor";
let stats = emptyStats();

function today(nowMs: number): number {
  return localDayNumber(nowMs, new Date(nowMs).getTimezoneOffset());
}

export function loadStats(): void {
  const stored = readCbor(STATS_FILE);
  if (stored === undefined) return;
  const parsed = parseStats(stored);
  if (parsed.error !== "") {
    console.error(parsed.error);
    setAside(STATS_FILE);
  }
  stats = parsed.stats;
}

/** Counts a completed session toward today's goal. */
export function recordCompleted(nowMs: number, goal: number): void {
  stats = recordSession(stats, today(nowMs), goal);
  writeCbor(STATS_FILE, stats);
}

export function describeToday(nowMs: number, goal: number): string {
  return describeDay(summarizeDay(stats, today(nowMs), goal));
}
