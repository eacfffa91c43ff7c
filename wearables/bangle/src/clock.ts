// The watch's clock as far as results are concerned: a session recorded before the clock was ever
// set (a fresh watch, or after a power loss: Espruino then counts from 1970) is kept on flash with
// its clock's timeline, and placed in time by the correction the app sees when the clock is set —
// SET_CLOCK from the web companion, or setTime over the UART (Gadgetbridge, the App Loader), seen
// as a jump by this module's check timer while the clock is unset. What cannot be placed (the power
// went in between, or the clock was set while the app was not running) is sent with its time
// marked unknown. Rules and their limits: common/clock-correction.ts, docs/bangle.md.
import { SessionResult } from "../../../common/result";
import { MAX_TIMER_LATE_MS } from "../../../common/session";
import {
  ClockTimeline,
  isClockSet,
  noteUnsetClock,
  placeResult,
  shiftResult,
  timeUnknownResult,
} from "../../../common/clock-correction";
import {
  forgetSetAside,
  forgetUnplaced,
  hasRecord,
  loadTimeline,
  readUnplaced,
  saveTimeline,
  setAsideUnsetResults,
  storeResult,
  storeUnplaced,
  unplacedIds,
} from "./store";

/** How often the unset clock is looked at for a jump while the app runs (only while it is unset). */
const CHECK_EVERY_MS = 10000;

let timeline: ClockTimeline | null = null;
let checkTimer = 0;
/** Date.now() when the check timer was armed (-1: not armed). */
let checkArmedAt = -1;
let placed: (() => void) | null = null;
let jumpSeen: ((deltaMs: number) => void) | null = null;

/**
 * At launch: notes the unset clock (a reading below the last one noted means it started again
 * from zero: a new timeline), or, on a set clock, marks unknown what waited for a correction this
 * app never saw. `onPlaced` runs whenever results became records; `onJumpSeen` when this module's
 * check saw the clock jump (the running session moves with it, as with SET_CLOCK).
 */
export function startClockWatch(onPlaced: () => void, onJumpSeen: (deltaMs: number) => void): void {
  placed = onPlaced;
  jumpSeen = onJumpSeen;
  const now = Date.now();
  if (isClockSet(now)) {
    placeAll(null, now);
    return;
  }
  timeline = noteUnsetClock(loadTimeline(), now);
  saveTimeline(timeline);
  armCheck(now);
}

function armCheck(now: number): void {
  clearTimeout(checkTimer);
  checkArmedAt = now;
  checkTimer = setTimeout(check, CHECK_EVERY_MS);
}

/** The check timer: time that moved other than by the timer's own delay was set behind the app's back. */
function check(): void {
  checkTimer = 0;
  const now = Date.now();
  const jump = now - (checkArmedAt + CHECK_EVERY_MS);
  if (isClockSet(now) || jump < -MAX_TIMER_LATE_MS || jump > MAX_TIMER_LATE_MS) {
    if (jumpSeen !== null) jumpSeen(jump);
    clockJumped(jump);
  } else if (timeline !== null) timeline.latestMs = now;
  if (!isClockSet(Date.now())) armCheck(Date.now());
}

/**
 * The clock moved by `deltaMs` just now (set by SET_CLOCK, or a jump seen by the session runner or
 * by this module's check; whoever sees it first tells the other, which then does not see it again).
 * Only a move from the unset clock matters: results recorded on it move with it, and become records
 * once it is set.
 */
export function clockJumped(deltaMs: number): void {
  const now = Date.now();
  if (timeline === null || isClockSet(now - deltaMs)) return;
  if (isClockSet(now)) {
    clearTimeout(checkTimer);
    checkTimer = 0;
    checkArmedAt = -1;
    placeAll(deltaMs, now);
    return;
  }
  // Still unset (set to another unset time): the results and the timeline move with it.
  const ids = unplacedIds();
  for (let i = 0; i < ids.length; i++) {
    const u = readUnplaced(ids[i]);
    if (u !== null && u.timeline === timeline.number)
      storeUnplaced({ timeline: u.timeline, result: shiftResult(u.result, deltaMs) });
  }
  timeline.latestMs = now;
  saveTimeline(timeline);
  armCheck(now);
}

/** Results recorded on the unset clock become records: moved by `deltaMs` when it applies, else time unknown. */
function placeAll(deltaMs: number | null, now: number): void {
  const ids = unplacedIds();
  const current = timeline === null ? -1 : timeline.number;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    // A reset after the record was written and before this file went: the record is the placed copy.
    if (hasRecord(id)) {
      forgetUnplaced(id);
      continue;
    }
    const u = readUnplaced(id);
    if (u === null) continue;
    const result = placeResult(u, current, deltaMs, now);
    console.log(
      "results: " +
        id +
        (result.timeUnknown === true ? " placed with its time unknown" : " moved by " + deltaMs + " ms"),
    );
    storeResult(result); // the record (or a set-aside copy) is on flash before the waiting file goes
    forgetUnplaced(id);
  }
  // Version 0.01 set such results aside for good ("kept, not sent"): they are sent now, time unknown.
  const stranded = setAsideUnsetResults();
  for (let i = 0; i < stranded.length; i++) {
    const id = stranded[i].id;
    if (!hasRecord(id)) storeResult(timeUnknownResult(stranded[i], now));
    if (hasRecord(id)) forgetSetAside(id);
  }
  timeline = null;
  if (ids.length + stranded.length > 0 && placed !== null) placed();
}

/** Keeps a result: as a record when its time is known, else waiting for the clock on this timeline. */
export function keepResult(result: SessionResult): void {
  const now = Date.now();
  if (isClockSet(result.startedAt)) {
    storeResult(result);
    return;
  }
  if (isClockSet(now)) {
    // Recorded on the unset clock, ended on a set one and not moved with it (a session saved by an
    // earlier run of the app, the clock set while the app was gone): its correction is lost.
    storeResult(placeResult({ timeline: -1, result: result }, 0, null, now));
    return;
  }
  timeline = noteUnsetClock(timeline, now);
  saveTimeline(timeline);
  storeUnplaced({ timeline: timeline.number, result: result });
  if (checkArmedAt < 0) armCheck(now);
}
