import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  CHARACTERISTIC_KEYS,
  CharacteristicKey,
  ControlResponse,
  LiveState,
  OPCODE,
  RESPONSE_CODE,
  ResultsValue,
  crc32,
  decodeControlResponse,
  decodeLiveState,
  decodeResultRecord,
  decodeResultsValue,
  decodeRoutineValue,
  encodeControlCommand,
  encodeProfileVersion,
  encodeResultRecord,
  encodeResultsCursor,
  encodeRoutineValue,
} from "../common/gatt-profile";
import { applySessionCommand, liveFieldsOf } from "../common/gatt-peripheral";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { HoldResult, SessionResult } from "../common/result";
import { newSession, reduceSession } from "../common/session";
import { TestDevice } from "./support/gatt-device";
import { resultArb, routineArb } from "./support/arbitraries";

const T0 = Date.UTC(2026, 0, 5, 7, 0);

function result(id: string, bounces = 0): SessionResult {
  const holds: HoldResult[] = [];
  for (let rep = 1; rep <= 3; rep++) {
    holds.push({
      leg: "left",
      rep,
      targetSeconds: 30,
      achievedMs: 30000,
      endedEarly: false,
      bounceAtMs: Array.from({ length: bounces }, (_, i) => i * 250),
      steadiness: 70,
      bouncingMs: 0,
    });
  }
  return {
    id,
    startedAt: T0,
    endedAt: T0 + 200000,
    completed: false,
    routine: DEFAULT_ROUTINE,
    holds,
    utcOffsetMinutes: 0,
  };
}

function response(device: TestDevice): ControlResponse {
  const d = decodeControlResponse(device.peripheral.value("control"));
  if (!d.ok) throw new Error(d.reason);
  return d.value;
}

function results(device: TestDevice): ResultsValue {
  const d = decodeResultsValue(device.peripheral.value("results"));
  if (!d.ok) throw new Error(d.reason);
  return d.value;
}

function live(device: TestDevice): LiveState {
  const d = decodeLiveState(device.peripheral.value("live"));
  if (!d.ok) throw new Error(d.reason);
  return d.value;
}

function control(device: TestDevice, bytes: Uint8Array | number[], nowMs = T0): CharacteristicKey[] {
  return device.peripheral.write("control", bytes, nowMs);
}

const cmd = {
  start: encodeControlCommand({ op: "start" }),
  pause: encodeControlCommand({ op: "pause" }),
  resume: encodeControlCommand({ op: "resume" }),
  end: encodeControlCommand({ op: "end" }),
  ack: (id: string) => encodeControlCommand({ op: "ack-result", id }),
};

describe("values before any write", () => {
  it("version 1.0, the routine in force, nothing stored, idle live state, no response yet", () => {
    const device = new TestDevice();
    expect(device.peripheral.value("version")).toEqual(encodeProfileVersion());
    expect(device.peripheral.value("routine")).toEqual(encodeRoutineValue(DEFAULT_ROUTINE));
    expect(Array.from(device.peripheral.value("results"))).toEqual([0, 0]);
    expect(Array.from(device.peripheral.value("control"))).toEqual([0x80, 0, 0, 0]);
    expect(live(device)).toEqual({
      phase: "idle",
      paused: false,
      bouncingNow: false,
      leg: "left",
      rep: 0,
      repsPerLeg: 3,
      holdSeconds: 30,
      remainingTenths: 0,
      bounceCount: 0,
      lastBounceTenths: -1,
      steadiness: -1,
      sequence: 0,
    });
  });
});

