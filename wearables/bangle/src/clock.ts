// The watch's clock as far as results are concerned: a session recorded before the clock was ever
// set (a fresh watch, or after a power loss: Espruino then counts from 1970) is kept on flash with
// its clock's timeline, and placed in time by the correction the app sees when the clock is set —
// SET_CLOCK from the web companion, or setTime over the UART (Gadgetbridge, the App Loader), seen
// as a jump by this module's check timer while the clock is unset. What cannot be placed (the power
// went in between, or the clock was set while the app was not running) is sent with its time
// marked unknown. A session saved by an earlier run of the app carries the timeline it was saved
// on: it is resumed, or its result placed, only on that timeline (the power may have gone since).
// Rules and their limits: common/clock-correction.ts, docs/bangle.md.
import { SessionResult } from "../../../common/result";
import { MAX_TIMER_LATE_MS } from "../../../common/session";
import {
  ClockTimeline,
  UnplacedResult,
  isClockSet,
  noteUnsetClock,
  placeResult,
  shiftResult,
  timeUnknownResult,
} from "../../../common/clock-correction";
import {
  forgetSetAside,
  forgetUnplaced,
  hasWholeRecord,
  highestKeptTimeline,
  loadTimeline,
  readUnplaced,
  rewriteUnplaced,
  saveTimeline,
  setAsideResults,
  storeResult,
  storeUnplaced,
  unplacedIds,
  writeRecord,
} from "./store";
import { wholeNow } from "./time";

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
  const now = wholeNow();
  if (isClockSet(now)) {
    placeAll(null, now);
    return;
  }
  timeline = noteUnsetClock(knownTimeline(), now);
  saveTimeline(timeline);
  armCheck(now);
}

/**
 * The unset clock's latest timeline as noted in its file — never numbered below a timeline that
 * something kept was recorded on. With the file gone (a full flash: the firmware erases it before
 * refusing the new version, in the app or the boot code) or behind, whether the power went since
 * cannot be told: the clock goes on as a new timeline above them all, so what waits on an earlier
 * one is sent with its time unknown (never moved by another power-up's correction), and a session
 * saved on one is kept as partial, not resumed. (Rather than writing the file through a copy: a
 * full flash refuses the copy too, and the waiting files carry the numbers anyway.)
 */
function knownTimeline(): ClockTimeline | null {
  const noted = loadTimeline();
  const highest = highestKeptTimeline();
  if (highest === 0 || (noted !== null && noted.number >= highest)) return noted;
  console.log("clock: timeline file " + (noted === null ? "missing" : "behind") + "; a new timeline after " + highest);
  // A latest reading no clock reaches: noteUnsetClock starts the next timeline.
  return { number: highest, latestMs: Infinity };
}

function armCheck(now: number): void {
  clearTimeout(checkTimer);
  checkArmedAt = now;
  checkTimer = setTimeout(check, CHECK_EVERY_MS);
}

/** The check timer: time that moved other than by the timer's own delay was set behind the app's back. */
function check(): void {
  checkTimer = 0;
  const now = wholeNow();
  const jump = now - (checkArmedAt + CHECK_EVERY_MS);
  if (isClockSet(now) || jump < -MAX_TIMER_LATE_MS || jump > MAX_TIMER_LATE_MS) {
    if (jumpSeen !== null) jumpSeen(jump);
    clockJumped(jump);
  } else if (timeline !== null) timeline.latestMs = now;
  if (!isClockSet(wholeNow())) armCheck(wholeNow());
}

/**
 * The clock moved by `deltaMs` just now (set by SET_CLOCK, or a jump seen by the session runner or
 * by this module's check; whoever sees it first tells the other, which then does not see it again).
 * Only a move from the unset clock matters: results recorded on it move with it, and become records
 * once it is set.
 */
export function clockJumped(deltaMs: number): void {
  const now = wholeNow();
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
  const moved: UnplacedResult[] = [];
  let unmoved = 0;
  for (let i = 0; i < ids.length; i++) {
    const u = readUnplaced(ids[i]);
    if (u === null || u.timeline !== timeline.number) continue;
    const next: UnplacedResult = { timeline: u.timeline, result: shiftResult(u.result, deltaMs) };
    if (rewriteUnplaced(next)) moved.push(next);
    else unmoved++;
  }
  if (unmoved > 0) {
    // A result left unmoved (its rewrite failed: flash full) keeps its old times, and a later
    // correction would place it wrongly: the clock goes on as a new timeline, which the moved results
    // join, so the unmoved one is sent with its time unknown (its old timeline's correction is lost).
    // A moved one whose second rewrite fails stays on the old timeline: time unknown too, never wrong.
    timeline = { number: timeline.number + 1, latestMs: now };
    console.log("results: " + unmoved + " not moved with the clock (flash full?): time unknown");
    for (let i = 0; i < moved.length; i++) rewriteUnplaced({ timeline: timeline.number, result: moved[i].result });
  }
  timeline.latestMs = now;
  saveTimeline(timeline);
  armCheck(now);
}

