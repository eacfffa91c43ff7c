// The phone's session history: add (deduplicated by session id), prune, summarize for the settings
// page, export. Pure: the current time and the phone's time-zone offset are passed in.
// Days: a session counts on the local date where it STARTED, in the time zone it started in
// (SessionResult.utcOffsetMinutes; sessionDay in common/daily.ts), the same rule as the watch.
// "Today" is the phone's local day: tzOffsetMinutes is what Date.prototype.getTimezoneOffset()
// returns (UTC − local, in minutes; -60 in Paris in winter). Past days are judged by the goal in
// force on them (the routine their last session ran), today by the current goal.
// The stored list is in ARRIVAL order and bounded by count only: a wrong clock on either side can
// neither prune it nor keep a session forever (docs/data-safety.md).
import { Aid, Leg, Routine } from "./routine";
import {
  MIN_VALID_HOLD_MS,
  SessionResult,
  countBounces,
  countValidHolds,
  plannedHolds,
  sessionSteadiness,
  totalHoldMs,
} from "./result";
import { decodeResultMessage, encodeResultMessage } from "./protocol";
import { localDayNumber, sessionDay } from "./daily";

/** 90 days of the maximum daily goal (3): a typical entry is ~300 characters of JSON, so ~80 KB at most in practice. */
export const HISTORY_LIMITS = { maxEntries: 270 };
/** Sessions listed on the settings page. */
const RECENT_SESSIONS = 10;
/** A steady session: reached its end with every hold at least 5 s, no bounce warning, and at least this steadiness. */
const STEADY_MIN_SCORE = 70;
/** "Consistently": steady sessions on this many of the last PROGRESSION_WINDOW_DAYS days. */
const PROGRESSION_DAYS_NEEDED = 5;
const PROGRESSION_WINDOW_DAYS = 7;
/** Export text is kept under this many characters so it fits one settings entry; older sessions are left out. */
export const EXPORT_MAX_CHARS = 60000;

export interface SyncState {
  /** Revision and time of the last routine handed to the file transfer; -1 before the first. */
  routineRevision: number;
  routineSentAt: number;
  /** Last valid result received (id and receive time); "" / -1 before the first. */
  lastResultId: string;
  lastResultAt: number;
  /** Results that could not be read, and the latest reason. */
  rejectedCount: number;
  lastRejection: string;
  /** Revision the watch last said it runs, and when; -1 before the first confirmation. */
  routineConfirmedRevision: number;
  routineConfirmedAt: number;
  /** Why the phone could not store what arrived (storage full); "" when all went well. */
  storageProblem: string;
  /** What happened when the stored history was found damaged; "" when it never was. */
  historyDamage: string;
}

export const EMPTY_SYNC_STATE: SyncState = {
  routineRevision: -1,
  routineSentAt: -1,
  lastResultId: "",
  lastResultAt: -1,
  rejectedCount: 0,
  lastRejection: "",
  routineConfirmedRevision: -1,
  routineConfirmedAt: -1,
  storageProblem: "",
  historyDamage: "",
};

/** Bouncing in one hold: [leg, rep, warnings, seconds spent bouncing (-1 unknown: a version-1 result), seconds held]. */
export type BounceCount = [Leg, number, number, number, number];

export interface SessionLine {
  id: string;
  /** Local start, e.g. "Mon 5 Jan 08:03". */
  when: string;
  /** Legs in the order stretched: "Left → Right". */
  legs: string;
  aid: Aid;
  /** Holds of at least 5 s vs holds planned. */
  holdsDone: number;
  holdsPlanned: number;
  heldSeconds: number;
  /** -1 when no motion data. */
  steadiness: number;
  /** Reached its end (counts toward the daily goal). */
  complete: boolean;
  bounceTotal: number;
  bounces: BounceCount[];
}

export interface WeekSummary {
  /** The phone's local day number when this summary was made: the page shows "today" only on that day. */
  day: number;
  dailyGoal: number;
  /** Sessions that reached their end in the last 7 local days, including today, vs 7 × the daily goal. */
  sessions: number;
  goal: number;
  daysGoalMet: number;
  today: number;
  /** Consecutive days meeting the goal, up to today (or yesterday while today is still open). */
  streakDays: number;
  /** Seconds held and bounce warnings per leg over the same 7 days. */
  leftSeconds: number;
  rightSeconds: number;
  leftBounces: number;
  rightBounces: number;
}