describe("routine writes", () => {
  it("a valid routine is applied and answered 0x01 on opcode 0x20", () => {
    fc.assert(
      fc.property(routineArb, (routine) => {
        const device = new TestDevice();
        expect(device.peripheral.write("routine", encodeRoutineValue(routine), T0)).toEqual(["routine", "control"]);
        expect(device.routineInForce).toEqual(routine);
        expect(decodeRoutineValue(device.peripheral.value("routine"))).toEqual({ ok: true, value: routine });
        expect(response(device)).toEqual({ opcode: OPCODE.ROUTINE_WRITE, code: RESPONSE_CODE.SUCCESS, sequence: 1 });
      }),
      { numRuns: 50 },
    );
  });
  it("a malformed routine leaves the routine, answers 0x03 and logs the reason", () => {
    const device = new TestDevice();
    const bytes = encodeRoutineValue({ ...DEFAULT_ROUTINE, holdSeconds: 45 });
    bytes[3] = 70;
    expect(device.peripheral.write("routine", bytes, T0)).toEqual(["control"]);
    expect(device.routineInForce).toBe(DEFAULT_ROUTINE);
    expect(device.peripheral.value("routine")).toEqual(encodeRoutineValue(DEFAULT_ROUTINE));
    expect(response(device)).toEqual({
      opcode: OPCODE.ROUTINE_WRITE,
      code: RESPONSE_CODE.INVALID_PARAMETER,
      sequence: 1,
    });
    expect(device.logs).toEqual(["gatt: rejected (invalid parameter): routine: holdSeconds 70 is outside 5–60"]);
    device.peripheral.write("routine", [1, 2, 3], T0);
    expect(response(device).sequence).toBe(2);
    expect(device.logs[1]).toBe("gatt: rejected (invalid parameter): routine: expected 11 bytes but got 3");
  });
  it("version and live state are not writable: nothing changes, the write is logged", () => {
    const device = new TestDevice();
    for (const key of ["version", "live"] as const) expect(device.peripheral.write(key, [1, 2], T0)).toEqual([]);
    expect(Array.from(device.peripheral.value("control"))).toEqual([0x80, 0, 0, 0]);
    expect(device.logs).toEqual([
      "gatt: the version characteristic is not writable; write ignored",
      "gatt: the live characteristic is not writable; write ignored",
    ]);
  });
});

