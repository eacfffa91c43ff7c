// Imports the Fitbit settings page's JSON export (common/history-export.ts exportJson:
// {"format":"steady-hold-history","version":1,...,"sessions":[SessionResult...]}) and this page's own
// JSON export (the same format). Every session's routine is checked field by field with the routine's
// own check (fieldProblem), then the whole session by the profile's record codec, which enforces the
// other bounds; a bad session is reported and skipped, never half-imported or rewritten. Never throws.
// The record encoder clamps routine fields (so a wearable's bytes always decode): that is why the
// routine is checked here first, or a daily goal of 5 would be stored as 3 without a word.
import { encodeResultRecord, decodeResultRecord } from "../../common/gatt-profile";
import type { SessionResult } from "../../common/result";
import { ROUTINE_KEYS, ROUTINE_LABELS, fieldProblem } from "../../common/routine";

export interface ImportOutcome {
  sessions: SessionResult[];
  /** One readable reason per session (or for the whole file) that was not imported. */
  errors: string[];
}

const FORMAT = "steady-hold-history";

function isRecord(value: unknown): value is { [key: string]: unknown } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function parseHistoryExport(text: string): ImportOutcome {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      sessions: [],
      errors: ["The file is not JSON (" + (error instanceof Error ? error.message : String(error)) + ")."],
    };
  }
  if (!isRecord(data) || data.format !== FORMAT) {
    return {
      sessions: [],
      errors: ['The file is not a Steady Hold history export (expected "format": "' + FORMAT + '").'],
    };
  }
  if (data.version !== 1)
    return {
      sessions: [],
      errors: ["Export version " + String(data.version) + " is not supported (this page reads version 1)."],
    };
  if (!Array.isArray(data.sessions)) return { sessions: [], errors: ["The export has no list of sessions."] };
  const sessions: SessionResult[] = [];
  const errors: string[] = [];
  data.sessions.forEach((raw, index) => {
    const checked = checkSession(raw);
    if (typeof checked === "string") errors.push("Session " + (index + 1) + " skipped: " + checked);
    else sessions.push(checked);
  });
  // The phone's export keeps the newest sessions that fit one text field and counts the rest: a user
  // who takes this page for a full copy must know the oldest ones are not in the file.
  const omitted = data.omittedOlderSessions;
  if (typeof omitted === "number" && omitted >= 1 && Math.floor(omitted) === omitted)
    errors.push(
      "The file leaves out " +
        omitted +
        " older session" +
        (omitted === 1 ? "" : "s") +
        " (the phone's export keeps the newest that fit); they are not imported.",
    );
  // Sessions the phone removed earlier to make room on a full phone, and those it pruned over its
  // history's limit (the earliest received): gaps of the same kind.
  const removed = goneBeforeExport(data.sessionsRemovedForRoom, "The phone's storage was full", "removed before");
  if (removed !== "") errors.push(removed);
  const pruned = goneBeforeExport(
    data.sessionsPrunedOverLimit,
    "The phone keeps only its latest sessions",
    "no longer on it at",
  );
  if (pruned !== "") errors.push(pruned);
  return { sessions, errors };
}

/** A hold's numbers: each must be a finite number in the file (the record encoder would round null to 0). */
const HOLD_NUMBERS = ["rep", "targetSeconds", "achievedMs", "steadiness"] as const;
/** The session's numbers, likewise. */
const SESSION_NUMBERS = ["startedAt", "endedAt"] as const;

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && isFinite(value);
}

/**
 * Why `routine` is not a routine this version can show as it was played, or "" when it is. No field
 * gets a default: every export ever written carries all ten, and the routine decides what the history
 * says (the day's goal met, the holds planned), so a value out of bounds (a newer app's, or an edited
 * file's) skips the session rather than changing it.
 */
function routineProblem(routine: unknown): string {
  if (!isRecord(routine)) return "routine is not an object";
  for (const key of ROUTINE_KEYS) {
    const problem = fieldProblem(key, routine[key]);
    if (problem) return "routine " + key + " (" + ROUTINE_LABELS[key].label + "): " + problem;
  }
  return "";
}

/** A valid SessionResult, or the reason it is not one. */
function checkSession(raw: unknown): SessionResult | string {
  if (!isRecord(raw)) return "not an object";
  if (typeof raw.completed !== "boolean") return "completed is not true/false";
  for (const key of SESSION_NUMBERS)
    if (!isFiniteNumber(raw[key])) return key + " " + JSON.stringify(raw[key]) + " is not a number";
  if (raw.utcOffsetMinutes !== undefined && !isFiniteNumber(raw.utcOffsetMinutes))
    return "utcOffsetMinutes " + JSON.stringify(raw.utcOffsetMinutes) + " is not a number";
  const routine = routineProblem(raw.routine);
  if (routine) return routine;
  if (!Array.isArray(raw.holds)) return "holds is not a list";
  const holds: unknown[] = [];
  for (let i = 0; i < raw.holds.length; i++) {
    const h = raw.holds[i];
    if (!isRecord(h)) return "hold " + (i + 1) + " is not an object";
    if (h.leg !== "left" && h.leg !== "right")
      return "hold " + (i + 1) + ": leg " + JSON.stringify(h.leg) + " is not left or right";
    if (typeof h.endedEarly !== "boolean") return "hold " + (i + 1) + ": endedEarly is not true/false";
    if (!Array.isArray(h.bounceAtMs)) return "hold " + (i + 1) + ": bounceAtMs is not a list";
    for (const key of HOLD_NUMBERS)
      if (!isFiniteNumber(h[key]))
        return "hold " + (i + 1) + ": " + key + " " + JSON.stringify(h[key]) + " is not a number";
    if (h.bouncingMs !== undefined && !isFiniteNumber(h.bouncingMs))
      return "hold " + (i + 1) + ": bouncingMs " + JSON.stringify(h.bouncingMs) + " is not a number";
    // The record cannot say "unknown": it goes through with 0 and is put back to -1 below.
    holds.push({ ...h, bouncingMs: isUnknownBouncing(h.bouncingMs) ? 0 : h.bouncingMs });
  }
  const candidate = {
    ...raw,
    holds,
    utcOffsetMinutes: raw.utcOffsetMinutes === undefined ? 0 : raw.utcOffsetMinutes,
  } as unknown as SessionResult;
  const record = encodeResultRecord(candidate);
  if (!record.ok) return record.reason;
  const decoded = decodeResultRecord(record.value);
  if (!decoded.ok) return decoded.reason;
  const rawHolds = raw.holds as { [key: string]: unknown }[];
  const result = decoded.value;
  for (let i = 0; i < result.holds.length; i++)
    if (isUnknownBouncing(rawHolds[i].bouncingMs)) result.holds[i].bouncingMs = -1;
  return result;
}

/**
 * Exports made before the field existed carry no bouncingMs, and version-1 results kept in the
 * phone's history carry -1: the bouncing time was never measured, so it stays unknown (-1, shown as
 * such), never 0 s.
 */
function isUnknownBouncing(value: unknown): boolean {
  return value === undefined || value === -1;
}

/** The line for `count` sessions the phone no longer had at the export (`why`, `what`); "" for none. */
function goneBeforeExport(count: unknown, why: string, what: string): string {
  if (typeof count !== "number" || count < 1 || Math.floor(count) !== count) return "";
  const one = count === 1;
  return (
    why +
    ": the " +
    count +
    " session" +
    (one ? " it received earliest was " : "s it received earliest were ") +
    what +
    " this export; " +
    (one ? "it is" : "they are") +
    " not in the file."
  );
}
