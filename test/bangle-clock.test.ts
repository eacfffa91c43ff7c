// Sessions recorded before the watch's clock was ever set (Bangle.js 2 after a power loss counts from
// 1970): the pure rules (common/clock-correction.ts), then the BUILT app in the fake runtime — the
// clock set later by SET_CLOCK or over the UART, the web side's central assembler receiving the
// corrected times, a power loss in between (time unknown), a clock set twice and set backwards.
import { describe, expect, it } from "vitest";
import { RESPONSE_CODE, decodeResultRecord, encodeResultRecord } from "../common/gatt-profile";
import {
  CLOCK_SET_FROM_MS,
  isClockSet,
  noteUnsetClock,
  placeResult,
  shiftResult,
  timeUnknownResult,
} from "../common/clock-correction";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { SessionResult } from "../common/result";
import { FakeBangle, loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { command, files, pullAll, storageWith } from "./support/bangle-central";
import { hold } from "./support/builders";
import { historyTitle } from "../web/src/session-title";
import { sessionLine } from "../common/history-summary";
import { ONE_HOLD_A_LEG } from "../sim/routines";

/** Longer than the app's resume window (5 minutes): a saved session is then kept, not resumed. */
const RESUME_WINDOW_PLUS = 6 * 60000;
/** 10 s left hold, 10 s right hold, nothing between: a 20 s session. */
const SHORT: Partial<Routine> = ONE_HOLD_A_LEG;
/** What the web companion's SET_CLOCK says the time is. */
const REAL = Date.UTC(2026, 10, 30, 8, 0, 0);
/** An unset Bangle.js 2 clock: 1970 plus the time since the power came back. */
const MINUTES_AFTER_POWER_UP = (m: number): number => m * 60000;

/** One short session from the watch's screen, back home after it. Returns the wall time it started at. */
function sessionOnTheWrist(bangle: FakeBangle): number {
  const startedAt = bangle.wallTime();
  bangle.touch();
  bangle.advance(21000);
  bangle.touch(); // home
  return startedAt;
}

const BOOT_CODE = fs.readFileSync(path.join(path.dirname(BANGLE_APP_FILE), "boot.js"), "utf8");

/** Runs the app's boot code (steadyhold.boot.js) as Bangle.js does at start-up, on `storage` at clock `nowMs`. */
function runBootCode(storage: Map<string, string>, nowMs: number): void {
  const Storage = {
    readJSON: (name: string) => (storage.has(name) ? JSON.parse(storage.get(name) as string) : undefined),
    writeJSON: (name: string, value: unknown) => storage.set(name, JSON.stringify(value)),
  };
  vm.runInNewContext(BOOT_CODE, { Date: { now: () => nowMs }, require: () => Storage });
}

function setClock(bangle: FakeBangle, nowMs: number): void {
  expect(command(bangle, { op: "set-clock", nowMs, utcOffsetMinutes: 60 })).toBe(RESPONSE_CODE.SUCCESS);
}

const RESULT: SessionResult = {
  id: "1a2b-x",
  startedAt: MINUTES_AFTER_POWER_UP(10),
  endedAt: MINUTES_AFTER_POWER_UP(10) + 65000,
  completed: true,
  routine: DEFAULT_ROUTINE,
  holds: [hold({ achievedMs: 30000, bounceAtMs: [1200] })],
  utcOffsetMinutes: 60,
};

describe("placing a result recorded on an unset clock (common/clock-correction.ts)", () => {
  it("calls a clock set from the profile's earliest time on", () => {
    expect(CLOCK_SET_FROM_MS).toBe(Date.UTC(2020, 0, 1));
    expect(isClockSet(Date.UTC(2019, 11, 31, 23, 59))).toBe(false);
    expect(isClockSet(MINUTES_AFTER_POWER_UP(5))).toBe(false);
    expect(isClockSet(CLOCK_SET_FROM_MS)).toBe(true);
  });

  it("starts a new timeline when the unset clock reads less than it did (it started again from zero)", () => {
    const first = noteUnsetClock(null, MINUTES_AFTER_POWER_UP(1));
    expect(first).toEqual({ number: 1, latestMs: MINUTES_AFTER_POWER_UP(1) });
    const later = noteUnsetClock(first, MINUTES_AFTER_POWER_UP(30));
    expect(later).toEqual({ number: 1, latestMs: MINUTES_AFTER_POWER_UP(30) });
    expect(noteUnsetClock(later, 20000)).toEqual({ number: 2, latestMs: 20000 });
    expect(first.latestMs).toBe(MINUTES_AFTER_POWER_UP(1)); // not changed in place
  });

  it("moves a result by the correction seen on its own timeline, holds unchanged", () => {
    const delta = REAL - MINUTES_AFTER_POWER_UP(12);
    const placed = placeResult({ timeline: 3, result: RESULT }, 3, delta, REAL, 60);
    expect(placed).toEqual({ ...RESULT, startedAt: REAL - 120000, endedAt: REAL - 55000 });
    expect(placed.timeUnknown).toBeUndefined();
    expect(shiftResult(RESULT, -5)).toMatchObject({ startedAt: RESULT.startedAt - 5, endedAt: RESULT.endedAt - 5 });
    expect(RESULT.startedAt).toBe(MINUTES_AFTER_POWER_UP(10)); // not changed in place
  });

  it("marks the time unknown for another timeline, no correction seen, or a correction that cannot be right", () => {
    const delta = REAL - MINUTES_AFTER_POWER_UP(12);
    const unknown = { ...RESULT, startedAt: REAL - 65000, endedAt: REAL, timeUnknown: true };
    expect(placeResult({ timeline: 2, result: RESULT }, 3, delta, REAL, 60)).toEqual(unknown);
    expect(placeResult({ timeline: 3, result: RESULT }, 3, null, REAL, 60)).toEqual(unknown);
    // Moved into the future (the session would end after now), or still before 2020.
    expect(placeResult({ timeline: 3, result: RESULT }, 3, delta + 3600000, REAL, 60)).toEqual(unknown);
    expect(placeResult({ timeline: 3, result: RESULT }, 3, 1000, REAL, 60)).toEqual(unknown);
    expect(timeUnknownResult(RESULT, REAL, 60)).toEqual(unknown);
  });

  it("a placed result, known or unknown, takes the set clock's zone, not the unset clock's", () => {
    const delta = REAL - MINUTES_AFTER_POWER_UP(12);
    const onUnsetZone = { ...RESULT, utcOffsetMinutes: 0 };
    expect(placeResult({ timeline: 3, result: onUnsetZone }, 3, delta, REAL, -300).utcOffsetMinutes).toBe(-300);
    expect(placeResult({ timeline: 2, result: onUnsetZone }, 3, delta, REAL, 330).utcOffsetMinutes).toBe(330);
    expect(timeUnknownResult(onUnsetZone, REAL, 120).utcOffsetMinutes).toBe(120);
    expect(onUnsetZone.utcOffsetMinutes).toBe(0); // not changed in place
  });

  it("a placed result, known or unknown, encodes as a record the central decodes", () => {
    for (const placed of [
      placeResult({ timeline: 1, result: RESULT }, 1, REAL - MINUTES_AFTER_POWER_UP(12), REAL, 60),
      timeUnknownResult(RESULT, REAL, 60),
    ]) {
      const bytes = encodeResultRecord(placed);
      expect(bytes.ok).toBe(true);
      if (bytes.ok) expect(decodeResultRecord(bytes.value)).toEqual({ ok: true, value: placed });
    }
  });
});

describe("the web app's history", () => {
  it('shows a session whose time the watch could not tell as "Time unknown (before …)"', () => {
    const known = placeResult({ timeline: 1, result: RESULT }, 1, REAL - MINUTES_AFTER_POWER_UP(12), REAL, 60);
    const unknown = timeUnknownResult(RESULT, REAL, 60);
    expect(historyTitle(known, sessionLine(known), REAL)).toBe("Mon 30 Nov 08:58 · Left");
    expect(historyTitle(unknown, sessionLine(unknown), REAL)).toBe("Time unknown (before Mon 30 Nov 09:00) · Left");
  });
});

describe("the Bangle app with a clock that was never set", () => {
  it("keeps the session until the web app sets the clock, then sends it with the corrected times", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, {
      storage: storageWith(SHORT),
      clockStart: MINUTES_AFTER_POWER_UP(10),
    });
    const startedAt = sessionOnTheWrist(bangle);
    expect(files(bangle, "steadyhold.u")).toHaveLength(1);
    expect(files(bangle, "steadyhold.r")).toEqual([]);
    expect(bangle.screenText()).toContain("1 result to sync");
    expect(bangle.screenText()).toContain("1 waits for the time");
    bangle.gatt.connect();
    expect(pullAll(bangle)).toEqual([]); // nothing the profile could carry yet
    bangle.advance(60000); // the web app connects a minute later
    const before = bangle.wallTime();
    setClock(bangle, REAL);
    expect(files(bangle, "steadyhold.u")).toEqual([]);
    expect(files(bangle, "steadyhold.r")).toHaveLength(1); // stored corrected before it is offered
    const [result] = pullAll(bangle);
    expect(result.timeUnknown).toBeUndefined();
    expect(Math.abs(result.startedAt - (REAL - (before - startedAt)))).toBeLessThan(5);
    expect(Math.abs(result.endedAt - result.startedAt - 20000)).toBeLessThan(100);
    expect(result.holds.map((h) => h.achievedMs)).toEqual([10000, 10000]);
    expect(files(bangle, "steadyhold.r")).toEqual([]);
    expect(bangle.screenText()).toContain("All synced");
    expect(bangle.errors).toEqual([]);
  });

  it("places it when the app was left and opened again before the clock was set (the same power-up)", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, {
      storage: storageWith(SHORT),
      clockStart: MINUTES_AFTER_POWER_UP(10),
    });
    const startedAt = sessionOnTheWrist(bangle);
    bangle.reload(); // the button on the done screen, the clock face, the app again later
    bangle.advance(3600000);
    const before = bangle.wallTime();
    setClock(bangle, REAL);
    const [result] = pullAll(bangle);
    expect(result.timeUnknown).toBeUndefined();
    expect(Math.abs(result.startedAt - (REAL - (before - startedAt)))).toBeLessThan(5);
    expect(bangle.errors).toEqual([]);
  });

  it("places it when the clock is set over the UART while the app is open (Gadgetbridge)", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, {
      storage: storageWith(SHORT),
      clockStart: MINUTES_AFTER_POWER_UP(10),
    });
    const startedAt = sessionOnTheWrist(bangle);
    bangle.advance(4321);
    const before = bangle.wallTime();
    bangle.setWallTime(REAL); // the app is not told
    bangle.advance(10000); // its check sees the jump within 10 s
    expect(files(bangle, "steadyhold.u")).toEqual([]);
    const [result] = pullAll(bangle);
    expect(result.timeUnknown).toBeUndefined();
    expect(Math.abs(result.startedAt - (REAL - (before - startedAt)))).toBeLessThan(50);
    expect(bangle.screenText()).toContain("All synced");
    expect(bangle.errors).toEqual([]);
  });

  it("a session running when the clock is set over the UART moves with it, and one kept before it is placed", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, {
      storage: storageWith(SHORT),
      clockStart: MINUTES_AFTER_POWER_UP(10),
    });
    const firstStart = sessionOnTheWrist(bangle);
    const secondStart = bangle.wallTime();
    bangle.touch();
    bangle.advance(5000);
    const before = bangle.wallTime();
    bangle.setWallTime(REAL);
    bangle.advance(16000);
    const results = pullAll(bangle);
    expect(results.map((r) => r.timeUnknown)).toEqual([undefined, undefined]);
    const byStart = results.sort((a, b) => a.startedAt - b.startedAt);
    expect(Math.abs(byStart[0].startedAt - (REAL - (before - firstStart)))).toBeLessThan(1500);
    expect(Math.abs(byStart[1].startedAt - (REAL - (before - secondStart)))).toBeLessThan(1500);
    expect(byStart[1].holds.map((h) => h.achievedMs)).toEqual([10000, 10000]);
    expect(bangle.errors).toEqual([]);
  });

  it("a power loss before the clock is set: that session is sent with its time unknown, a later one corrected, unknown last", () => {
    const storage = storageWith(SHORT);
    const before = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(120) });
    sessionOnTheWrist(before);
    // The battery runs flat; charged again, the clock counts from 1970 anew (30 s after power-up).
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: 30000 });
    expect(bangle.screenText()).toContain("1 result to sync");
    bangle.advance(MINUTES_AFTER_POWER_UP(200)); // longer than the first power-up had run: no matter
    const secondStart = sessionOnTheWrist(bangle);
    const beforeSet = bangle.wallTime();
    setClock(bangle, REAL);
    const [known, unknown] = pullAll(bangle);
    expect(known.timeUnknown).toBeUndefined();
    expect(Math.abs(known.startedAt - (REAL - (beforeSet - secondStart)))).toBeLessThan(5);
    expect(unknown.timeUnknown).toBe(true);
    expect(Math.abs(unknown.endedAt - REAL)).toBeLessThan(5); // "before this"; its duration is exact
    expect(Math.abs(unknown.endedAt - unknown.startedAt - 20000)).toBeLessThan(100);
    expect(bangle.errors).toEqual([]);
  });

  it("a power loss, then hours before the app is opened: the boot code saw the loss at start-up, so the time is unknown", () => {
    const storage = storageWith(SHORT);
    const before = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    sessionOnTheWrist(before);
    const noted = storage.get("steadyhold.clock.json");
    runBootCode(storage, MINUTES_AFTER_POWER_UP(20)); // an app switch on the same clock: nothing changes
    expect(storage.get("steadyhold.clock.json")).toBe(noted);
    runBootCode(storage, 4000); // the power came back 4 s ago: the clock face starts, and this code
    expect(JSON.parse(storage.get("steadyhold.clock.json") as string)).toEqual({ number: 2, latestMs: 4000 });
    // Opened 3 hours later: the clock now reads more than the first power-up ever did.
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(180) });
    setClock(bangle, REAL);
    const [result] = pullAll(bangle);
    expect(result.timeUnknown).toBe(true);
    runBootCode(storage, REAL); // a set clock: the boot code does nothing
    expect(JSON.parse(storage.get("steadyhold.clock.json") as string).number).toBe(2);
    expect(bangle.errors).toEqual([]);
  });

  it("the boot code writes nothing when no result ever waited for the clock", () => {
    const storage = new Map<string, string>();
    runBootCode(storage, 4000);
    expect(storage.size).toBe(0);
  });

  it("the clock set while the app was not running: the time is unknown, not guessed", () => {
    const storage = storageWith(SHORT);
    const before = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    sessionOnTheWrist(before);
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: REAL }); // set by Gadgetbridge meanwhile
    expect(files(bangle, "steadyhold.u")).toEqual([]);
    const [result] = pullAll(bangle);
    expect(result.timeUnknown).toBe(true);
    expect(Math.abs(result.endedAt - REAL)).toBeLessThan(5);
    expect(bangle.errors).toEqual([]);
  });

  it("a clock set twice: the first setting places the session, the second moves nothing already placed", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, {
      storage: storageWith(SHORT),
      clockStart: MINUTES_AFTER_POWER_UP(10),
    });
    const startedAt = sessionOnTheWrist(bangle);
    const before = bangle.wallTime();
    setClock(bangle, REAL);
    bangle.advance(1000);
    setClock(bangle, REAL + 3600000);
    const results = pullAll(bangle);
    expect(results).toHaveLength(1);
    expect(Math.abs(results[0].startedAt - (REAL - (before - startedAt)))).toBeLessThan(5);
    expect(bangle.errors).toEqual([]);
  });

  it("an unset clock set twice, back to another unset time and then to the real time: the session follows both", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, {
      storage: storageWith(SHORT),
      clockStart: MINUTES_AFTER_POWER_UP(10),
    });
    const startedAt = sessionOnTheWrist(bangle);
    bangle.advance(2000);
    const wallBeforeBack = bangle.wallTime();
    bangle.setWallTime(MINUTES_AFTER_POWER_UP(1)); // back 9 minutes, still 1970
    bangle.advance(10000);
    expect(files(bangle, "steadyhold.u")).toHaveLength(1);
    bangle.reload(); // a launch after the move is the same timeline, not a power loss
    bangle.advance(5000);
    const before = bangle.wallTime();
    setClock(bangle, REAL);
    const [result] = pullAll(bangle);
    expect(result.timeUnknown).toBeUndefined();
    // Where it started, counted back from the real time: 20 s + the 2 s + 10 s + 5 s the app waited.
    const sinceStart = wallBeforeBack - startedAt + (before - MINUTES_AFTER_POWER_UP(1));
    expect(Math.abs(result.startedAt - (REAL - sinceStart))).toBeLessThan(50);
    expect(bangle.errors).toEqual([]);
  });

  it("results version 0.01 set aside for an unset clock are sent with their time unknown; a damaged record stays aside", () => {
    const storage = storageWith(SHORT);
    const stranded: SessionResult = {
      ...RESULT,
      id: "k1-old0",
      startedAt: Date.UTC(2000, 0, 1),
      endedAt: Date.UTC(2000, 0, 1) + 65000,
    };
    storage.set("steadyhold.xk1-old0", JSON.stringify(stranded));
    storage.set("steadyhold.xk2-bad0", "\x01\x07garbage");
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: REAL });
    const [result] = pullAll(bangle);
    // In the watch's zone now (0 here), as every result placed once the clock is set.
    expect(result).toEqual({
      ...stranded,
      startedAt: REAL - 65000,
      endedAt: REAL,
      timeUnknown: true,
      utcOffsetMinutes: 0,
    });
    expect(files(bangle, "steadyhold.x")).toEqual(["steadyhold.xk2-bad0"]);
    expect(bangle.screenText()).toContain("1 kept, not sent");
    expect(bangle.errors).toEqual([]);
  });

  it("a reset between writing the placed record and erasing the waiting file sends the session once", () => {
    const storage = storageWith(SHORT);
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    sessionOnTheWrist(bangle);
    const [waiting] = files(bangle, "steadyhold.u");
    const copy = storage.get(waiting) as string;
    setClock(bangle, REAL);
    storage.set(waiting, copy); // as if the power went just before the erase
    const relaunched = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: REAL + 60000 });
    expect(files(relaunched, "steadyhold.u")).toEqual([]);
    const results = pullAll(relaunched);
    expect(results).toHaveLength(1);
    expect(results[0].timeUnknown).toBeUndefined();
    expect(relaunched.errors).toEqual([]);
  });
});