describe("results queue", () => {
  it("serves the oldest record in chunks at the cursor written; reads never move it", () => {
    const device = new TestDevice([result("aaa-1", 60), result("bbb-2")]);
    const bytes = device.records[0].bytes as Uint8Array;
    expect(bytes.length).toBeGreaterThan(256);
    const first = results(device);
    expect(first).toMatchObject({ kind: "chunk", pending: 2, total: bytes.length, offset: 0, crc: crc32(bytes) });
    expect(results(device)).toEqual(first);
    expect(device.peripheral.write("results", encodeResultsCursor(128), T0)).toEqual(["results", "control"]);
    expect(response(device)).toEqual({ opcode: OPCODE.RESULTS_CURSOR, code: RESPONSE_CODE.SUCCESS, sequence: 1 });
    const second = results(device);
    expect(second.kind === "chunk" && [second.offset, Array.from(second.payload)]).toEqual([
      128,
      Array.from(bytes.subarray(128, 256)),
    ]);
    // Writing the same cursor again is answered but changes no value.
    expect(device.peripheral.write("results", encodeResultsCursor(128), T0)).toEqual(["control"]);
  });
  it("a cursor at or past the end shows the bad-cursor value until the next good write", () => {
    const device = new TestDevice([result("aaa-1")]);
    const total = (device.records[0].bytes as Uint8Array).length;
    device.peripheral.write("results", encodeResultsCursor(40), T0);
    expect(device.peripheral.write("results", encodeResultsCursor(total), T0)).toEqual(["results", "control"]);
    expect(results(device)).toEqual({ kind: "bad-cursor", pending: 1, total, requested: total });
    expect(response(device)).toEqual({
      opcode: OPCODE.RESULTS_CURSOR,
      code: RESPONSE_CODE.INVALID_PARAMETER,
      sequence: 2,
    });
    expect(device.logs).toEqual([
      "gatt: rejected (invalid parameter): results cursor " +
        total +
        " is at or past the end of the " +
        total +
        "-byte record",
    ]);
    device.peripheral.write("results", encodeResultsCursor(40), T0);
    expect(results(device)).toMatchObject({ kind: "chunk", offset: 40 });
  });
  it("a malformed cursor changes nothing; with nothing stored only cursor 0 is accepted", () => {
    const device = new TestDevice([result("aaa-1")]);
    device.peripheral.write("results", encodeResultsCursor(10), T0);
    expect(device.peripheral.write("results", [5], T0)).toEqual(["control"]);
    expect(results(device)).toMatchObject({ kind: "chunk", offset: 10 });
    expect(response(device)).toMatchObject({ opcode: 0x21, code: 3 });
    const empty = new TestDevice();
    empty.peripheral.write("results", encodeResultsCursor(0), T0);
    expect(response(empty)).toMatchObject({ opcode: 0x21, code: 1 });
    empty.peripheral.write("results", encodeResultsCursor(3), T0);
    expect(response(empty)).toMatchObject({ opcode: 0x21, code: 3 });
    expect(empty.logs).toEqual(["gatt: rejected (invalid parameter): results cursor 3 but no record is stored"]);
    expect(Array.from(empty.peripheral.value("results"))).toEqual([0, 0]);
  });
  it("ACK_RESULT deletes the record and the next one is served from offset 0; an unknown id is 0x05", () => {
    const device = new TestDevice([result("aaa-1", 60), result("bbb-2")]);
    device.peripheral.write("results", encodeResultsCursor(128), T0);
    expect(control(device, cmd.ack("zzz-9"))).toEqual(["control"]);
    expect(response(device)).toEqual({ opcode: OPCODE.ACK_RESULT, code: RESPONSE_CODE.UNKNOWN_RESULT, sequence: 2 });
    expect(device.logs).toEqual([
      "gatt: rejected (unknown result id (already acknowledged)): ACK_RESULT zzz-9: no such result (already acknowledged?)",
    ]);
    expect(device.records.length).toBe(2);
    expect(control(device, cmd.ack("aaa-1"))).toEqual(["results", "control"]);
    expect(response(device)).toEqual({ opcode: OPCODE.ACK_RESULT, code: RESPONSE_CODE.SUCCESS, sequence: 3 });
    expect(device.deleted).toEqual(["aaa-1"]);
    expect(results(device)).toMatchObject({
      kind: "chunk",
      pending: 1,
      offset: 0,
      crc: crc32(device.records[0].bytes as Uint8Array),
    });
    control(device, cmd.ack("aaa-1"));
    expect(response(device).code).toBe(RESPONSE_CODE.UNKNOWN_RESULT);
    control(device, cmd.ack("bbb-2"));
    expect(Array.from(device.peripheral.value("results"))).toEqual([0, 0]);
  });
  it("a central connecting starts at offset 0; a record stored meanwhile shows on resultsChanged", () => {
    const device = new TestDevice([result("aaa-1", 60)]);
    device.peripheral.write("results", encodeResultsCursor(128), T0);
    expect(device.peripheral.connected()).toEqual(["results"]);
    expect(results(device)).toMatchObject({ offset: 0, pending: 1 });
    expect(device.peripheral.connected()).toEqual([]);
    device.storeResult(result("bbb-2"));
    expect(device.peripheral.resultsChanged()).toBe(true);
    expect(device.peripheral.resultsChanged()).toBe(false);
    expect(results(device)).toMatchObject({ offset: 0, pending: 2 });
    expect(device.peripheral.pendingResults()).toBe(2);
  });
  it("a record stored again under the same id is served anew (from offset 0), not from the old bytes", () => {
    const device = new TestDevice([result("aaa-1", 60)]);
    device.peripheral.write("results", encodeResultsCursor(128), T0);
    expect(results(device)).toMatchObject({ offset: 128 });
    // The host writes the session's result again with other content, in place, and says so.
    const again = encodeResultRecord(result("aaa-1", 3));
    if (!again.ok) throw new Error(again.reason);
    device.records[0] = { id: "aaa-1", bytes: again.value };
    expect(device.peripheral.resultsChanged()).toBe(true);
    expect(results(device)).toMatchObject({ kind: "chunk", offset: 0, crc: crc32(again.value) });
  });
  it("pending saturates at 255", () => {
    const many: SessionResult[] = [];
    for (let i = 0; i < 300; i++) many.push(result("r-" + i));
    expect(results(new TestDevice(many))).toMatchObject({ pending: 255 });
  });
});

