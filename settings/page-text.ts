// Pure text helpers for the settings page (settings/index.tsx only renders what these return).
import { ROUTINE_LABELS, Routine, routineField } from "../common/routine";
import {
  HistorySummary,
  SessionLine,
  SyncState,
  WeekSummary,
  bounceWarningCount,
  countOf,
  todayLine,
  weekSummaryLines,
} from "../common/history-summary";
import { formatLocalTime } from "../common/local-time";
import { localDayNumber } from "../common/daily";
import { readStoredValue } from "../common/settings-routine";
import { legName } from "../common/screen-text";

/** The page's two routine sections; together they show every routine field once. */
export const SETUP_KEYS: Array<keyof Routine> = ["firstLeg", "repsPerLeg", "holdSeconds", "aid"];
export const TIMING_KEYS: Array<keyof Routine> = [
  "getReadySeconds",
  "restSeconds",
  "switchSeconds",
  "lastSecondsCue",
  "sensitivity",
  "dailyGoal",
];

/** The companion's summary from settingsStorage, or null when missing or unreadable. */
export function parseSummary(raw: string | undefined): HistorySummary | null {
  if (!raw) return null;
  try {
    const data = JSON.parse(raw) as HistorySummary;
    if (data && data.version === 1 && Array.isArray(data.recent) && data.week && data.sync) return data;
  } catch (e) {
    // fall through: the page shows "no history yet" rather than failing to render
  }
  return null;
}

/** "Hold: 30 s (5–60)" — the Slider shows no number itself. */
export function sliderLabel(key: keyof Routine, raw: string | undefined): string {
  const spec = routineField(key);
  const { label, unit } = ROUTINE_LABELS[key];
  if (spec.kind !== "integer") return label;
  const value = readStoredValue(raw);
  const shown = value === undefined ? "" : ": " + String(value) + (unit ? " " + unit : "");
  return label + shown + " (" + spec.min + "–" + spec.max + ")";
}

/**
 * "⚠ 3 bounce warnings — Left rep 2: bounced 12 s of 30 · Right rep 1: bounced 3 s of 30", or "No
 * bounce warnings". Holds from before the bouncing time was recorded show their warnings: "Right rep 1: 1 warning".
 */
export function bounceLine(line: SessionLine): string {
  if (line.bounceTotal === 0 && line.bounces.length === 0) return "No bounce warnings";
  const parts: string[] = [];
  for (let i = 0; i < line.bounces.length; i++) {
    const b = line.bounces[i];
    const bounced =
      typeof b[3] === "number" && b[3] >= 0 ? "bounced " + b[3] + " s of " + b[4] : countOf(b[2], "warning");
    parts.push(legName(b[0]) + " rep " + b[1] + ": " + bounced);
  }
  return "⚠ " + bounceWarningCount(line.bounceTotal) + " — " + parts.join(" · ");
}

/** Under "Recent sessions": what the steadiness number means. */
export const STEADINESS_SCALE = "Steadiness runs from 0 to 100: 100 is a perfectly still hold.";

// The week's lines are shared with the web app (common/history-summary.ts).
export { todayLine };

/**
 * The week as the companion last summed it up. The page may be opened days later without the
 * companion running in between: "today" is then the page's own day, with nothing received for it.
 */
export function weekLines(week: WeekSummary, nowMs: number, tzOffsetMinutes: number): string[] {
  const today = localDayNumber(nowMs, tzOffsetMinutes);
  if (typeof week.day === "number" && today !== week.day) {
    const apart = Math.abs(today - week.day);
    return [
      "Today: no session received yet (goal " + countOf(week.dailyGoal, "session") + ")",
      "Summary from " +
        (today - week.day === 1 ? "yesterday" : countOf(apart, "day") + " " + (today > week.day ? "ago" : "ahead")) +
        ": the phone has not heard from the watch since",
    ];
  }
  return weekSummaryLines(week);
}

/**
 * The sync state as the page's lines. `tzOffsetMinutes`: one offset for every time, or a function
 * giving the offset at an instant (settings/index.tsx), so a time from the other daylight-saving
 * season shows the wall-clock time it had then, as the session list does.
 */
export function syncLines(sync: SyncState, tzOffsetMinutes: number | ((atMs: number) => number)): string[] {
  const at = (ms: number) =>
    formatLocalTime(ms, typeof tzOffsetMinutes === "number" ? tzOffsetMinutes : tzOffsetMinutes(ms));
  const confirmed = sync.routineRevision >= 0 && sync.routineConfirmedRevision === sync.routineRevision;
  // Summaries written before a field existed lack it: a missing number reads as "never".
  const refusedAt = typeof sync.routineRefusedAt === "number" ? sync.routineRefusedAt : -1;
  const dropped = typeof sync.sessionsDroppedForRoom === "number" ? sync.sessionsDroppedForRoom : 0;
  const lines = [
    // The revision is an internal ordering number (phone time in ms): users only need the times.
    // A changed routine the transfer refused is not on the watch, whatever the watch confirmed before.
    refusedAt >= 0
      ? "Routine changed " +
        at(refusedAt) +
        "; not sent to the watch yet (tried again at the next change or when the companion starts)"
      : sync.routineSentAt < 0
        ? "Routine: not sent yet"
        : confirmed
          ? "Routine on the watch: confirmed " + at(sync.routineConfirmedAt)
          : "Routine sent " + at(sync.routineSentAt) + "; waiting for the watch to confirm",
    sync.lastResultAt < 0
      ? "No session received from the watch yet"
      : "Last session received: " + at(sync.lastResultAt),
  ];
  if (sync.storageProblem) lines.push("⚠ " + sync.storageProblem);
  if (dropped > 0)
    lines.push(
      "⚠ The phone's storage was full: the " +
        countOf(dropped, "session") +
        " received earliest " +
        (dropped === 1 ? "was" : "were") +
        " removed to make room for newer ones",
    );
  if (sync.historyDamage) lines.push("⚠ " + sync.historyDamage);
  if (sync.rejectedCount > 0)
    lines.push(
      "⚠ " + countOf(sync.rejectedCount, "unreadable result") + " from the watch; latest: " + sync.lastRejection,
    );
  return lines;
}
