// The BUILT Bangle.js 2 app's GATT profile, driven from Node as a central would (sim/bangle's fake
// NRF): routine writes, result pulls with the shared central assembler, acknowledgements, session
// control, live notifications, and malformed writes rejected whole.
import { describe, expect, it } from "vitest";
import {
  CHARACTERISTIC_UUIDS,
  OPCODE,
  RESPONSE_CODE,
  SERVICE_UUID,
  checkProfileVersion,
  decodeLiveState,
  decodeRoutineValue,
  encodeResultsCursor,
  encodeRoutineValue,
} from "../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { holdOrder, tracesByHold } from "../sim/bangle/motion";
import { FakeBangle, GattError, loadBangleApp } from "../sim/bangle/runtime";
import { loadScenario } from "../sim/scenario";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import path from "node:path";
import { command, files, pullAll, response, storageWith } from "./support/bangle-central";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const UUID = CHARACTERISTIC_UUIDS;
/** A result acknowledged twice (a resend) is already gone: UNKNOWN_RESULT is an answer too. */
const ACK_CODES = [RESPONSE_CODE.SUCCESS, RESPONSE_CODE.UNKNOWN_RESULT];
const SHORT: Partial<Routine> = ONE_HOLD_A_LEG;
const TRACES = loadScenario(path.resolve(__dirname, "..", "scenarios", "default.json")).traces;

function routineOf(bangle: FakeBangle): Routine {
  const decoded = decodeRoutineValue(bangle.gatt.read(UUID.routine));
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.value;
}