describe("a damaged stored record", () => {
  const damages: Array<[string, (d: TestDevice) => void, string]> = [
    ["cannot be read", (d) => (d.records[0].bytes = null), "cannot be read"],
    [
      "does not decode",
      (d) => ((d.records[0].bytes as Uint8Array)[0] = 9),
      "result record: layout 9 is not supported (this side reads layout 1)",
    ],
    [
      "is cut short",
      (d) => (d.records[0].bytes = (d.records[0].bytes as Uint8Array).subarray(0, 50)),
      "result aaa-1, hold 2: the record ends inside the hold",
    ],
    ["carries another id", (d) => (d.records[0].id = "other-1"), "the record carries id aaa-1"],
  ];
  for (const [name, damage, reason] of damages) {
    it("that " + name + " is set aside with its reason and the next record is served", () => {
      const device = new TestDevice([result("aaa-1"), result("bbb-2")]);
      damage(device);
      const damagedId = device.records[0].id;
      device.reboot();
      const served = results(device);
      expect(served).toMatchObject({ kind: "chunk", pending: 1, offset: 0 });
      const payload = served.kind === "chunk" ? served.payload : new Uint8Array();
      expect(decodeResultRecord(payload)).toMatchObject({ ok: true, value: { id: "bbb-2" } });
      expect(device.setAside).toEqual([{ id: damagedId, reason }]);
      expect(device.logs).toEqual(["gatt: stored result " + damagedId + " set aside, not sent: " + reason]);
      expect(device.deleted).toEqual([]);
      control(device, cmd.ack(damagedId));
      expect(response(device).code).toBe(RESPONSE_CODE.UNKNOWN_RESULT);
    });
  }
  it("is skipped even when the host keeps listing it, and checked only once", () => {
    const device = new TestDevice([result("aaa-1"), result("bbb-2")]);
    device.honoursSetAside = false;
    device.records[0].bytes = null;
    device.reboot();
    for (let i = 0; i < 3; i++) expect(results(device)).toMatchObject({ kind: "chunk", pending: 1 });
    expect(device.setAside.length).toBe(1);
    control(device, cmd.ack("bbb-2"));
    expect(Array.from(device.peripheral.value("results"))).toEqual([0, 0]);
    expect(device.records.map((r) => r.id)).toEqual(["aaa-1"]);
  });
  it("when it is the only record, the queue reads as empty", () => {
    const device = new TestDevice([result("aaa-1")]);
    device.records[0].bytes = new Uint8Array([1, 2, 3]);
    device.reboot();
    expect(Array.from(device.peripheral.value("results"))).toEqual([0, 0]);
  });
});

