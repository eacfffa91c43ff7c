// The title of a session in the history list. Pure, so the wording of a session whose time the
// wearable could not tell (recorded on a clock never set, docs/gatt-profile.md "Time unknown") is tested.
import type { SessionResult } from "../../common/result";
import { sessionTitle, type SessionLine } from "../../common/history-summary";
import { formatLocalTime } from "../../common/local-time";

/**
 * "Mon 30 Nov 08:58 · Left → Right"; for a session whose time the wearable could not tell, when it
 * found that out (the session happened before): "Time unknown (before Mon 30 Nov 09:00) · Left → Right".
 */
export function historyTitle(result: SessionResult, line: SessionLine): string {
  if (result.timeUnknown !== true) return sessionTitle(line);
  const before = formatLocalTime(result.endedAt, -result.utcOffsetMinutes);
  return sessionTitle({ ...line, when: "Time unknown (before " + before + ")" });
}