export interface HistorySummary {
  version: 1;
  generatedAt: number;
  storedSessions: number;
  recent: SessionLine[];
  week: WeekSummary;
  balance: string;
  progression: string;
  sync: SyncState;
}

export interface AddOutcome {
  history: SessionResult[];
  /** False when a session with this id was already stored (the watch resent it). */
  added: boolean;
}

/** Appends a result (arrival order); a result whose id is already stored is not added again. */
export function addResult(history: SessionResult[], result: SessionResult): AddOutcome {
  for (let i = 0; i < history.length; i++) if (history[i].id === result.id) return { history: history, added: false };
  return { history: history.concat([result]), added: true };
}

/** Drops the earliest-arrived sessions beyond maxEntries. No clock is involved, so no clock can empty it. */
export function pruneHistory(
  history: SessionResult[],
  limits: { maxEntries: number } = HISTORY_LIMITS,
): SessionResult[] {
  return history.length > limits.maxEntries ? history.slice(history.length - limits.maxEntries) : history;
}

/** A copy sorted by start time (stable: equal starts keep arrival order), for display and export. */
export function byStart(history: SessionResult[]): SessionResult[] {
  const indexed = history.map((r, i) => ({ r: r, i: i }));
  indexed.sort((a, b) => a.r.startedAt - b.r.startedAt || a.i - b.i);
  return indexed.map((x) => x.r);
}

/** Stored as a JSON list of wire-format results, one per line: damage to one line costs one session at most. */
export function serializeHistory(history: SessionResult[]): string {
  const lines: string[] = [];
  for (let i = 0; i < history.length; i++) lines.push(JSON.stringify(encodeResultMessage(history[i])));
  return "[\n" + lines.join(",\n") + "\n]";
}

export interface ParsedHistory {
  history: SessionResult[];
  errors: string[];
  /** The text was not one readable list: sessions were recovered one by one (errors say what was lost). */
  damaged: boolean;
}

/**
 * Reads the stored history (version 1 and 2 results; `v1UtcOffsetMinutes` stands in for version
 * 1's missing time zone). Text that is not one readable list is recovered entry by entry: every
 * "[<version>,"result",…]" that still parses is kept.
 */
export function parseHistory(text: string | null, v1UtcOffsetMinutes: number = 0): ParsedHistory {
  if (text === null || text === "") return { history: [], errors: [], damaged: false };
  let data: unknown = null;
  let damaged = false;
  try {
    data = JSON.parse(text);
  } catch (e) {
    damaged = true;
  }
  if (!damaged && !Array.isArray(data)) damaged = true;
  const errors: string[] = [];
  const entries = damaged ? recoverEntries(text) : (data as unknown[]);
  if (damaged) errors.push("History: stored text is damaged; recovered " + entries.length + " sessions one by one");
  let history: SessionResult[] = [];
  for (let i = 0; i < entries.length; i++) {
    const decoded = decodeResultMessage(entries[i], v1UtcOffsetMinutes);
    if (decoded.ok) history = addResult(history, decoded.value).history;
    else errors.push("History: dropped stored session " + (i + 1) + ": " + decoded.reason);
  }
  return { history: history, errors: errors, damaged: damaged };
}

/** Every bracketed result message in damaged text that still parses on its own. */
function recoverEntries(text: string): unknown[] {
  const found: unknown[] = [];
  const start = /\[\s*\d+\s*,\s*"result"/g;
  let match: RegExpExecArray | null;
  while ((match = start.exec(text)) !== null) {
    let depth = 0;
    let inString = false;
    let end = -1;
    for (let i = match.index; i < text.length && end < 0; i++) {
      const c = text.charAt(i);
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "[") depth++;
      else if (c === "]" && --depth === 0) end = i;
    }
    if (end < 0) continue;
    try {
      found.push(JSON.parse(text.slice(match.index, end + 1)));
      start.lastIndex = end + 1;
    } catch (e) {
      // this entry holds the damage: the next one starts further on
    }
  }
  return found;
}