describe("the Bangle app: a session saved on an unset clock and cut off by a power loss", () => {
  it("closed at a later launch, it is sent with its time unknown, not moved by the new timeline's correction", () => {
    const storage = storageWith(SHORT);
    const first = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    first.touch(); // start
    first.advance(5000); // mid-hold; the session file is on flash
    expect(JSON.parse(storage.get("steadyhold.session.json") as string).timeline).toBe(1);
    // The battery runs flat mid-session (no kill event). Power back: boot code at 4 s, app opened 2 h later.
    runBootCode(storage, 4000);
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(120) });
    expect(storage.has("steadyhold.session.json")).toBe(false);
    expect(bangle.screenText()).toContain("1 waits for the time");
    bangle.advance(60000);
    setClock(bangle, REAL);
    const [result] = pullAll(bangle);
    // It happened before the power loss, at a time nothing on the watch can tell: not "110 min ago".
    expect(result.timeUnknown).toBe(true);
    expect(result.completed).toBe(false);
    expect(Math.abs(result.endedAt - REAL)).toBeLessThan(5);
    expect(bangle.errors).toEqual([]);
  });

  it("opened again within 5 minutes by the new clock, it is not resumed: kept with its time unknown", () => {
    const storage = storageWith(SHORT);
    const first = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: 30000 });
    first.touch();
    first.advance(5000);
    runBootCode(storage, 4000); // the power went and came back: a new timeline
    // 2 min after power-up: 85 s after the session was saved, as the clock reads now.
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(2) });
    expect(bangle.screenText()).toContain("Tap to start"); // home, not a paused session
    expect(bangle.screenText()).not.toContain("Paused");
    setClock(bangle, REAL);
    const [result] = pullAll(bangle);
    expect(result.timeUnknown).toBe(true);
    expect(result.completed).toBe(false);
    expect(bangle.errors).toEqual([]);
  });

  it("left and opened again on the same unset clock within 5 minutes, it is resumed and placed by the correction", () => {
    const storage = storageWith(SHORT);
    const first = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    const startedAt = first.wallTime();
    first.touch();
    first.advance(5000);
    first.reload(); // the app left mid-hold (the kill event saves it) and opened again at once
    runBootCode(storage, first.wallTime()); // an app switch: the same timeline
    expect(first.screenText().join(" ")).toContain("Paused");
    first.touch(); // go on
    first.advance(30000);
    first.touch(); // home
    const before = first.wallTime();
    setClock(first, REAL);
    const [result] = pullAll(first);
    expect(result.timeUnknown).toBeUndefined();
    expect(Math.abs(result.startedAt - (REAL - (before - startedAt)))).toBeLessThan(5);
    expect(first.errors).toEqual([]);
  });

  it("a reset between keeping the result and erasing the session file does not bring the finished session back", () => {
    const storage = storageWith(SHORT);
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    bangle.touch();
    bangle.advance(15000); // right hold under way, saved at its start
    const sessionFile = storage.get("steadyhold.session.json") as string;
    bangle.advance(6000); // done: the result waits for the clock (completed)
    expect(files(bangle, "steadyhold.u")).toHaveLength(1);
    storage.set("steadyhold.session.json", sessionFile); // the power went just before the erase
    bangle.crashAndRelaunch();
    expect(bangle.screenText().join(" ")).not.toContain("Paused");
    expect(storage.has("steadyhold.session.json")).toBe(false);
    bangle.press(); // would end a resumed session
    bangle.advance(1000);
    bangle.crashAndRelaunch();
    setClock(bangle, REAL);
    const results = pullAll(bangle);
    expect(results).toHaveLength(1);
    expect(results[0].completed).toBe(true);
    expect(results[0].timeUnknown).toBeUndefined();
    expect(bangle.errors).toEqual([]);
  });
});