describe("the Bangle app's GATT profile", () => {
  it("publishes the service with its five characteristics, advertises it, and keeps the UART for the App Loader", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE);
    expect(bangle.gatt.advertised()).toEqual([SERVICE_UUID]);
    expect(bangle.gatt.characteristics().sort()).toEqual(Object.values(UUID).sort());
    expect(checkProfileVersion(bangle.gatt.read(UUID.version)).ok).toBe(true);
    expect(routineOf(bangle)).toEqual(DEFAULT_ROUTINE);
    expect(decodeLiveState(bangle.gatt.read(UUID.live))).toMatchObject({ ok: true, value: { phase: "idle" } });
  });

  it("takes a routine written by the central, stores it, and plays it in the next session", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE);
    const routine: Routine = {
      ...DEFAULT_ROUTINE,
      repsPerLeg: 2,
      holdSeconds: 45,
      firstLeg: "right",
      sensitivity: "high",
    };
    bangle.gatt.write(UUID.routine, encodeRoutineValue(routine));
    expect(response(bangle)).toMatchObject({ opcode: OPCODE.ROUTINE_WRITE, code: RESPONSE_CODE.SUCCESS });
    expect(routineOf(bangle)).toEqual(routine);
    expect(JSON.parse(bangle.storage.get("steadyhold.json") as string)).toEqual(routine);
    expect(bangle.screenText().join(" ")).toContain("2 x 45 s");
    bangle.reload();
    expect(routineOf(bangle)).toEqual(routine);
    bangle.touch();
    expect(bangle.screenText()[1]).toBe("Right - 1/2");
    expect(bangle.errors).toEqual([]);
  });

  it("rejects malformed writes whole, logs them, answers on the control point, and evaluates nothing", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE);
    const before = bangle.gatt.read(UUID.routine);
    const bad = encodeRoutineValue(DEFAULT_ROUTINE);
    bad[3] = 200; // holdSeconds out of bounds
    bangle.gatt.write(UUID.routine, bad);
    expect(response(bangle)).toMatchObject({ opcode: OPCODE.ROUTINE_WRITE, code: RESPONSE_CODE.INVALID_PARAMETER });
    bangle.gatt.write(UUID.routine, before.slice(0, 5));
    expect(response(bangle)).toMatchObject({ opcode: OPCODE.ROUTINE_WRITE, code: RESPONSE_CODE.INVALID_PARAMETER });
    expect(routineOf(bangle)).toEqual(DEFAULT_ROUTINE);
    expect(bangle.storage.has("steadyhold.json")).toBe(false);

    // Code sent as text is just bytes with an unknown opcode.
    const code = new TextEncoder().encode("load();E.reboot()");
    bangle.gatt.write(UUID.control, code);
    expect(response(bangle)).toMatchObject({ code: RESPONSE_CODE.NOT_SUPPORTED });
    expect(bangle.isRunning()).toBe(true);
    // Longer than maxLen: the radio refuses it before the app sees it.
    expect(() => bangle.gatt.write(UUID.control, new Uint8Array(40))).toThrow(GattError);
    expect(() => bangle.gatt.write(UUID.routine, new Uint8Array(12))).toThrow(GattError);
    expect(() => bangle.gatt.write(UUID.live, new Uint8Array(1))).toThrow(GattError);
    bangle.gatt.write(UUID.results, [1, 2, 3]);
    expect(response(bangle)).toMatchObject({ opcode: OPCODE.RESULTS_CURSOR, code: RESPONSE_CODE.INVALID_PARAMETER });
    expect(command(bangle, { op: "pause" })).toBe(RESPONSE_CODE.NOT_ALLOWED);
    expect(bangle.logs.filter((l) => l.startsWith("gatt: rejected")).length).toBeGreaterThanOrEqual(5);
    expect(bangle.errors).toEqual([]);
  });

  it("starts, pauses, resumes and ends a session from the central, notifying the live state at each change", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE);
    const notified: number[] = [];
    bangle.gatt.onNotify((uuid, value) => {
      if (uuid === UUID.live) {
        const live = decodeLiveState(value);
        if (live.ok) notified.push(live.value.sequence);
      }
    });
    bangle.gatt.connect();
    expect(command(bangle, { op: "start" })).toBe(RESPONSE_CODE.SUCCESS);
    expect(bangle.screenText()[0]).toBe("Get ready");
    bangle.advance(12000);
    expect(decodeLiveState(bangle.gatt.read(UUID.live))).toMatchObject({
      ok: true,
      value: { phase: "hold", leg: "left", rep: 1, paused: false },
    });
    expect(command(bangle, { op: "pause" })).toBe(RESPONSE_CODE.SUCCESS);
    expect(decodeLiveState(bangle.gatt.read(UUID.live))).toMatchObject({
      ok: true,
      value: { phase: "hold", paused: true },
    });
    expect(command(bangle, { op: "pause" })).toBe(RESPONSE_CODE.NOT_ALLOWED);
    expect(command(bangle, { op: "resume" })).toBe(RESPONSE_CODE.SUCCESS);
    expect(command(bangle, { op: "end" })).toBe(RESPONSE_CODE.SUCCESS);
    expect(bangle.screenText()[0]).toBe("Ended");
    expect(decodeLiveState(bangle.gatt.read(UUID.live))).toMatchObject({ ok: true, value: { phase: "done" } });
    // get ready, hold, pause, resume, done: each one notification, in sequence
    expect(notified.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < notified.length; i++) expect(notified[i]).toBe((notified[i - 1] + 1) & 255);
    expect(files(bangle, "steadyhold.r")).toHaveLength(1);
    expect(bangle.errors).toEqual([]);
  });

  it("keeps the readable live countdown current each second without notifying it", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE);
    let notifications = 0;
    bangle.gatt.onNotify((uuid) => (notifications += uuid === UUID.live ? 1 : 0));
    bangle.gatt.connect();
    bangle.touch(); // get ready, 10 s
    const afterStart = notifications;
    bangle.advance(4050); // the value is refreshed at each redraw, just after the shown second changes
    expect(decodeLiveState(bangle.gatt.read(UUID.live))).toMatchObject({
      ok: true,
      value: { phase: "get-ready", remainingTenths: 60 },
    });
    bangle.advance(3000);
    expect(decodeLiveState(bangle.gatt.read(UUID.live))).toMatchObject({
      ok: true,
      value: { phase: "get-ready", remainingTenths: 30 },
    });
    expect(notifications).toBe(afterStart);
  });

  it("notifies a bounce warning in the live state (count, time, bouncing flag) and the flag going off 3 s later", () => {
    let bangle: FakeBangle | null = null;
    const motion = tracesByHold(
      () => bangle as FakeBangle,
      { "left-1": TRACES["left-2"], "*": TRACES["*"] },
      holdOrder("left", 1),
    );
    bangle = loadBangleApp(BANGLE_APP_FILE, { storage: storageWith({ ...SHORT, holdSeconds: 30 }), motion });
    const live: { t: number; bouncing: boolean; count: number; last: number }[] = [];
    bangle.gatt.onNotify((uuid, value) => {
      const decoded = decodeLiveState(value);
      if (uuid === UUID.live && decoded.ok)
        live.push({
          t: (bangle as FakeBangle).now(),
          bouncing: decoded.value.bouncingNow,
          count: decoded.value.bounceCount,
          last: decoded.value.lastBounceTenths,
        });
    });
    bangle.gatt.connect();
    bangle.touch();
    bangle.advance(30000);
    const on = live.find((l) => l.bouncing);
    expect(on).toBeDefined();
    expect(on!.count).toBe(1);
    expect(on!.last).toBe(Math.floor(on!.t / 100));
    const off = live.find((l) => l.t > on!.t && !l.bouncing);
    expect(off).toBeDefined();
    expect(off!.t - on!.t).toBeGreaterThanOrEqual(3000);
    expect(off!.t - on!.t).toBeLessThanOrEqual(4100);
  });

  it("offers results through the Results characteristic to the shared central assembler, and deletes each only on ACK_RESULT", () => {
    let bangle: FakeBangle | null = null;
    const motion = tracesByHold(
      () => bangle as FakeBangle,
      { "left-1": TRACES["left-2"], "*": TRACES["*"] },
      holdOrder("left", 1),
    );
    bangle = loadBangleApp(BANGLE_APP_FILE, {
      storage: storageWith({ ...SHORT, holdSeconds: 30 }),
      motion,
      timeZoneHours: 1,
    });
    bangle.touch();
    bangle.advance(61000);
    bangle.touch(); // home
    bangle.touch(); // a second session, ended early from the button
    bangle.advance(12000);
    bangle.press();
    bangle.press();
    expect(files(bangle, "steadyhold.r")).toHaveLength(2);
    bangle.touch(); // home
    expect(bangle.screenText()).toContain("2 results to sync");

    const first = pullAll(bangle, { acknowledge: false, ackCodes: ACK_CODES });
    expect(first).toHaveLength(1);
    expect(files(bangle, "steadyhold.r")).toHaveLength(2); // read, not acknowledged: still stored
    const results = pullAll(bangle, { ackCodes: ACK_CODES });
    expect(results.map((r) => r.completed)).toEqual([true, false]);
    expect(results[0].id).toBe(first[0].id);
    expect(results[0].utcOffsetMinutes).toBe(60);
    expect(results[0].holds.map((h) => h.leg + "-" + h.rep)).toEqual(["left-1", "right-1"]);
    expect(results[0].holds[0].bounceAtMs.length).toBeGreaterThan(0);
    expect(results[0].holds[1].bounceAtMs).toEqual([]);
    expect(results[1].holds[0].achievedMs).toBe(12000);
    expect(files(bangle, "steadyhold.r")).toEqual([]);
    expect(command(bangle, { op: "ack-result", id: results[0].id })).toBe(RESPONSE_CODE.UNKNOWN_RESULT);
    expect(bangle.screenText()).toContain("All synced");
    expect(bangle.errors).toEqual([]);
  });

  it('a session on a clock never set (year 2000) waits for the time, and home counts it instead of "All synced"', () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage: storageWith(SHORT), clockStart: Date.UTC(2000, 0, 1) });
    bangle.touch();
    bangle.advance(21000); // both holds, done
    bangle.touch(); // home
    expect(files(bangle, "steadyhold.r")).toEqual([]);
    expect([...bangle.storage.keys()].filter((k) => k.startsWith("steadyhold.u"))).toHaveLength(1);
    expect(pullAll(bangle, { ackCodes: ACK_CODES })).toEqual([]);
    expect(bangle.screenText()).not.toContain("All synced");
    expect(bangle.screenText()).toContain("1 waits for the time");
    // Sent once the clock is set: test/bangle-clock.test.ts.
    expect(bangle.errors).toEqual([]);
  });

  it("keeps an unacknowledged result through a restart of the app and of the watch", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage: storageWith(SHORT) });
    bangle.touch();
    bangle.advance(21000);
    expect(files(bangle, "steadyhold.r")).toHaveLength(1);
    bangle.gatt.connect();
    bangle.gatt.write(UUID.results, encodeResultsCursor(0));
    bangle.gatt.disconnect(); // the link drops mid-transfer
    bangle.reload();
    bangle.crashAndRelaunch();
    expect(bangle.screenText()).toContain("1 result to sync");
    const results = pullAll(bangle, { ackCodes: ACK_CODES });
    expect(results).toHaveLength(1);
    expect(results[0].completed).toBe(true);
    expect(files(bangle, "steadyhold.r")).toEqual([]);
    expect(bangle.errors).toEqual([]);
  });

  it("a SET_CLOCK during a session started on the wrist moves the session with the clock: no hold is skipped or stretched", () => {
    // The page connects mid-hold and sets the clock: forward (the watch was slow) and back (fast).
    for (const jumpMs of [60000, -60000]) {
      const bangle = loadBangleApp(BANGLE_APP_FILE, { storage: storageWith(SHORT) });
      const startedAt = bangle.wallTime();
      bangle.touch(); // 10 s left hold, then 10 s right hold
      bangle.advance(3000);
      const phoneNow = bangle.wallTime() + jumpMs;
      expect(command(bangle, { op: "set-clock", nowMs: phoneNow, utcOffsetMinutes: 0 })).toBe(RESPONSE_CODE.SUCCESS);
      bangle.advance(5000); // 8 s into the left hold
      const live = decodeLiveState(bangle.gatt.read(UUID.live));
      expect(live).toMatchObject({ ok: true, value: { phase: "hold", leg: "left" } });
      expect(live.ok && live.value.remainingTenths).toBeGreaterThanOrEqual(15);
      expect(live.ok && live.value.remainingTenths).toBeLessThanOrEqual(25);
      bangle.advance(6000); // 4 s into the right hold, then the user ends it from the watch
      bangle.press();
      bangle.press();
      const [result] = pullAll(bangle, { ackCodes: ACK_CODES });
      expect(result.completed).toBe(false);
      expect(result.holds.map((h) => [h.leg, Math.round(h.achievedMs / 1000)])).toEqual([
        ["left", 10],
        ["right", 4],
      ]);
      // The start as the corrected clock tells it, and a duration that is the 14 s it lasted.
      expect(Math.abs(result.startedAt - (startedAt + jumpMs))).toBeLessThan(100);
      expect(Math.abs(result.endedAt - result.startedAt - 14000)).toBeLessThan(200);
      expect(bangle.errors).toEqual([]);
    }
  });

  it("a clock set over the UART mid-hold (Gadgetbridge, the App Loader) counts like a SET_CLOCK: no hold is skipped or stretched", () => {
    for (const jumpMs of [60000, -60000]) {
      const bangle = loadBangleApp(BANGLE_APP_FILE, { storage: storageWith(SHORT) });
      const startedAt = bangle.wallTime();
      bangle.touch(); // 10 s left hold, then 10 s right hold
      bangle.advance(3000);
      bangle.setWallTime(bangle.wallTime() + jumpMs); // the app is not told
      bangle.advance(5000); // 8 s into the left hold
      const live = decodeLiveState(bangle.gatt.read(UUID.live));
      expect(live).toMatchObject({ ok: true, value: { phase: "hold", leg: "left" } });
      // The jump is seen at the next timer or sample event, within about a second of it.
      expect(live.ok && live.value.remainingTenths).toBeGreaterThanOrEqual(5);
      expect(live.ok && live.value.remainingTenths).toBeLessThanOrEqual(35);
      bangle.advance(6000); // about 4 s into the right hold, then the user ends it from the watch
      bangle.press();
      bangle.press();
      const [result] = pullAll(bangle, { ackCodes: ACK_CODES });
      expect(result.completed).toBe(false);
      expect(result.holds.map((h) => h.leg)).toEqual(["left", "right"]);
      expect(result.holds[0].achievedMs).toBe(10000);
      expect(Math.abs(result.holds[1].achievedMs - 4000)).toBeLessThanOrEqual(1500);
      expect(Math.abs(result.endedAt - result.startedAt - 14000)).toBeLessThanOrEqual(1500);
      expect(Math.abs(result.startedAt - (startedAt + jumpMs))).toBeLessThanOrEqual(1500);
      expect(bangle.errors).toEqual([]);
    }
  });

  it("a result carries the time zone of its session's start, not of its end", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage: storageWith(SHORT) });
    const now = Date.UTC(2026, 5, 1, 12, 0, 0);
    expect(command(bangle, { op: "set-clock", nowMs: now, utcOffsetMinutes: -300 })).toBe(RESPONSE_CODE.SUCCESS);
    bangle.touch();
    bangle.advance(5000);
    // The user lands and the phone sets the new zone mid-session.
    expect(command(bangle, { op: "set-clock", nowMs: bangle.wallTime(), utcOffsetMinutes: 120 })).toBe(
      RESPONSE_CODE.SUCCESS,
    );
    bangle.advance(16000);
    const [result] = pullAll(bangle, { ackCodes: ACK_CODES });
    expect(result.utcOffsetMinutes).toBe(-300);
  });

  it("sets the clock and time zone from SET_CLOCK; the next result carries that offset", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage: storageWith(SHORT) });
    const now = Date.UTC(2026, 5, 1, 12, 0, 0);
    expect(command(bangle, { op: "set-clock", nowMs: now, utcOffsetMinutes: -300 })).toBe(RESPONSE_CODE.SUCCESS);
    expect(Math.abs(bangle.wallTime() - now)).toBeLessThan(5);
    bangle.touch();
    bangle.advance(21000);
    const [result] = pullAll(bangle, { ackCodes: ACK_CODES });
    expect(result.utcOffsetMinutes).toBe(-300);
    expect(Math.abs(result.startedAt - now)).toBeLessThan(5);
  });
});