/** A session that reached its end counts toward the daily goal, exactly as on the watch's home screen. */
export function countsTowardGoal(result: SessionResult): boolean {
  return result.completed;
}

/** Steady: reached its end, every planned hold lasted at least 5 s, no bounce warning, steadiness 70+. */
export function isSteadySession(result: SessionResult): boolean {
  return (
    result.completed &&
    countValidHolds(result) >= plannedHolds(result.routine) &&
    countBounces(result) === 0 &&
    sessionSteadiness(result) >= STEADY_MIN_SCORE
  );
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function twoDigits(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/** "Mon 5 Jan 08:03" in the given offset. */
export function formatLocalTime(ms: number, tzOffsetMinutes: number): string {
  const d = new Date(ms - tzOffsetMinutes * 60000);
  return (
    WEEKDAYS[d.getUTCDay()] +
    " " +
    d.getUTCDate() +
    " " +
    MONTHS[d.getUTCMonth()] +
    " " +
    twoDigits(d.getUTCHours()) +
    ":" +
    twoDigits(d.getUTCMinutes())
  );
}

/** "2026-01-05 08:03:09" in the given offset (export). */
function formatIsoLocal(ms: number, tzOffsetMinutes: number): string {
  const d = new Date(ms - tzOffsetMinutes * 60000);
  return (
    d.getUTCFullYear() +
    "-" +
    twoDigits(d.getUTCMonth() + 1) +
    "-" +
    twoDigits(d.getUTCDate()) +
    " " +
    twoDigits(d.getUTCHours()) +
    ":" +
    twoDigits(d.getUTCMinutes()) +
    ":" +
    twoDigits(d.getUTCSeconds())
  );
}

const LEG_NAME: { [L in Leg]: string } = { left: "Left", right: "Right" };

export function sessionLine(result: SessionResult): SessionLine {
  const legs: string[] = [];
  const bounces: BounceCount[] = [];
  for (let i = 0; i < result.holds.length; i++) {
    const h = result.holds[i];
    if (legs.length === 0 || legs[legs.length - 1] !== LEG_NAME[h.leg]) legs.push(LEG_NAME[h.leg]);
    const bouncedSeconds = typeof h.bouncingMs === "number" && h.bouncingMs >= 0 ? Math.round(h.bouncingMs / 1000) : -1;
    if (h.bounceAtMs.length > 0 || bouncedSeconds > 0)
      bounces.push([h.leg, h.rep, h.bounceAtMs.length, bouncedSeconds, Math.round(h.achievedMs / 1000)]);
  }
  return {
    id: result.id,
    // Shown in the time zone it started in, like the day it counts on.
    when: formatLocalTime(result.startedAt, -result.utcOffsetMinutes),
    legs: legs.join(" → "),
    aid: result.routine.aid,
    holdsDone: countValidHolds(result),
    holdsPlanned: plannedHolds(result.routine),
    heldSeconds: Math.round(totalHoldMs(result) / 1000),
    steadiness: sessionSteadiness(result),
    complete: result.completed,
    bounceTotal: countBounces(result),
    bounces: bounces,
  };
}

/** "6 of 6 holds · 180 s held · steadiness 83/100 · complete" */
export function sessionDetail(line: SessionLine): string {
  const steadiness = line.steadiness < 0 ? "no motion data" : "steadiness " + line.steadiness + "/100";
  return (
    line.holdsDone +
    " of " +
    line.holdsPlanned +
    " holds · " +
    line.heldSeconds +
    " s held · " +
    steadiness +
    " · " +
    (line.complete ? "complete" : "partial")
  );
}

interface DayCount {
  sessions: number;
  /** The goal of the last session that day (by start): the goal in force then. */
  goal: number;
  lastStart: number;
}

function goalSessionsPerDay(history: SessionResult[]): { [day: number]: DayCount } {
  const perDay: { [day: number]: DayCount } = {};
  for (let i = 0; i < history.length; i++) {
    const r = history[i];
    if (!countsTowardGoal(r)) continue;
    const day = sessionDay(r.startedAt, r.utcOffsetMinutes);
    const entry = perDay[day] || (perDay[day] = { sessions: 0, goal: r.routine.dailyGoal, lastStart: r.startedAt });
    entry.sessions++;
    if (r.startedAt >= entry.lastStart) {
      entry.lastStart = r.startedAt;
      entry.goal = r.routine.dailyGoal;
    }
  }
  return perDay;
}

export function summarizeWeek(
  history: SessionResult[],
  dailyGoal: number,
  nowMs: number,
  tzOffsetMinutes: number,
): WeekSummary {
  const today = localDayNumber(nowMs, tzOffsetMinutes);
  const perDay = goalSessionsPerDay(history);
  const count = (day: number) => (perDay[day] ? perDay[day].sessions : 0);
  // Today by the current goal, earlier days by the goal in force on them.
  const met = (day: number) => count(day) >= (day === today || !perDay[day] ? dailyGoal : perDay[day].goal);
  const week: WeekSummary = {
    day: today,
    dailyGoal: dailyGoal,
    sessions: 0,
    goal: dailyGoal * 7,
    daysGoalMet: 0,
    today: count(today),
    streakDays: 0,
    leftSeconds: 0,
    rightSeconds: 0,
    leftBounces: 0,
    rightBounces: 0,
  };
  for (let day = today - 6; day <= today; day++) {
    week.sessions += count(day);
    if (count(day) > 0 && met(day)) week.daysGoalMet++;
  }
  // Today still counts as open: a streak that ran through yesterday is not broken yet.
  let day = met(today) ? today : today - 1;
  while (count(day) > 0 && met(day)) {
    week.streakDays++;
    day--;
  }
  let leftMs = 0;
  let rightMs = 0;
  for (let i = 0; i < history.length; i++) {
    const started = sessionDay(history[i].startedAt, history[i].utcOffsetMinutes);
    if (started < today - 6 || started > today) continue;
    const holds = history[i].holds;
    for (let j = 0; j < holds.length; j++) {
      if (holds[j].leg === "left") {
        leftMs += holds[j].achievedMs;
        week.leftBounces += holds[j].bounceAtMs.length;
      } else {
        rightMs += holds[j].achievedMs;
        week.rightBounces += holds[j].bounceAtMs.length;
      }
    }
  }
  week.leftSeconds = Math.round(leftMs / 1000);
  week.rightSeconds = Math.round(rightMs / 1000);
  return week;
}

/** Readable left/right balance; a side more than 20 % short of the other is pointed out. */
function describeBalance(week: WeekSummary): string {
  if (week.leftSeconds === 0 && week.rightSeconds === 0) return "No holds in the last 7 days.";
  const held = "Held this week: left " + week.leftSeconds + " s, right " + week.rightSeconds + " s.";
  const larger = Math.max(week.leftSeconds, week.rightSeconds);
  const shorter = week.leftSeconds < week.rightSeconds ? "left" : "right";
  const uneven = Math.min(week.leftSeconds, week.rightSeconds) < larger * 0.8;
  const bounces =
    week.leftBounces + week.rightBounces > 0
      ? " Bounce warnings: left " + week.leftBounces + ", right " + week.rightBounces + "."
      : "";
  return held + (uneven ? " Give the " + shorter + " leg the same holds." : " Both legs evenly stretched.") + bounces;
}

const AID_ORDER: Aid[] = ["towel", "band", "none", "seated"];
const NEXT_STEP: { [A in Aid]: string } = {
  towel: "move your grip closer to the foot on the towel; when that feels easy, switch the aid to a band",
  band: 'try it without an aid: hands behind the thigh (set Aid to "No aid")',
  none: 'move on to the seated stretch (set Aid to "Seated stretch")',
  seated: "you are at the last step: keep the seated stretch steady, or lengthen the hold",
};

/**
 * Follows the article's progression (grip closer on the towel → band → no aid → seated stretch),
 * only after steady, complete sessions with the CURRENT aid on 5 of the last 7 days.
 */
export function progressionHint(
  history: SessionResult[],
  currentAid: Aid,
  nowMs: number,
  tzOffsetMinutes: number,
): string {
  const today = localDayNumber(nowMs, tzOffsetMinutes);
  const steadyDays: { [day: number]: boolean } = {};
  let count = 0;
  for (let i = 0; i < history.length; i++) {
    const r = history[i];
    const day = sessionDay(r.startedAt, r.utcOffsetMinutes);
    if (
      day <= today - PROGRESSION_WINDOW_DAYS ||
      day > today ||
      r.routine.aid !== currentAid ||
      !isSteadySession(r) ||
      steadyDays[day]
    )
      continue;
    steadyDays[day] = true;
    count++;
  }
  if (count >= PROGRESSION_DAYS_NEEDED) {
    return (
      "Steady and complete on " +
      count +
      " of the last " +
      PROGRESSION_WINDOW_DAYS +
      " days — next step: " +
      NEXT_STEP[currentAid] +
      "."
    );
  }
  const stepNumber = AID_ORDER.indexOf(currentAid) + 1;
  return (
    "Steady, complete sessions (no bounce warnings, steadiness " +
    STEADY_MIN_SCORE +
    "+) with this aid on " +
    count +
    " of the last " +
    PROGRESSION_WINDOW_DAYS +
    " days; " +
    PROGRESSION_DAYS_NEEDED +
    " unlock the next step (step " +
    stepNumber +
    " of " +
    AID_ORDER.length +
    ")."
  );
}

export function summarizeHistory(
  stored: SessionResult[],
  routine: Routine,
  sync: SyncState,
  nowMs: number,
  tzOffsetMinutes: number,
): HistorySummary {
  const history = byStart(stored);
  const recent: SessionLine[] = [];
  for (let i = history.length - 1; i >= 0 && recent.length < RECENT_SESSIONS; i--) recent.push(sessionLine(history[i]));
  const week = summarizeWeek(history, routine.dailyGoal, nowMs, tzOffsetMinutes);
  return {
    version: 1,
    generatedAt: nowMs,
    storedSessions: history.length,
    recent: recent,
    week: week,
    balance: describeBalance(week),
    progression: progressionHint(history, routine.aid, nowMs, tzOffsetMinutes),
    sync: sync,
  };
}

// ---- export ----

export interface ExportText {
  text: string;
  sessions: number;
  /** Oldest sessions left out to stay under EXPORT_MAX_CHARS. */
  omitted: number;
}

export const CSV_HEADER =
  "session_id,started_local,started_utc_ms,ended_utc_ms,completed,aid,target_s,leg,rep,held_s,ended_early,steadiness,bounce_warnings,bounce_at_s";

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
  if (r.holds.length === 0) return [head.concat(["", "", "", "", "", "", ""]).map(csvField).join(",")];
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

/** The full results as plain JSON (same fields as the watch sends), newest sessions kept when cut. */
export function exportJson(stored: SessionResult[], nowMs: number, maxChars: number = EXPORT_MAX_CHARS): ExportText {
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
    ',"sessions":[' +
    parts.join(",") +
    "]}";
  return { text: text, sessions: parts.length, omitted: i + 1 };
}

// ---- progress over time (the web companion's charts) ----

/** One session as a point of the steadiness and left/right balance charts. */
export interface ProgressPoint {
  id: string;
  startedAt: number;
  /** Time-weighted steadiness of the session, -1 without motion data. */
  steadiness: number;
  leftSeconds: number;
  rightSeconds: number;
  /** Left share of the time held, 0–100; -1 when nothing was held. */
  leftSharePercent: number;
  bounces: number;
}

/** Per session, oldest first (the history is kept sorted by start): what the charts plot. */
export function progressPoints(history: SessionResult[]): ProgressPoint[] {
  const points: ProgressPoint[] = [];
  for (let i = 0; i < history.length; i++) {
    const r = history[i];
    let leftMs = 0;
    let rightMs = 0;
    for (let j = 0; j < r.holds.length; j++) {
      if (r.holds[j].leg === "left") leftMs += r.holds[j].achievedMs;
      else rightMs += r.holds[j].achievedMs;
    }
    const total = leftMs + rightMs;
    points.push({
      id: r.id,
      startedAt: r.startedAt,
      steadiness: sessionSteadiness(r),
      leftSeconds: Math.round(leftMs / 1000),
      rightSeconds: Math.round(rightMs / 1000),
      leftSharePercent: total > 0 ? Math.round((leftMs * 100) / total) : -1,
      bounces: countBounces(r),
    });
  }
  return points;
}