describe("the Bangle app: the zone of a corrected result", () => {
  it("a session kept on the unset clock takes the zone SET_CLOCK gives", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, {
      storage: storageWith(SHORT),
      clockStart: MINUTES_AFTER_POWER_UP(10),
    });
    sessionOnTheWrist(bangle);
    setClock(bangle, REAL); // utcOffsetMinutes: 60
    const [result] = pullAll(bangle);
    expect(result.utcOffsetMinutes).toBe(60);
  });

  it("a session running when SET_CLOCK comes takes its zone too", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, {
      storage: storageWith(SHORT),
      clockStart: MINUTES_AFTER_POWER_UP(10),
    });
    bangle.touch();
    bangle.advance(5000);
    setClock(bangle, REAL);
    bangle.advance(16000);
    const [result] = pullAll(bangle);
    expect(result.timeUnknown).toBeUndefined();
    expect(result.utcOffsetMinutes).toBe(60);
  });
});

/** Storage whose writes throw once `full` is set, as the firmware's do when the flash is full. */
class FlashThatFills extends Map<string, string> {
  full = false;
  override set(name: string, text: string): this {
    if (this.full) throw new Error("Unable to find or create file");
    return super.set(name, text);
  }
}

describe("the Bangle app on a full flash (Storage.write throws)", () => {
  it("a session on the unset clock still runs to its end; the session file stays and is kept at a later launch", () => {
    const storage = new FlashThatFills(storageWith(SHORT));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    bangle.touch();
    bangle.advance(5000);
    storage.full = true;
    bangle.advance(16000); // the right hold's save and the result's write both fail
    expect(bangle.screenText()).toContain("Well done"); // the ticks went on
    expect(files(bangle, "steadyhold.u")).toEqual([]);
    expect(storage.has("steadyhold.session.json")).toBe(true); // not erased: nothing else holds it
    bangle.touch(); // home
    storage.full = false;
    bangle.advance(RESUME_WINDOW_PLUS);
    bangle.crashAndRelaunch();
    expect(files(bangle, "steadyhold.u")).toHaveLength(1); // kept as the partial it was when last saved
    setClock(bangle, REAL);
    const [result] = pullAll(bangle);
    expect(result.timeUnknown).toBeUndefined();
    expect(result.completed).toBe(false); // as last saved: the left hold had just begun
    expect(bangle.errors).toEqual([]);
  });

  it("the clock set while the flash is full: the waiting file stays until a record is written", () => {
    const storage = new FlashThatFills(storageWith(SHORT));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    sessionOnTheWrist(bangle);
    storage.full = true;
    setClock(bangle, REAL);
    expect(files(bangle, "steadyhold.u")).toHaveLength(1);
    expect(files(bangle, "steadyhold.r")).toEqual([]);
    expect(bangle.errors).toEqual([]);
    storage.full = false;
    const relaunched = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: REAL + 60000 });
    expect(files(relaunched, "steadyhold.u")).toEqual([]);
    const [result] = pullAll(relaunched);
    expect(result.timeUnknown).toBe(true); // its correction was not kept
    expect(relaunched.errors).toEqual([]);
  });

  // A session is not started on a flash already full (no room kept for its result: test/bangle-full-flash-leave.test.ts).
  it("a session on a set clock whose flash fills as it starts runs to its end", () => {
    const storage = new FlashThatFills(storageWith(SHORT));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: REAL });
    bangle.touch();
    storage.full = true;
    bangle.advance(21000);
    expect(bangle.screenText()).toContain("Well done");
    expect(bangle.errors).toEqual([]);
  });
});

