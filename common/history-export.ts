// The history as text to take away: CSV (one row per hold) and JSON (the full results), each kept
// under one settings entry's size by leaving out the oldest sessions.
import { MIN_VALID_HOLD_MS, SessionResult } from "./result";
import { byStart } from "./history-store";
import { formatIsoLocal } from "./local-time";

/** Export text is kept under this many characters so it fits one settings entry; older sessions are left out. */
export const EXPORT_MAX_CHARS = 60000;

export interface ExportText {
  text: string;
  sessions: number;
  /** Oldest sessions left out to stay under EXPORT_MAX_CHARS. */
  omitted: number;
}

/**
 * The last column, `time_unknown`, came later (added at the end so readers of the older columns by
 * position still work): "yes" when the watch could not tell when the session took place (a
 * Bangle.js recorded it on a clock never set, docs/bangle.md) — its start and end are then the
 * latest they can be (it took place before), only its duration and holds are exact.
 */
export const CSV_HEADER =
  "session_id,started_local,started_utc_ms,ended_utc_ms,completed,aid,target_s,leg,rep,held_s,ended_early,steadiness,bounce_warnings,bounce_at_s,time_unknown";

/** RFC 4180 quoting, and a leading quote mark against spreadsheet formulas. */
export function csvField(value: string): string {
  let text = value;
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = "'" + text;
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

function csvRows(r: SessionResult): string[] {
  const head = [
    r.id,
    formatIsoLocal(r.startedAt, -r.utcOffsetMinutes),
    String(r.startedAt),
    String(r.endedAt),
    r.completed ? "yes" : "no",
    r.routine.aid,
    String(r.routine.holdSeconds),
  ];
  const timeUnknown = r.timeUnknown === true ? "yes" : "no";
  if (r.holds.length === 0) return [head.concat(["", "", "", "", "", "", "", timeUnknown]).map(csvField).join(",")];
  const rows: string[] = [];
  for (let i = 0; i < r.holds.length; i++) {
    const h = r.holds[i];
    const at: string[] = [];
    for (let b = 0; b < h.bounceAtMs.length; b++) at.push((h.bounceAtMs[b] / 1000).toFixed(1));
    const fields = head.concat([
      h.leg,
      String(h.rep),
      (h.achievedMs / 1000).toFixed(1),
      h.endedEarly ? "yes" : "no",
      h.steadiness < 0 ? "" : String(h.steadiness),
      String(h.bounceAtMs.length),
      at.join(" "),
      timeUnknown,
    ]);
    rows.push(fields.map(csvField).join(","));
  }
  return rows;
}

/** One row per hold (times local to where each session started), newest sessions kept when the text must be cut; the length counts every line break. */
export function exportCsv(stored: SessionResult[], maxChars: number = EXPORT_MAX_CHARS): ExportText {
  const history = byStart(stored);
  const blocks: string[] = [];
  let length = CSV_HEADER.length + 2; // the header and the final line break
  let i = history.length - 1;
  for (; i >= 0; i--) {
    const block = csvRows(history[i]).join("\r\n");
    if (length + 2 + block.length > maxChars) break;
    blocks.unshift(block);
    length += 2 + block.length;
  }
  return { text: [CSV_HEADER].concat(blocks).join("\r\n") + "\r\n", sessions: blocks.length, omitted: i + 1 };
}

/**
 * The full results as plain JSON (same fields as the watch sends), newest sessions kept when cut.
 * `removedForRoom`: sessions the phone removed earlier to make room on a full phone (in total),
 * written as "sessionsRemovedForRoom", and `pruned`: those it pruned over its history's limit,
 * written as "sessionsPrunedOverLimit", so an import can say the file is not a full copy.
 */
export function exportJson(
  stored: SessionResult[],
  nowMs: number,
  maxChars: number = EXPORT_MAX_CHARS,
  removedForRoom: number = 0,
  pruned: number = 0,
): ExportText {
  const history = byStart(stored);
  const parts: string[] = [];
  let length = 200; // envelope
  let i = history.length - 1;
  for (; i >= 0; i--) {
    const part = JSON.stringify(history[i]);
    if (length + 1 + part.length > maxChars) break;
    parts.unshift(part);
    length += 1 + part.length;
  }
  const text =
    '{"format":"steady-hold-history","version":1,"exportedAt":' +
    nowMs +
    ',"minValidHoldMs":' +
    MIN_VALID_HOLD_MS +
    ',"omittedOlderSessions":' +
    (i + 1) +
    ',"sessionsRemovedForRoom":' +
    removedForRoom +
    ',"sessionsPrunedOverLimit":' +
    pruned +
    ',"sessions":[' +
    parts.join(",") +
    "]}";
  return { text: text, sessions: parts.length, omitted: i + 1 };
}
