// What the phone shows of the history: the recent sessions, the week, left/right balance, the next
// step of the progression, the sync state (the settings page and the web app), and the points of the
// web app's progress charts. Pure: the current time and the phone's time-zone offset are passed in.
// Days: a session counts on the local date where it STARTED, in the time zone it started in
// (SessionResult.utcOffsetMinutes; sessionDay in common/daily.ts), the same rule as the watch.
// "Today" is the phone's local day: tzOffsetMinutes is what Date.prototype.getTimezoneOffset()
// returns (UTC − local, in minutes; -60 in Paris in winter). Past days are judged by the goal in
// force at their end (the goal set on the phone then, as the page showed it; before any change the
// phone recorded, the routine their last session ran), today by the current goal.
import { Aid, Leg, Routine } from "./routine";
import { SessionResult, countBounces, countValidHolds, plannedHolds, sessionSteadiness, totalHoldMs } from "./result";
import {
  DAY_FIELDS,
  DailyStats,
  KEPT_DAYS,
  emptyStats,
  findDay,
  localDayNumber,
  recordSession,
  sessionDay,
} from "./daily";
import { GONE_IDS_KEPT, HELD_DAYS_KEPT, HELD_FIELDS, PrunedSessions, byStart } from "./history-store";
import { formatLocalTime } from "./local-time";
import { legName } from "./screen-text";

/** The days of the page's week, for the sessions, the balance and the progression: today and the 6 before. */
const WEEK_DAYS = 7;
/** Sessions listed on the settings page. */
const RECENT_SESSIONS = 10;
/** A steady session: reached its end with every hold at least 5 s, no bounce warning, and at least this steadiness. */
const STEADY_MIN_SCORE = 70;
/** "Consistently": steady sessions on this many of the last PROGRESSION_WINDOW_DAYS days. */
const PROGRESSION_DAYS_NEEDED = 5;
const PROGRESSION_WINDOW_DAYS = WEEK_DAYS;