/** Storage that refuses (throws on) writes of files whose name starts with `refused`, while it is set. */
class FlashThatRefuses extends Map<string, string> {
  /** Names starting with this (a string), or matching it, are refused. */
  refused: string | RegExp | null = null;
  override set(name: string, text: string): this {
    const refused = this.refused;
    // Unset while Map's constructor fills it (before the field is initialised).
    if (refused && (typeof refused === "string" ? name.startsWith(refused) : refused.test(name)))
      throw new Error("Unable to find or create file");
    return super.set(name, text);
  }
}

describe("the Bangle app: a result the full flash kept aside", () => {
  it("is counted as kept, not sent, and gets its record at the next launch once there is room", () => {
    const storage = new FlashThatRefuses(storageWith(SHORT));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: REAL });
    storage.refused = "steadyhold.r"; // the record (2 KB at most) does not fit; the JSON copy does
    const startedAt = sessionOnTheWrist(bangle);
    expect(files(bangle, "steadyhold.x")).toHaveLength(1);
    expect(bangle.screenText()).toContain("1 kept, not sent");
    storage.refused = null;
    bangle.reload();
    expect(files(bangle, "steadyhold.x")).toEqual([]);
    const [result] = pullAll(bangle);
    expect(result.startedAt).toBe(startedAt);
    expect(result.completed).toBe(true);
    expect(result.timeUnknown).toBeUndefined();
    expect(bangle.screenText()).toContain("All synced");
    expect(bangle.errors).toEqual([]);
  });
});

