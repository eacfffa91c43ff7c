// Pure text helpers for the settings page (settings/index.tsx only renders what these return).
import { ROUTINE_FIELDS, Routine } from "../common/routine";
import { HistorySummary, SessionLine, SyncState, WeekSummary, formatLocalTime } from "../common/history";
import { readStoredValue } from "../common/settings-routine";

/** The page's two routine sections; together they show every routine field once. */
export const SETUP_KEYS: Array<keyof Routine> = ["firstLeg", "repsPerLeg", "holdSeconds", "aid"];
export const TIMING_KEYS: Array<keyof Routine> = ["getReadySeconds", "restSeconds", "switchSeconds", "lastSecondsCue", "sensitivity", "dailyGoal"];

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
  const spec = ROUTINE_FIELDS[key];
  if (spec.kind !== "integer") return spec.label;
  const value = readStoredValue(raw);
  const shown = value === undefined ? "" : ": " + String(value) + (spec.unit ? " " + spec.unit : "");
  return spec.label + shown + " (" + spec.min + "–" + spec.max + ")";
}

function capitalLeg(leg: string): string {
  return leg === "left" ? "Left" : "Right";
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
    const bounced = typeof b[3] === "number" && b[3] >= 0 ? "bounced " + b[3] + " s of " + b[4] : b[2] + " warning" + (b[2] === 1 ? "" : "s");
    parts.push(capitalLeg(b[0]) + " rep " + b[1] + ": " + bounced);
  }
  return "⚠ " + line.bounceTotal + " bounce warning" + (line.bounceTotal === 1 ? "" : "s") + " — " + parts.join(" · ");
}

/** "Mon 5 Jan 08:03 · Left → Right" */
export function sessionTitle(line: SessionLine): string {
  return line.when + (line.legs ? " · " + line.legs : "");
}

/** "6 of 6 holds · 180 s held · steadiness 83 · complete" */
export function sessionDetail(line: SessionLine): string {
  const steadiness = line.steadiness < 0 ? "no motion data" : "steadiness " + line.steadiness;
  return line.holdsDone + " of " + line.holdsPlanned + " holds · " + line.heldSeconds + " s held · " + steadiness + " · " + (line.complete ? "complete" : "partial");
}

export function weekLines(week: WeekSummary): string[] {
  return [
    "Today: " + week.today + " of " + week.dailyGoal + " session" + (week.dailyGoal === 1 ? "" : "s"),
    "Last 7 days: " + week.sessions + " of " + week.goal + " sessions; goal met on " + week.daysGoalMet + " of 7 days",
    "Streak: " + week.streakDays + " day" + (week.streakDays === 1 ? "" : "s"),
  ];
}

export function syncLines(sync: SyncState, tzOffsetMinutes: number): string[] {
  const lines = [
    sync.routineSentAt < 0 ? "Routine: not sent yet" : "Routine sent to the watch queue: " + formatLocalTime(sync.routineSentAt, tzOffsetMinutes) + " (revision " + sync.routineRevision + ")",
    sync.lastResultAt < 0 ? "No session received from the watch yet" : "Last session received: " + formatLocalTime(sync.lastResultAt, tzOffsetMinutes),
  ];
  if (sync.rejectedCount > 0) lines.push("⚠ " + sync.rejectedCount + " unreadable result" + (sync.rejectedCount === 1 ? "" : "s") + " from the watch; latest: " + sync.lastRejection);
  return lines;
}