export interface SyncState {
  /** Revision and time of the last routine handed to the file transfer; -1 before the first. */
  routineRevision: number;
  routineSentAt: number;
  /** Last valid result received (id and receive time); "" / -1 before the first. */
  lastResultId: string;
  lastResultAt: number;
  /** Results that could not be read (each file name counted once), and the latest reason. */
  rejectedCount: number;
  lastRejection: string;
  /**
   * The file names counted in rejectedCount: the first few as they are (rejectedFiles), then all of
   * them in a fixed-size digest (rejectedDigest, common/name-digest.ts; "" until then). The watch
   * resends a result it got no ack for, for ever when the phone cannot read it, and one unreadable
   * result must not count once per arrival. Both bounded by the companion.
   */
  rejectedDigest: string;
  rejectedFiles: string[];
  /** Revision the watch last said it runs, and when; -1 before the first confirmation. */
  routineConfirmedRevision: number;
  routineConfirmedAt: number;
  /** Why the phone could not store what arrived (storage full); "" when all went well. */
  storageProblem: string;
  /** Sessions removed (the earliest received) so newer ones fit the phone's full storage, in total. */
  sessionsDroppedForRoom: number;
  /** When a changed routine was last refused by the file transfer (not sent); -1 once one was handed over. */
  routineRefusedAt: number;
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
  rejectedDigest: "",
  rejectedFiles: [],
  routineConfirmedRevision: -1,
  routineConfirmedAt: -1,
  storageProblem: "",
  sessionsDroppedForRoom: 0,
  routineRefusedAt: -1,
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

export function sessionLine(result: SessionResult): SessionLine {
  const legs: string[] = [];
  const bounces: BounceCount[] = [];
  for (let i = 0; i < result.holds.length; i++) {
    const h = result.holds[i];
    if (legs.length === 0 || legs[legs.length - 1] !== legName(h.leg)) legs.push(legName(h.leg));
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

/** "1 session", "3 sessions": a count and its noun, plural unless the count is 1 (the phone's texts). */
export function countOf(count: number, noun: string): string {
  return count + " " + noun + (count === 1 ? "" : "s");
}

/** "1 bounce warning", "3 bounce warnings": as the settings page and the web app count them. */
export function bounceWarningCount(count: number): string {
  return countOf(count, "bounce warning");
}

/** "Mon 5 Jan 08:03 · Left → Right" */
export function sessionTitle(line: SessionLine): string {
  return line.when + (line.legs ? " · " + line.legs : "");
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
  /** The goal of the last session that day (by start): the goal in force then, unless changed later that day. */
  goal: number;
  lastStart: number;
}

/**
 * What the phone keeps beside its stored sessions for the days and the streak (SessionResult lists
 * alone cannot tell): completed sessions pruned from the history (PrunedSessions.days), the holds of
 * the sessions no longer stored on the week's days (PrunedSessions.held), and the daily goal set on
 * the phone as flat [day, goal] pairs, oldest first, one for each day it changed (recordGoal): the
 * goal in force at that day's end and from then on.
 */
export interface DayRecords {
  pruned: DailyStats;
  held: number[];
  goalChanges: number[];
}

export const NO_DAY_RECORDS: DayRecords = { pruned: emptyStats(), held: [], goalChanges: [] };

/** The goal in force at the end of `day` by the recorded changes; -1 before the first one kept. */
export function goalInForce(goalChanges: number[], day: number): number {
  let goal = -1;
  for (let i = 0; i < goalChanges.length && goalChanges[i] <= day; i += 2) goal = goalChanges[i + 1];
  return goal;
}

/** `goalChanges` with `goal` in force on `today`: the same list when it already was (nothing to store). */
export function recordGoal(goalChanges: number[], today: number, goal: number): number[] {
  if (goalInForce(goalChanges, today) === goal) return goalChanges;
  const kept = goalChanges.filter((_, i) => goalChanges[i - (i % 2)] < today);
  return kept.concat([today, goal]);
}

/**
 * The goal changes still needed to judge the days of the stored sessions (`history`), however many
 * (a count limit forgot a streak's first day, review 38): the oldest change goes once no stored
 * session's day comes before the next one (older days are in the pruned record, judged when folded);
 * with `tight` (on a full phone), also when every such day's last session ran its goal, so the
 * sessions judge those days the same. The latest change always stays.
 */
export function neededGoalChanges(goalChanges: number[], history: SessionResult[], tight: boolean): number[] {
  const perDay = goalSessionsPerDay(history);
  let first = 0;
  for (; first + 2 < goalChanges.length; first += 2) {
    const next = goalChanges[first + 2];
    let needed = false;
    for (const key in perDay)
      if (
        Number(key) < next &&
        (!tight || (Number(key) >= goalChanges[first] && perDay[key].goal !== goalChanges[first + 1]))
      )
        needed = true;
    if (needed) break;
  }
  return first === 0 ? goalChanges : goalChanges.slice(first);
}

/** The stored goal changes, or none (and why) when they are not pairs of whole numbers with days rising. */
export function parseGoalChanges(text: string | null): { goalChanges: number[]; error: string } {
  if (text === null) return { goalChanges: [], error: "" };
  try {
    const list = JSON.parse(text) as unknown;
    const ok =
      Array.isArray(list) &&
      list.length % 2 === 0 &&
      list.every((n, i) => typeof n === "number" && n % 1 === 0 && n >= (i % 2 ? 1 : i > 0 ? list[i - 2] + 1 : 0));
    if (ok) return { goalChanges: list as number[], error: "" };
  } catch (e) {
    // unreadable: as malformed
  }
  return { goalChanges: [], error: "goal changes: damaged, past days judged by their sessions' goal" };
}

/**
 * `pruned` with `sessions` (just pruned from the history) counted: see foldRemovedForRoom.
 */
export function foldPruned(
  pruned: PrunedSessions,
  sessions: SessionResult[],
  goalChanges: number[],
  latestDay: number,
): PrunedSessions {
  return foldRemovedForRoom({ ...pruned, count: pruned.count + sessions.length }, sessions, goalChanges, latestDay);
}

/**
 * The latest day whose holds the page's week may need soon (foldHeld keeps the days up to it
 * first): the phone's tomorrow by its clock (`today`; a session dated a day ahead after travelling
 * west), or the latest day a session still `stored` started on when that is later, so a phone clock
 * behind keeps them too (review 46). Only a stored day within a week after the middle day of them
 * all (the phone's tomorrow one of them) counts: one session a watch dated a year ahead, still
 * stored, moved the cut-off a year ahead, and the days it dated ahead before crowded the week's
 * out (review 48). A day after the cut-off is dated ahead by a watch's clock.
 */
export function latestWeekDay(stored: SessionResult[], today: number): number {
  const days = [today + 1];
  for (let i = 0; i < stored.length; i++) days.push(sessionDay(stored[i].startedAt, stored[i].utcOffsetMinutes));
  days.sort((a, b) => a - b);
  const middle = days[(days.length - 1) >> 1];
  let latest = today + 1;
  for (let i = 0; i < days.length; i++) if (days[i] <= middle + WEEK_DAYS) latest = Math.max(latest, days[i]);
  return latest;
}

/**
 * `pruned` with `sessions` (just removed for room, counted in droppedForRoom, not in `pruned.count`):
 * a session removed is gone from the history, but its day still counts (review 38), each judged by
 * the goal in force at its end, as summarizeWeek judges it; its id is kept, so its resend is not
 * stored again (review 43); its holds count in the week's balance and progression (review 43), the
 * days up to `latestDay` (latestWeekDay) first, for its days as for its holds (foldDays, foldHeld:
 * review 48, the week's count and balance keep the same days).
 */
export function foldRemovedForRoom(
  pruned: PrunedSessions,
  sessions: SessionResult[],
  goalChanges: number[],
  latestDay: number,
): PrunedSessions {
  return {
    count: pruned.count,
    days: foldDays(pruned.days, sessions, goalChanges, latestDay),
    ids: pruned.ids.concat(sessions.map((r) => r.id)).slice(-GONE_IDS_KEPT),
    held: foldHeld(pruned.held, sessions, latestDay),
  };
}

/**
 * `held` (PrunedSessions.held) with the holds of `sessions` added on their own days, keeping
 * HELD_DAYS_KEPT days: the latest not after `latestDay`, then, while fewer, the earliest after it.
 * Not the days of the week by the phone's clock at the removal (one a week ahead or behind kept none
 * of the week's, review 46), nor the latest present (days a watch dated a year ahead, once removed,
 * took all 8 for that year, review 47). summarizeWeek and progressionHint pick the week's days.
 */
function foldHeld(held: number[], sessions: SessionResult[], latestDay: number): number[] {
  const kept = held.slice();
  for (let i = 0; i < sessions.length; i++) {
    const r = sessions[i];
    const day = sessionDay(r.startedAt, r.utcOffsetMinutes);
    let at = 0;
    while (at < kept.length && kept[at] < day) at += HELD_FIELDS;
    if (at >= kept.length || kept[at] !== day) kept.splice(at, 0, day, 0, 0, 0, 0, 0);
    let leftMs = 0;
    let rightMs = 0;
    for (let j = 0; j < r.holds.length; j++) {
      const left = r.holds[j].leg === "left";
      if (left) leftMs += r.holds[j].achievedMs;
      else rightMs += r.holds[j].achievedMs;
      kept[at + (left ? 3 : 4)] += r.holds[j].bounceAtMs.length;
    }
    kept[at + 1] += Math.round(leftMs / 1000);
    kept[at + 2] += Math.round(rightMs / 1000);
    if (isSteadySession(r)) kept[at + 5] |= aidBit(r.routine.aid);
  }
  let notAfter = 0;
  while (notAfter < kept.length && kept[notAfter] <= latestDay) notAfter += HELD_FIELDS;
  const from = Math.max(0, notAfter - HELD_DAYS_KEPT * HELD_FIELDS);
  return kept.slice(from, from + HELD_DAYS_KEPT * HELD_FIELDS);
}

/** The aid's bit in PrunedSessions.held's steady aids. */
function aidBit(aid: Aid): number {
  return 1 << AID_ORDER.indexOf(aid);
}

/**
 * `days` with the completed `sessions` counted, keeping KEPT_DAYS days as foldHeld keeps its own: the
 * latest not after `latestDay` (an older one folded into the streak before them, as the watch does),
 * then, while fewer, the earliest after it (a later one dropped, its count lost). Kept as the watch's
 * 14 latest present, days a watch dated ahead, once removed, folded the week's out of its count while
 * foldHeld kept their holds (review 48). Not one dated before 1 January 1970 in its own zone (day -1:
 * a just-reset watch clock west of UTC; recordSession counts none, the record's days start at day 0
 * as the watch's, review 47). Its holds are kept.
 */
function foldDays(days: DailyStats, sessions: SessionResult[], goalChanges: number[], latestDay: number): DailyStats {
  for (let i = 0; i < sessions.length; i++) {
    const r = sessions[i];
    if (!countsTowardGoal(r)) continue;
    const day = sessionDay(r.startedAt, r.utcOffsetMinutes);
    const kept = days.days;
    if (kept.length >= KEPT_DAYS * DAY_FIELDS && day > days.baseDay && findDay(days, day) < 0) {
      // One day too many: the latest of this one and those kept goes when after `latestDay`.
      const latestKept = kept[kept.length - DAY_FIELDS];
      if (day > latestDay && day > latestKept) continue;
      if (latestKept > latestDay) days = { ...days, days: kept.slice(0, -DAY_FIELDS) };
    }
    const goal = goalInForce(goalChanges, day);
    days = recordSession(days, day, goal > 0 ? goal : r.routine.dailyGoal);
  }
  return days;
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
  records: DayRecords = NO_DAY_RECORDS,
): WeekSummary {
  const today = localDayNumber(nowMs, tzOffsetMinutes);
  const perDay = goalSessionsPerDay(history);
  const pruned = records.pruned;
  // Sessions stored and sessions pruned from the history, on one day.
  const count = (day: number) => {
    const at = findDay(pruned, day);
    return (perDay[day] ? perDay[day].sessions : 0) + (at < 0 ? 0 : pruned.days[at + 1]);
  };
  // Today by the current goal, earlier days by the goal in force at their end.
  const goalOf = (day: number) => {
    if (day === today) return dailyGoal;
    const changed = goalInForce(records.goalChanges, day);
    if (changed > 0) return changed;
    if (perDay[day]) return perDay[day].goal;
    const at = findDay(pruned, day);
    return at >= 0 ? pruned.days[at + 2] : dailyGoal;
  };
  const met = (day: number) => count(day) >= goalOf(day);
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
  // The days pruned longer ago: the streak that ran up to them goes on (as the watch's summarizeDay).
  if (count(day) === 0 && day === pruned.baseDay) week.streakDays += pruned.baseStreak;
  let leftMs = 0;
  let rightMs = 0;
  // The sessions no longer stored count as in the week above (review 43).
  const held = records.held;
  for (let i = 0; i < held.length; i += HELD_FIELDS) {
    if (held[i] < today - 6 || held[i] > today) continue;
    leftMs += held[i + 1] * 1000;
    rightMs += held[i + 2] * 1000;
    week.leftBounces += held[i + 3];
    week.rightBounces += held[i + 4];
  }
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

/** "Today: 1 of 2 sessions" until the goal is met, then "Today: 2 sessions — daily goal of 1 met" (never "2 of 1"). */
export function todayLine(today: number, dailyGoal: number): string {
  if (today < dailyGoal) return "Today: " + today + " of " + countOf(dailyGoal, "session");
  return "Today: " + countOf(today, "session") + " — daily goal of " + dailyGoal + " met";
}

/** Today, the last 7 days and the streak, worded once for the settings page and the web app. */
export function weekSummaryLines(week: WeekSummary): string[] {
  return [
    todayLine(week.today, week.dailyGoal),
    "Last 7 days: " + week.sessions + " of " + week.goal + " sessions; goal met on " + week.daysGoalMet + " of 7 days",
    "Streak: " + countOf(week.streakDays, "day"),
  ];
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
 * only after steady, complete sessions with the CURRENT aid on 5 of the last 7 days: those stored
 * and those no longer stored (`held`, PrunedSessions.held), as the week counts them.
 */
export function progressionHint(
  history: SessionResult[],
  currentAid: Aid,
  nowMs: number,
  tzOffsetMinutes: number,
  held: number[] = [],
): string {
  const today = localDayNumber(nowMs, tzOffsetMinutes);
  const steadyDays: { [day: number]: boolean } = {};
  let count = 0;
  for (let i = 0; i < held.length; i += HELD_FIELDS) {
    const day = held[i];
    if (day <= today - PROGRESSION_WINDOW_DAYS || day > today || (held[i + 5] & aidBit(currentAid)) === 0) continue;
    steadyDays[day] = true;
    count++;
  }
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

/**
 * The summary of `stored`. "Recent" is the last RECENT_SESSIONS of `stored` in the order given,
 * latest first: the phone passes its history in ARRIVAL order, so a session just received is always
 * listed, whatever the watch's clock said when it started (a clock far behind would bury it under
 * older sessions, one far ahead would keep it on top for good). Each line shows its own start date.
 * Days, the week, the streak and the progression still count each session on the day it started.
 */
export function summarizeHistory(
  stored: SessionResult[],
  routine: Routine,
  sync: SyncState,
  nowMs: number,
  tzOffsetMinutes: number,
  records: DayRecords = NO_DAY_RECORDS,
): HistorySummary {
  const history = byStart(stored);
  const recent: SessionLine[] = [];
  for (let i = stored.length - 1; i >= 0 && recent.length < RECENT_SESSIONS; i--) recent.push(sessionLine(stored[i]));
  const week = summarizeWeek(history, routine.dailyGoal, nowMs, tzOffsetMinutes, records);
  return {
    version: 1,
    generatedAt: nowMs,
    storedSessions: history.length,
    recent: recent,
    week: week,
    balance: describeBalance(week),
    progression: progressionHint(history, routine.aid, nowMs, tzOffsetMinutes, records.held),
    sync: sync,
  };
}

// The web companion's charts.

/** One session as a point of the steadiness and left/right balance charts. */
export interface ProgressPoint {
  id: string;
  startedAt: number;
  /**
   * The start on the session's own wall clock, written as a UTC time (startedAt moved by its time
   * zone): plotted on a UTC axis, every session sits at the hour it was done where it was done, as
   * the session list shows it, whatever the browser's time zone.
   */
  localStartedAt: number;
  /** Time-weighted steadiness of the session, -1 without motion data. */
  steadiness: number;
  leftSeconds: number;
  rightSeconds: number;
  /** Left share of the time held, 0–100; -1 when nothing was held. */
  leftSharePercent: number;
  bounces: number;
}

/**
 * Per session, what the charts plot, in the order of `localStartedAt` (the time axis): after a
 * flight west a later session can have an earlier wall-clock time than the one before it.
 */
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
      localStartedAt: r.startedAt + r.utcOffsetMinutes * 60000,
      steadiness: sessionSteadiness(r),
      leftSeconds: Math.round(leftMs / 1000),
      rightSeconds: Math.round(rightMs / 1000),
      leftSharePercent: total > 0 ? Math.round((leftMs * 100) / total) : -1,
      bounces: countBounces(r),
    });
  }
  return points.sort((a, b) => a.localStartedAt - b.localStartedAt);
}