/** Results recorded on the unset clock become records: moved by `deltaMs` when it applies, else time unknown. */
function placeAll(deltaMs: number | null, now: number): void {
  const ids = unplacedIds();
  const current = timeline === null ? -1 : timeline.number;
  // The zone the clock was set with (SET_CLOCK sets both), not the unset clock's (often 0).
  const zone = zoneNow(now);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    // A reset after the record was written and before this file went: the record is the placed copy
    // (when it decodes: one torn by that reset is written again from this file).
    if (hasWholeRecord(id)) {
      forgetUnplaced(id);
      continue;
    }
    const u = readUnplaced(id);
    if (u === null) continue;
    const result = placeResult(u, current, deltaMs, now, zone);
    // The record (or a set-aside copy) is on flash before the waiting file goes; if neither could be
    // written (flash full) it keeps waiting, and is placed with its time unknown at a later launch.
    const kept = storeResult(result);
    if (kept) forgetUnplaced(id);
    console.log(
      "results: " +
        id +
        (!kept
          ? " not placed: still waiting"
          : result.timeUnknown === true
            ? " placed with its time unknown"
            : " moved by " + deltaMs + " ms"),
    );
  }
  // Results set aside as JSON get their record now if they can: version 0.01's for an unset clock
  // (it set them aside for good; sent time unknown), and those the full flash kept aside.
  const stranded = setAsideResults(false);
  for (let i = 0; i < stranded.length; i++) {
    const r = stranded[i];
    if (hasWholeRecord(r.id) || writeRecord(isClockSet(r.startedAt) ? r : timeUnknownResult(r, now, zone)))
      forgetSetAside(r.id);
  }
  timeline = null;
  if (ids.length + stranded.length > 0 && placed !== null) placed();
}

/** Minutes east of UTC in the watch's zone now. */
function zoneNow(now: number): number {
  return -new Date(now).getTimezoneOffset();
}

/** The unset clock's timeline now (noted if it was not yet), or -1 when the clock is set. */
export function unsetTimeline(now: number): number {
  if (isClockSet(now)) return -1;
  if (timeline === null) {
    timeline = noteUnsetClock(knownTimeline(), now);
    saveTimeline(timeline);
  }
  return timeline.number;
}

/**
 * The timeline a session saved with `savedTimeline` (absent: saved on a set clock) at `savedAt` was
 * recorded on: its number, -1 when that cannot be told (saved on an unset clock by version 0.02), or
 * null when its times are a set clock's.
 */
export function savedTimeline(savedTimeline: number | undefined, savedAt: number): number | null {
  if (savedTimeline !== undefined) return savedTimeline;
  return isClockSet(savedAt) ? null : -1;
}

/** True when a session saved on `recordedOn` (savedTimeline) runs on the clock the app sees now, so it may be resumed. */
export function isThisClockRun(recordedOn: number | null): boolean {
  const now = wholeNow();
  return recordedOn === null ? isClockSet(now) : recordedOn >= 0 && recordedOn === unsetTimeline(now);
}

/**
 * Keeps a result: as a record when its time is known, else waiting for the clock on the timeline it
 * was recorded on — `recordedOn`, or this run's when null (a session of this run). False when it
 * could not be written at all (the flash is full).
 */
export function keepResult(result: SessionResult, recordedOn: number | null): boolean {
  const now = wholeNow();
  if (isClockSet(result.startedAt)) return storeResult(result);
  if (isClockSet(now)) {
    // Recorded on the unset clock, ended on a set one and not moved with it (a session saved by an
    // earlier run of the app, the clock set while the app was gone): its correction is lost.
    return storeResult(timeUnknownResult(result, now, zoneNow(now)));
  }
  timeline = noteUnsetClock(timeline, now);
  saveTimeline(timeline);
  if (checkArmedAt < 0) armCheck(now);
  // A session saved on another timeline (the power went since) is never moved by this one's correction.
  return storeUnplaced({ timeline: recordedOn === null ? timeline.number : recordedOn, result: result });
}