describe("control point", () => {
  it("START, PAUSE, RESUME and END follow the session; each response moves the sequence by one", () => {
    const device = new TestDevice();
    const answers: Array<[number, number]> = [];
    const send = (bytes: Uint8Array, at: number) => {
      control(device, bytes, at);
      const r = response(device);
      answers.push([r.opcode, r.code]);
      return r.sequence;
    };
    const sequences = [
      send(cmd.pause, T0),
      send(cmd.resume, T0),
      send(cmd.end, T0),
      send(cmd.start, T0),
      send(cmd.start, T0 + 1000),
      send(cmd.resume, T0 + 2000),
      send(cmd.pause, T0 + 12000),
      send(cmd.pause, T0 + 13000),
      send(cmd.resume, T0 + 20000),
    ];
    expect(answers).toEqual([
      [1 + 1, 4],
      [3, 4],
      [4, 4],
      [1, 1],
      [1, 4],
      [3, 4],
      [2, 1],
      [2, 4],
      [3, 1],
    ]);
    expect(sequences).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(device.session?.phase).toBe("hold");
    expect(device.records.length).toBe(0);
    // END stores the partial result, which then shows on the Results characteristic.
    expect(control(device, cmd.end, T0 + 25000)).toEqual(["results", "control"]);
    expect(response(device)).toEqual({ opcode: 4, code: 1, sequence: 10 });
    const stored = decodeResultRecord(device.records[0].bytes);
    expect(stored).toMatchObject({
      ok: true,
      value: { completed: false, holds: [{ leg: "left", rep: 1, achievedMs: 7000, endedEarly: true }] },
    });
    expect(results(device)).toMatchObject({ kind: "chunk", pending: 1 });
    // START from done begins a new session with a new id.
    control(device, cmd.start, T0 + 30000);
    expect(response(device)).toMatchObject({ opcode: 1, code: 1 });
    expect(device.session?.id).not.toBe(stored.ok ? stored.value.id : "");
    expect(device.logs).toEqual([
      "gatt: rejected (not allowed now): PAUSE is not allowed in the session's current state",
      "gatt: rejected (not allowed now): RESUME is not allowed in the session's current state",
      "gatt: rejected (not allowed now): END is not allowed in the session's current state",
      "gatt: rejected (not allowed now): START is not allowed in the session's current state",
      "gatt: rejected (not allowed now): RESUME is not allowed in the session's current state",
      "gatt: rejected (not allowed now): PAUSE is not allowed in the session's current state",
    ]);
  });
  it("the sequence wraps after 255", () => {
    const device = new TestDevice();
    for (let i = 1; i <= 300; i++) {
      control(device, [0x7f]);
      expect(response(device).sequence).toBe(i % 256);
    }
  });
  it("malformed writes: unsupported opcode 0x02, bad parameters 0x03, empty write on opcode 0", () => {
    const device = new TestDevice();
    const cases: Array<[number[], number, number]> = [
      [[0x07], 0x07, 2],
      [[0xff, 1, 2], 0xff, 2],
      [[0x01, 0], 0x01, 3],
      [[], 0, 3],
      [[0x05, 3, 97], 0x05, 3],
      [[0x06, 1, 2], 0x06, 3],
    ];
    for (const [bytes, opcode, code] of cases) {
      expect(control(device, bytes)).toEqual(["control"]);
      expect(response(device)).toMatchObject({ opcode, code });
    }
    expect(device.logs.length).toBe(cases.length);
    expect(device.session).toBeNull();
  });
  it("SET_CLOCK hands the time and offset to the device", () => {
    const device = new TestDevice();
    control(device, encodeControlCommand({ op: "set-clock", nowMs: T0, utcOffsetMinutes: -300 }));
    expect(device.clock).toEqual({ nowMs: T0, utcOffsetMinutes: -300 });
    expect(response(device)).toMatchObject({ opcode: 6, code: 1 });
    // The offset is written into the results the session then stores.
    control(device, cmd.start, T0);
    control(device, cmd.end, T0 + 15000);
    expect(decodeResultRecord(device.records[0].bytes)).toMatchObject({ ok: true, value: { utcOffsetMinutes: -300 } });
  });
  it("a host answering with another code is reported as not allowed", () => {
    const device = new TestDevice();
    device.control = () => 9;
    control(device, cmd.start);
    expect(response(device)).toMatchObject({ opcode: 1, code: 4 });
    expect(device.logs[0]).toBe("gatt: host answered start with code 9; reporting it as not allowed");
  });
  it("START always begins a new session with the routine in force, even from an idle one", () => {
    const idle = newSession(DEFAULT_ROUTINE, "old-1");
    const routine = { ...DEFAULT_ROUTINE, holdSeconds: 45 };
    const started = applySessionCommand(idle, "start", T0, () => newSession(routine, "new-1"));
    expect(started.code).toBe(RESPONSE_CODE.SUCCESS);
    expect(started.step!.state).toMatchObject({ id: "new-1", phase: "get-ready", routine: { holdSeconds: 45 } });
  });
  it("PAUSE after the session ran out by itself stores the result and answers 0x04", () => {
    const routine: Routine = {
      ...DEFAULT_ROUTINE,
      repsPerLeg: 1,
      holdSeconds: 5,
      getReadySeconds: 0,
      switchSeconds: 0,
      restSeconds: 0,
    };
    const started = applySessionCommand(null, "start", T0, () => newSession(routine, "s-1"));
    expect(started.code).toBe(1);
    const late = applySessionCommand(started.step!.state, "pause", T0 + 60000, () => newSession(routine, "s-2"));
    expect(late.code).toBe(RESPONSE_CODE.NOT_ALLOWED);
    expect(late.step!.state.phase).toBe("done");
    expect(late.step!.result).not.toBeNull();
  });
});

