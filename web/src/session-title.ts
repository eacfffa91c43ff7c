// The title of a session in the history list. Pure, so the wording of a session whose time the
// wearable could not tell (recorded on a clock never set, docs/gatt-profile.md "Time unknown") and of
// a session from another year is tested.
import type { SessionResult } from "../../common/result";
import { sessionTitle, type SessionLine } from "../../common/history-summary";
import { formatLocalTime } from "../../common/local-time";

/**
 * "Mon 30 Nov 08:58 · Left → Right"; a session not from this year (the year at `now` where the
 * browser is, the session's own year where it was done) shows its year: "Tue 29 Dec 2026 08:00 · …";
 * for a session whose time the wearable could not tell, when it found that out (the session
 * happened before): "Time unknown (before Mon 30 Nov 09:00) · Left → Right".
 */
export function historyTitle(result: SessionResult, line: SessionLine, now: number = Date.now()): string {
  const thisYear = new Date(now).getFullYear();
  if (result.timeUnknown !== true)
    return sessionTitle({ ...line, when: localTimeWithYear(result.startedAt, result.utcOffsetMinutes, thisYear) });
  const before = localTimeWithYear(result.endedAt, result.utcOffsetMinutes, thisYear);
  return sessionTitle({ ...line, when: "Time unknown (before " + before + ")" });
}

/** formatLocalTime at `utcOffsetMinutes` east of UTC, with the year before the time when it is not `thisYear`. */
function localTimeWithYear(ms: number, utcOffsetMinutes: number, thisYear: number): string {
  const when = formatLocalTime(ms, -utcOffsetMinutes);
  const year = new Date(ms + utcOffsetMinutes * 60000).getUTCFullYear();
  if (year === thisYear) return when;
  // formatLocalTime writes "Www D Mmm HH:MM": the year goes before the time.
  const timeAt = when.lastIndexOf(" ");
  return when.slice(0, timeAt) + " " + year + when.slice(timeAt);
}