describe("the Bangle app's home screen", () => {
  it("shows what waits for the time and what is kept aside together; 0.01's results wait, not kept aside", () => {
    const storage = storageWith(SHORT);
    const stranded: SessionResult = {
      ...RESULT,
      id: "k1-old0",
      startedAt: Date.UTC(2000, 0, 1),
      endedAt: Date.UTC(2000, 0, 1) + 65000,
    };
    storage.set("steadyhold.xk1-old0", JSON.stringify(stranded));
    storage.set("steadyhold.xk2-bad0", "\x01\x07garbage");
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    sessionOnTheWrist(bangle);
    expect(bangle.screenText()).toContain("2 results to sync");
    expect(bangle.screenText()).toContain("2 wait for the time");
    expect(bangle.screenText()).toContain("1 kept, not sent");
    expect(bangle.errors).toEqual([]);
  });
});

describe("the Bangle app: a result the full flash refused outright (record, JSON copy and session file)", () => {
  /** One session whose result, its JSON copy and the session's last save are all refused; on the done screen after it. */
  function sessionRefusedAtItsEnd(storage: FlashThatRefuses, bangle: FakeBangle): void {
    bangle.touch();
    bangle.advance(5000);
    storage.refused = "steadyhold."; // the flash is full
    bangle.advance(16000);
    expect(bangle.screenText()).toContain("Well done");
  }

  it("is kept when room comes back before the next session starts, not overwritten by it", () => {
    const storage = new FlashThatRefuses(storageWith(SHORT));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: REAL });
    const firstStartedAt = bangle.wallTime();
    sessionRefusedAtItsEnd(storage, bangle);
    bangle.touch(); // home
    storage.refused = null; // room again (e.g. the phone acknowledged older results)
    bangle.advance(1000);
    const secondStartedAt = sessionOnTheWrist(bangle);
    bangle.advance(RESUME_WINDOW_PLUS);
    bangle.crashAndRelaunch();
    const results = pullAll(bangle);
    expect(results.map((r) => r.startedAt)).toEqual([firstStartedAt, secondStartedAt]);
    expect(results[0].completed).toBe(true); // the finished result, not the session file's last save
    expect(bangle.errors).toEqual([]);
  });

  it("is tried again at home; while the flash stays full no new session starts over it", () => {
    const storage = new FlashThatRefuses(storageWith(SHORT));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: REAL });
    const firstStartedAt = bangle.wallTime();
    sessionRefusedAtItsEnd(storage, bangle);
    bangle.touch(); // home: still full
    bangle.advance(1000);
    bangle.touch(); // start: refused, with the reason on screen
    expect(bangle.screenText().join(" ")).toContain("Flash full");
    bangle.advance(21000);
    expect(bangle.screenText().join(" ")).not.toContain("Well done");
    expect(command(bangle, { op: "start" })).toBe(RESPONSE_CODE.NOT_ALLOWED); // nor from the phone
    storage.refused = null;
    bangle.touch(); // start again: the waiting result is kept first, then the session runs
    expect(files(bangle, "steadyhold.r")).toHaveLength(1);
    bangle.advance(21000);
    expect(bangle.screenText()).toContain("Well done");
    bangle.touch(); // home
    const results = pullAll(bangle);
    expect(results).toHaveLength(2);
    expect(results[0].startedAt).toBe(firstStartedAt);
    expect(bangle.errors).toEqual([]);
  });

  it("moves with an unset clock set while it waits in memory", () => {
    const storage = new FlashThatRefuses(storageWith(SHORT));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    const startedAt = bangle.wallTime();
    sessionRefusedAtItsEnd(storage, bangle);
    bangle.touch(); // home: still full
    bangle.advance(2000);
    const before = bangle.wallTime();
    storage.refused = null;
    setClock(bangle, REAL); // places it: kept now, at its corrected time
    bangle.touch(); // a new session may start
    expect(bangle.screenText().join(" ")).not.toContain("Flash full");
    const [result] = pullAll(bangle).filter((r) => r.completed);
    expect(result.startedAt).toBe(REAL - (before - startedAt));
    expect(result.timeUnknown).toBeUndefined();
    expect(bangle.errors).toEqual([]);
  });
});