describe("live state", () => {
  it("follows the session: notified at phase changes, pauses and warnings, not as the countdown runs", () => {
    const device = new TestDevice();
    control(device, cmd.start, T0);
    expect(live(device)).toMatchObject({ phase: "get-ready", rep: 1, leg: "left", remainingTenths: 100, sequence: 1 });
    expect(device.step(T0 + 4000)).toBe(false); // countdown only: readable, not notified
    expect(live(device)).toMatchObject({ remainingTenths: 60, sequence: 1 });
    expect(device.step(T0 + 10000)).toBe(false); // already notified by the step itself
    expect(live(device)).toMatchObject({
      phase: "hold",
      remainingTenths: 300,
      sequence: 2,
      bounceCount: 0,
      lastBounceTenths: -1,
    });
    device.step(T0 + 12345, "bounce");
    expect(live(device)).toMatchObject({
      phase: "hold",
      bounceCount: 1,
      lastBounceTenths: 23,
      remainingTenths: 277,
      sequence: 3,
    });
    control(device, cmd.pause, T0 + 15000);
    expect(live(device)).toMatchObject({ paused: true, remainingTenths: 250, sequence: 4 });
    expect(device.step(T0 + 60000)).toBe(false);
    expect(live(device)).toMatchObject({ paused: true, remainingTenths: 250, sequence: 4 });
    control(device, cmd.resume, T0 + 60000);
    expect(live(device)).toMatchObject({ paused: false, remainingTenths: 250, sequence: 5 });
    device.step(T0 + 85000);
    expect(live(device)).toMatchObject({
      phase: "rest",
      rep: 2,
      bounceCount: 0,
      lastBounceTenths: -1,
      steadiness: -1,
      sequence: 6,
    });
  });
  it("a countdown or steadiness change alone updates the readable value under the same sequence", () => {
    const device = new TestDevice();
    control(device, cmd.start, T0);
    const fields = liveFieldsOf(device.session, DEFAULT_ROUTINE, T0 + 3000, { bouncingNow: false, steadiness: -1 });
    expect(device.peripheral.setLive(fields)).toBe(false);
    expect(live(device)).toMatchObject({ remainingTenths: 70, sequence: 1 });
    const before = device.peripheral.value("live");
    expect(device.peripheral.setLive({ ...fields })).toBe(false);
    expect(device.peripheral.value("live")).toBe(before); // nothing new: not even re-encoded
    expect(device.peripheral.setLive({ ...fields, steadiness: 55 })).toBe(false);
    expect(live(device)).toMatchObject({ steadiness: 55, sequence: 1 });
    expect(device.peripheral.setLive({ ...fields, bouncingNow: true })).toBe(true);
    expect(live(device)).toMatchObject({ bouncingNow: true, sequence: 2 });
  });
  it("liveFieldsOf: idle before a session, the detector's facts only during a hold", () => {
    expect(liveFieldsOf(null, { ...DEFAULT_ROUTINE, firstLeg: "right", repsPerLeg: 5 }, T0)).toMatchObject({
      phase: "idle",
      leg: "right",
      rep: 0,
      repsPerLeg: 5,
    });
    const routine = { ...DEFAULT_ROUTINE, getReadySeconds: 0 };
    const holding = reduceSession(newSession(routine, "s"), { type: "start" }, T0).state;
    expect(liveFieldsOf(holding, routine, T0 + 1000, { bouncingNow: true, steadiness: 77 })).toMatchObject({
      phase: "hold",
      bouncingNow: true,
      steadiness: 77,
      remainingTenths: 290,
    });
    expect(liveFieldsOf(holding, routine, T0 + 1000, { bouncingNow: false, steadiness: -1 })).toMatchObject({
      steadiness: -1,
    });
    const resting = reduceSession(holding, { type: "end-hold-early" }, T0 + 2000).state;
    expect(liveFieldsOf(resting, routine, T0 + 2000, { bouncingNow: true, steadiness: 77 })).toMatchObject({
      phase: "rest",
      bouncingNow: false,
      steadiness: -1,
      remainingTenths: 100,
    });
    // A 120-s break between legs fits the field.
    const long = { ...DEFAULT_ROUTINE, switchSeconds: 120, repsPerLeg: 1, getReadySeconds: 0 };
    const switching = reduceSession(
      reduceSession(newSession(long, "s"), { type: "start" }, T0).state,
      { type: "end-hold-early" },
      T0 + 1,
    ).state;
    expect(liveFieldsOf(switching, long, T0 + 1)).toMatchObject({ phase: "switch", remainingTenths: 1200 });
  });
});