describe("the Bangle app: an unset clock moved while a waiting result cannot be rewritten", () => {
  it("that result is sent with its time unknown, never at a wrong time given as known; the others follow the clock", () => {
    const storage = new FlashThatRefuses(storageWith(SHORT));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    sessionOnTheWrist(bangle);
    bangle.advance(2000);
    // The waiting result cannot be rewritten: neither its file nor the copy a rewrite goes through
    // (with the copy alone written, the copy keeps the move: bangle-unplaced-copy.test.ts).
    storage.refused = /^steadyhold\.[uw]/;
    bangle.setWallTime(MINUTES_AFTER_POWER_UP(60)); // forward 50 minutes, still 1970
    bangle.advance(10000); // the clock's check sees it
    storage.refused = null;
    const secondStartedAt = sessionOnTheWrist(bangle); // recorded after the move: the correction applies
    const before = bangle.wallTime();
    setClock(bangle, REAL);
    const results = pullAll(bangle);
    expect(results).toHaveLength(2);
    expect(results[0].timeUnknown).toBeUndefined();
    expect(results[0].startedAt).toBe(REAL - (before - secondStartedAt));
    expect(results[1].timeUnknown).toBe(true);
    expect(bangle.errors).toEqual([]);
  });

  it("stays time unknown after the app is opened again on the same unset clock", () => {
    const storage = new FlashThatRefuses(storageWith(SHORT));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(10) });
    sessionOnTheWrist(bangle);
    bangle.advance(2000);
    storage.refused = /^steadyhold\.[uw]/;
    bangle.setWallTime(MINUTES_AFTER_POWER_UP(60));
    bangle.advance(10000);
    storage.refused = null;
    bangle.reload();
    setClock(bangle, REAL);
    const [result] = pullAll(bangle);
    expect(result.timeUnknown).toBe(true);
    expect(bangle.errors).toEqual([]);
  });
});