describe("any write", () => {
  it("never throws, answers once on the control point when writable, and never half-applies a routine", () => {
    const write = fc.record({
      key: fc.constantFrom(...CHARACTERISTIC_KEYS),
      bytes: fc.oneof(
        fc.uint8Array({ maxLength: 40 }),
        fc.constantFrom(cmd.start, cmd.pause, cmd.resume, cmd.end, cmd.ack("aaa-1")),
      ),
      after: fc.integer({ min: 0, max: 20000 }),
    });
    fc.assert(
      fc.property(fc.array(write, { maxLength: 40 }), resultArb, (writes, stored) => {
        const device = new TestDevice([stored]);
        let sequence = 0;
        let now = T0;
        for (const w of writes) {
          now += w.after;
          const routineBefore = device.routineInForce;
          const changed = device.peripheral.write(w.key, w.bytes, now);
          const writable = w.key === "routine" || w.key === "results" || w.key === "control";
          if (writable) sequence = (sequence + 1) & 255;
          expect(response(device).sequence).toBe(sequence);
          expect(changed.includes("control")).toBe(writable);
          if (device.routineInForce !== routineBefore)
            expect(encodeRoutineValue(device.routineInForce)).toEqual(w.bytes);
          for (const key of CHARACTERISTIC_KEYS) expect(device.peripheral.value(key).length).toBeGreaterThan(0);
          expect(decodeResultsValue(device.peripheral.value("results")).ok).toBe(true);
          expect(decodeLiveState(device.peripheral.value("live")).ok).toBe(true);
        }
        expect(device.setAside).toEqual([]);
        for (const r of device.records) expect(decodeResultRecord(r.bytes).ok).toBe(true);
        expect(encodeResultRecord(stored).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
