import { describe, expect, it } from "vitest";
import fc from "fast-check";
import zlib from "node:zlib";
import { readFileSync } from "node:fs";
import {
  CHARACTERISTIC_KEYS,
  CHARACTERISTIC_UUIDS,
  ControlCommand,
  GATT_PROFILE_MAJOR,
  GATT_PROFILE_MINOR,
  CONTROL_RESPONSE_LENGTH,
  LIVE_STATE_LENGTH,
  LiveState,
  MAX_CONTROL_WRITE_LENGTH,
  MAX_CHUNK_PAYLOAD,
  MAX_RECORD_LENGTH,
  OPCODE,
  PHASE_CODES,
  RESPONSE_CODE,
  ROUTINE_VALUE_LENGTH,
  SERVICE_UUID,
  checkProfileVersion,
  crc32,
  decodeControlCommand,
  decodeControlResponse,
  decodeLiveState,
  decodeProfileVersion,
  decodeResultRecord,
  decodeResultsCursor,
  decodeResultsValue,
  decodeRoutineValue,
  describeResponseCode,
  encodeControlCommand,
  encodeControlResponse,
  encodeLiveState,
  encodeProfileVersion,
  encodeResultRecord,
  encodeResultsCursor,
  encodeResultsValue,
  encodeRoutineValue,
  resultRecordLength,
  resultsChunk,
  recoverTornRecord,
  storedRecordFault,
  toBytes,
  RECORD_FLAG_COMPLETED,
  RECORD_FLAG_TIME_UNKNOWN,
} from "../common/gatt-profile";
import { DEFAULT_ROUTINE, ROUTINE_KEYS, Routine, parseRoutine, routineField } from "../common/routine";
import { HoldResult, SessionResult, makeSessionId } from "../common/result";
import { MAX_BOUNCES_PER_HOLD } from "../common/protocol";
import { resultArb, routineArb } from "./support/arbitraries";
import { hold } from "./support/builders";

// Table cells are padded to align (Prettier): compare with runs of spaces collapsed.
const DOC = readFileSync(new URL("../docs/gatt-profile.md", import.meta.url), "utf8").replace(/ {2,}/g, " ");

function reasonOf(decoded: { ok: boolean; reason?: string }): string {
  expect(decoded.ok).toBe(false);
  return (decoded as { reason: string }).reason;
}

function valueOf<T>(decoded: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!decoded.ok) throw new Error("expected ok but got: " + decoded.reason);
  return decoded.value;
}

/** The default routine's full session, as the engine produces it. */
function defaultSession(bouncesPerHold: number): SessionResult {
  const startedAt = Date.UTC(2026, 0, 5, 7, 30);
  const holds: HoldResult[] = [];
  for (const leg of ["left", "right"] as const) {
    for (let rep = 1; rep <= DEFAULT_ROUTINE.repsPerLeg; rep++) {
      const bounces: number[] = [];
      for (let b = 0; b < bouncesPerHold; b++) bounces.push(1000 + b * 2000);
      holds.push(hold({ leg, rep, bounceAtMs: bounces, bouncingMs: bouncesPerHold * 400, steadiness: 84 }));
    }
  }
  return {
    id: makeSessionId(startedAt, 0.5),
    startedAt,
    endedAt: startedAt + 340000,
    completed: true,
    routine: DEFAULT_ROUTINE,
    holds,
    utcOffsetMinutes: 60,
  };
}

/** The largest record the layout allows: 32-character id, 10 holds of 60 s with 100 warnings each. */
function largestResult(): SessionResult {
  const routine: Routine = { ...DEFAULT_ROUTINE, repsPerLeg: 5, holdSeconds: 60 };
  const holds: HoldResult[] = [];
  for (const leg of ["left", "right"] as const) {
    for (let rep = 1; rep <= 5; rep++) {
      const bounces: number[] = [];
      for (let b = 0; b < MAX_BOUNCES_PER_HOLD; b++) bounces.push(b * 600);
      holds.push(
        hold({ leg, rep, targetSeconds: 60, achievedMs: 60000, bounceAtMs: bounces, bouncingMs: 60000, steadiness: 0 }),
      );
    }
  }
  return {
    id: "z".repeat(32),
    startedAt: 4102444800000 - 172800000,
    endedAt: 4102444800000,
    completed: true,
    routine,
    holds,
    utcOffsetMinutes: -840,
  };
}

/** What a result looks like after a trip through a record: whole numbers, warnings in time order. */
function normalized(r: SessionResult): SessionResult {
  return {
    ...r,
    holds: r.holds.map((h) => ({
      ...h,
      bounceAtMs: h.bounceAtMs.slice(0, MAX_BOUNCES_PER_HOLD).sort((a, b) => a - b),
    })),
  };
}

function record(r: SessionResult): Uint8Array {
  return valueOf(encodeResultRecord(r));
}

function chunksFor(length: number): number {
  return Math.ceil(length / MAX_CHUNK_PAYLOAD);
}

describe("CRC-32", () => {
  it("is IEEE 802.3 as zlib computes it", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => crc32(bytes) === zlib.crc32(bytes)));
  });
  it("covers a range of the array when asked", () => {
    const bytes = new Uint8Array([9, 1, 2, 3, 9]);
    expect(crc32(bytes, 1, 4)).toBe(zlib.crc32(new Uint8Array([1, 2, 3])));
  });
});

describe("UUIDs", () => {
  it("five characteristics in the service's base, differing in the first group only", () => {
    const base = SERVICE_UUID.slice(8);
    const firstGroups = CHARACTERISTIC_KEYS.map((k) => CHARACTERISTIC_UUIDS[k].slice(0, 8));
    expect(new Set(firstGroups).size).toBe(5);
    for (const k of CHARACTERISTIC_KEYS) {
      expect(CHARACTERISTIC_UUIDS[k]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(CHARACTERISTIC_UUIDS[k].slice(8)).toBe(base);
      expect(DOC).toContain("`" + CHARACTERISTIC_UUIDS[k].slice(0, 8) + "`");
    }
    expect(DOC).toContain(SERVICE_UUID);
  });
});

describe("the document's tables", () => {
  it("give the lengths the code uses", () => {
    expect(DOC).toContain("| Routine | `5e7d0003` | read, write | " + ROUTINE_VALUE_LENGTH + " bytes |");
    expect(DOC).toContain("read: a chunk (≤ " + (10 + MAX_CHUNK_PAYLOAD) + " bytes)");
    expect(DOC).toContain("| Live state | `5e7d0005` | read, notify | " + LIVE_STATE_LENGTH + " bytes |");
    expect(DOC).toContain(
      "write: 1–" + MAX_CONTROL_WRITE_LENGTH + " bytes; read/notify: " + CONTROL_RESPONSE_LENGTH + "-byte response",
    );
    expect(DOC).toContain("| 2 | u16 | total | record length, 1–" + MAX_RECORD_LENGTH + " |");
    expect(DOC).toContain("## Routine (read, write) — " + ROUTINE_VALUE_LENGTH + " bytes");
    expect(DOC).toContain("## Live state (read, notify) — " + LIVE_STATE_LENGTH + " bytes");
  });
});

describe("profile version", () => {
  it("says 1.1 with 128-byte chunks, as the document's title does", () => {
    expect(Array.from(encodeProfileVersion())).toEqual([1, 1, 128, 0]);
    expect(DOC).toContain("# Steady Hold GATT profile, version " + GATT_PROFILE_MAJOR + "." + GATT_PROFILE_MINOR);
    expect(valueOf(checkProfileVersion(encodeProfileVersion()))).toEqual({ major: 1, minor: 1, maxChunkPayload: 128 });
  });
  it("refuses another major naming both versions, and reads a later minor's longer value", () => {
    expect(reasonOf(checkProfileVersion([2, 3, 128, 0]))).toBe(
      "the wearable speaks Steady Hold profile 2.3 but this side speaks 1.1; update the older of the two",
    );
    expect(valueOf(checkProfileVersion([1, 4, 100, 0, 7, 7]))).toEqual({ major: 1, minor: 4, maxChunkPayload: 100 });
    expect(reasonOf(decodeProfileVersion([1, 0, 128]))).toBe("profile version: expected 4 bytes but got 3");
    expect(reasonOf(decodeProfileVersion([1, 0, 0, 0]))).toBe("profile version: max chunk payload 0 is outside 1–502");
  });
});

describe("routine value", () => {
  it("round-trips every valid routine in 11 bytes", () => {
    fc.assert(
      fc.property(routineArb, (routine) => {
        const bytes = encodeRoutineValue(routine);
        expect(bytes.length).toBe(ROUTINE_VALUE_LENGTH);
        expect(valueOf(decodeRoutineValue(bytes))).toEqual(routine);
      }),
    );
  });
  it("lays the default routine out as the document's table", () => {
    // layout, left, 3 reps, 30 s hold, 10 s rest, 30 s switch, 10 s get ready, 3-s cue, towel, normal, goal 1
    expect(Array.from(encodeRoutineValue(DEFAULT_ROUTINE))).toEqual([1, 0, 3, 30, 10, 30, 10, 3, 0, 1, 1]);
  });
  it("accepts a byte exactly when the Fitbit settings page accepts the value it stands for", () => {
    const base = Array.from(encodeRoutineValue(DEFAULT_ROUTINE));
    ROUTINE_KEYS.forEach((key, i) => {
      const spec = routineField(key);
      for (let code = 0; code < 256; code++) {
        const bytes = base.slice();
        bytes[1 + i] = code;
        const decoded = decodeRoutineValue(bytes);
        const value = spec.kind === "choice" && typeof spec.options[0] === "string" ? spec.options[code] : code;
        const settingsAccepts =
          value !== undefined && parseRoutine({ ...DEFAULT_ROUTINE, [key]: value }).errors.length === 0;
        expect(decoded.ok, key + " " + code).toBe(settingsAccepts);
        if (decoded.ok) expect(decoded.value[key]).toBe(value);
      }
    });
  });
  it("rejects each bound with a reason naming the field", () => {
    const withByte = (index: number, value: number) => {
      const bytes = encodeRoutineValue(DEFAULT_ROUTINE);
      bytes[index] = value;
      return reasonOf(decodeRoutineValue(bytes));
    };
    expect(withByte(3, 70)).toBe("routine: holdSeconds 70 is outside 5–60");
    expect(withByte(3, 4)).toBe("routine: holdSeconds 4 is outside 5–60");
    expect(withByte(2, 0)).toBe("routine: repsPerLeg 0 is outside 1–5");
    expect(withByte(2, 6)).toBe("routine: repsPerLeg 6 is outside 1–5");
    expect(withByte(4, 61)).toBe("routine: restSeconds 61 is outside 0–60");
    expect(withByte(5, 121)).toBe("routine: switchSeconds 121 is outside 0–120");
    expect(withByte(6, 31)).toBe("routine: getReadySeconds 31 is outside 0–30");
    expect(withByte(10, 4)).toBe("routine: dailyGoal 4 is outside 1–3");
    expect(withByte(1, 2)).toBe("routine: firstLeg 2 is not one of 0 (left), 1 (right)");
    expect(withByte(7, 4)).toBe("routine: lastSecondsCue 4 is not one of 0, 3, 5");
    expect(withByte(8, 4)).toBe("routine: aid 4 is not one of 0 (towel), 1 (band), 2 (none), 3 (seated)");
    expect(withByte(9, 3)).toBe("routine: sensitivity 3 is not one of 0 (low), 1 (normal), 2 (high)");
    expect(withByte(0, 2)).toBe("routine: layout 2 is not supported (this side reads layout 1)");
    expect(reasonOf(decodeRoutineValue(encodeRoutineValue(DEFAULT_ROUTINE).subarray(0, 10)))).toBe(
      "routine: expected 11 bytes but got 10",
    );
    expect(reasonOf(decodeRoutineValue([...encodeRoutineValue(DEFAULT_ROUTINE), 0]))).toBe(
      "routine: expected 11 bytes but got 12",
    );
  });
  it("clamps an out-of-bounds routine given to the encoder, so its bytes still decode", () => {
    const bad = { ...DEFAULT_ROUTINE, holdSeconds: 300, aid: "rope" } as unknown as Routine;
    expect(valueOf(decodeRoutineValue(encodeRoutineValue(bad)))).toEqual({
      ...DEFAULT_ROUTINE,
      holdSeconds: 60,
      aid: "towel",
    });
  });
});

describe("result record", () => {
  it("round-trips every valid result (warnings come back in time order)", () => {
    fc.assert(
      fc.property(resultArb, (result) => {
        const bytes = record(result);
        expect(bytes.length).toBe(resultRecordLength(result));
        expect(valueOf(decodeResultRecord(bytes))).toEqual(normalized(result));
      }),
    );
  });

  it("offers a stored record only when it decodes as the session it is stored under", () => {
    fc.assert(
      fc.property(resultArb, (result) => {
        const bytes = record(result);
        expect(storedRecordFault(bytes, result.id)).toBe("");
        expect(storedRecordFault(bytes, result.id + "-x")).toBe("the record carries id " + result.id);
      }),
    );
    // A reset tearing the write leaves erased flash (0xFF) after what was written: here a whole
    // header, id, times, zone and first leg (bytes 0–21), so repsPerLeg reads 255 and is refused.
    const whole = record({
      id: "ab-1",
      startedAt: 1767225600000,
      endedAt: 1767225600000 + 60000,
      completed: true,
      routine: DEFAULT_ROUTINE,
      holds: [hold({ leg: "left", rep: 1, achievedMs: 30000 })],
      utcOffsetMinutes: 60,
    });
    const torn = whole.slice();
    torn.fill(0xff, 22);
    expect(storedRecordFault(torn, "ab-1")).toBe("result ab-1: routine: repsPerLeg 255 is outside 1–5");
    expect(storedRecordFault(null, "ab-1")).toMatch(/^result record: expected bytes/);
  });

  it("follows the document's layout byte for byte", () => {
    const r: SessionResult = {
      id: "ab-1",
      startedAt: 1767225600000,
      endedAt: 1767225600000 + 300001,
      completed: true,
      routine: DEFAULT_ROUTINE,
      holds: [
        hold({
          leg: "right",
          rep: 2,
          achievedMs: 12345,
          endedEarly: true,
          steadiness: -1,
          bouncingMs: 1500,
          bounceAtMs: [700, 9000],
        }),
      ],
      utcOffsetMinutes: -300,
    };
    const bytes = record(r);
    const v = new DataView(bytes.buffer);
    expect(bytes[0]).toBe(1); // layout
    expect(bytes[1]).toBe(4); // id length
    expect(new TextDecoder().decode(bytes.subarray(2, 6))).toBe("ab-1");
    expect(v.getBigUint64(6, true)).toBe(1767225600000n);
    expect(v.getUint32(14, true)).toBe(300001);
    expect(bytes[18]).toBe(1); // flags: completed
    expect(v.getInt16(19, true)).toBe(-300);
    expect(Array.from(bytes.subarray(21, 31))).toEqual(Array.from(encodeRoutineValue(DEFAULT_ROUTINE).subarray(1)));
    expect(bytes[31]).toBe(1); // hold count
    expect(Array.from(bytes.subarray(32, 37))).toEqual([1, 2, 12345 & 255, 12345 >> 8, 1]); // leg, rep, achievedMs, flags
    expect(bytes[37]).toBe(255); // no motion data
    expect(v.getUint16(38, true)).toBe(1500);
    expect(bytes[40]).toBe(2);
    expect([v.getUint16(41, true), v.getUint16(43, true)]).toEqual([700, 9000]);
    expect(bytes.length).toBe(45);
  });

  it("carries 'time unknown' as flag bit 1 (version 1.1), and a result without it decodes without the field", () => {
    const known: SessionResult = {
      id: "ab-2",
      startedAt: 1767225600000,
      endedAt: 1767225660000,
      completed: false,
      routine: DEFAULT_ROUTINE,
      holds: [hold({ achievedMs: 30000 })],
      utcOffsetMinutes: 60,
    };
    const unknown: SessionResult = { ...known, completed: true, timeUnknown: true };
    const bytes = record(unknown);
    expect(bytes[6 + 12]).toBe(RECORD_FLAG_COMPLETED | RECORD_FLAG_TIME_UNKNOWN);
    expect(valueOf(decodeResultRecord(bytes))).toEqual(unknown);
    expect(record({ ...known, timeUnknown: false })[6 + 12]).toBe(0);
    const decoded = valueOf(decodeResultRecord(record(known)));
    expect("timeUnknown" in decoded).toBe(false);
    // A 1.0 reader refuses the record whole (its bit check), so the wearable offers such records last.
    expect(bytes[6 + 12] & 0xfe).not.toBe(0);
  });

  it("the largest record (10 holds × 100 warnings) is 2,150 bytes in 17 chunks, under 4,096", () => {
    const bytes = record(largestResult());
    expect(bytes.length).toBe(2150);
    expect(bytes.length).toBeLessThanOrEqual(MAX_RECORD_LENGTH);
    expect(chunksFor(bytes.length)).toBe(17);
    expect(valueOf(decodeResultRecord(bytes))).toEqual(largestResult());
  });

  it("the document quotes the sizes this code produces", () => {
    const typical = record(defaultSession(0)).length;
    const withBounces = record(defaultSession(2)).length;
    const largest = record(largestResult()).length;
    const line = (bytes: number) =>
      bytes.toLocaleString("en-US") +
      " bytes (" +
      chunksFor(bytes) +
      " chunk" +
      (chunksFor(bytes) > 1 ? "s" : "") +
      ")";
    console.log(
      "gatt record sizes: default session " +
        line(typical) +
        "; with 2 warnings per hold " +
        line(withBounces) +
        "; largest " +
        line(largest),
    );
    expect(DOC).toContain("default session: " + line(typical));
    expect(DOC).toContain("two bounce warnings per hold: " + line(withBounces));
    expect(DOC).toContain("largest record: " + line(largest));
  });

  it("keeps the first 100 warnings of a hold, in time order, and rounds times and scores", () => {
    const many = Array.from({ length: 130 }, (_, i) => 29000 - i * 100.4);
    const r = {
      ...defaultSession(0),
      holds: [hold({ bounceAtMs: many, steadiness: 79.5, achievedMs: 20000.4, bouncingMs: 1000.6 })],
    };
    const decoded = valueOf(decodeResultRecord(record(r)));
    const expected = many
      .slice(0, 100)
      .map(Math.round)
      .sort((a, b) => a - b);
    expect(decoded.holds[0].bounceAtMs).toEqual(expected);
    expect(decoded.holds[0]).toMatchObject({ steadiness: 80, achievedMs: 20000, bouncingMs: 1001 });
  });

  it("refuses to encode a result that breaks a bound, with the decoder's reason", () => {
    const base = defaultSession(0);
    expect(reasonOf(encodeResultRecord({ ...base, holds: [hold({ targetSeconds: 20 })] }))).toBe(
      "result " + base.id + ", hold 1: target 20 s differs from the routine's 30 s",
    );
    expect(reasonOf(encodeResultRecord({ ...base, startedAt: 1000, endedAt: 2000 }))).toBe(
      "result " + base.id + ": start time 1000 ms is outside 2020-01-01 … 2100-01-01 (1577836800000–4102444800000)",
    );
    expect(reasonOf(encodeResultRecord({ ...base, startedAt: NaN }))).toBe(
      "result " +
        base.id +
        ": start time 18446744073709552000 ms is outside 2020-01-01 … 2100-01-01 (1577836800000–4102444800000)",
    );
    expect(reasonOf(encodeResultRecord({ ...base, endedAt: base.startedAt - 1 }))).toBe(
      "result " + base.id + ": duration 4294967295 ms is outside 0–172800000",
    );
    expect(reasonOf(encodeResultRecord({ ...base, holds: [hold({ achievedMs: 30001 })] }))).toBe(
      "result " + base.id + ", hold 1: achieved 30001 ms is outside 0–30000",
    );
    expect(reasonOf(encodeResultRecord({ ...base, utcOffsetMinutes: 900 }))).toBe(
      "result " + base.id + ": UTC offset 900 min is outside ±840",
    );
    expect(reasonOf(encodeResultRecord({ ...base, id: "Upper" }))).toBe(
      "result record: session id has byte 85 at 0; only 0-9, a-z and - are allowed",
    );
    expect(reasonOf(encodeResultRecord({ ...base, id: "" }))).toBe(
      "result record: session id length 0 is outside 1–32",
    );
    expect(reasonOf(encodeResultRecord({ ...base, holds: [hold({ steadiness: 101 })] }))).toBe(
      "result " + base.id + ", hold 1: steadiness 254 is outside 0–100 (255 = no motion data)",
    );
    expect(reasonOf(encodeResultRecord({ ...base, holds: [hold({ leg: "up" as never })] }))).toBe(
      "result " + base.id + ", hold 1: leg 255 is not 0 (left) or 1 (right)",
    );
    expect(reasonOf(encodeResultRecord(null as never))).toMatch(/^result record: cannot encode \(/);
  });

  describe("rejects every bound of a stored or received record", () => {
    // One hold with two warnings; offsets from the layout test above, for a 13-character id.
    const base = { ...defaultSession(0), holds: [hold({ bounceAtMs: [1000, 2000], bouncingMs: 500 })] };
    const id = base.id;
    const ID = 2 + id.length; // first byte after the id
    const HOLD = ID + 8 + 4 + 1 + 2 + 10 + 1;
    const mutated = (edit: (bytes: Uint8Array, view: DataView) => void) => {
      const bytes = record(base);
      edit(bytes, new DataView(bytes.buffer));
      return reasonOf(decodeResultRecord(bytes));
    };
    const cases: Array<[string, (b: Uint8Array, v: DataView) => void, string]> = [
      ["layout", (b) => (b[0] = 2), "result record: layout 2 is not supported (this side reads layout 1)"],
      ["id length 0", (b) => (b[1] = 0), "result record: session id length 0 is outside 1–32"],
      ["id length 33", (b) => (b[1] = 33), "result record: session id length 33 is outside 1–32"],
      [
        "id character",
        (b) => (b[3] = 65),
        "result record: session id has byte 65 at 1; only 0-9, a-z and - are allowed",
      ],
      [
        "start before 2020",
        (_b, v) => v.setBigUint64(ID, 1577836799999n, true),
        "result " +
          id +
          ": start time 1577836799999 ms is outside 2020-01-01 … 2100-01-01 (1577836800000–4102444800000)",
      ],
      [
        "start after 2100",
        (_b, v) => v.setBigUint64(ID, 4102444800001n, true),
        "result " +
          id +
          ": start time 4102444800001 ms is outside 2020-01-01 … 2100-01-01 (1577836800000–4102444800000)",
      ],
      [
        "start past 2^53",
        (_b, v) => v.setBigUint64(ID, 2n ** 64n - 1n, true),
        "result " +
          id +
          ": start time 18446744073709552000 ms is outside 2020-01-01 … 2100-01-01 (1577836800000–4102444800000)",
      ],
      [
        "duration",
        (_b, v) => v.setUint32(ID + 8, 172800001, true),
        "result " + id + ": duration 172800001 ms is outside 0–172800000",
      ],
      [
        "session flags",
        (b) => (b[ID + 12] = 5),
        "result " + id + ": session flags 5 set bits other than 0 (completed) and 1 (time unknown)",
      ],
      [
        "UTC offset",
        (_b, v) => v.setInt16(ID + 13, -841, true),
        "result " + id + ": UTC offset -841 min is outside ±840",
      ],
      ["routine field", (b) => (b[ID + 15 + 2] = 61), "result " + id + ": routine: holdSeconds 61 is outside 5–60"],
      ["hold count", (b) => (b[HOLD - 1] = 7), "result " + id + ": 7 holds but the routine plans only 6"],
      [
        "hold count past the end",
        (b) => (b[HOLD - 1] = 2),
        "result " + id + ", hold 2: the record ends inside the hold",
      ],
      ["leg", (b) => (b[HOLD] = 2), "result " + id + ", hold 1: leg 2 is not 0 (left) or 1 (right)"],
      ["rep 0", (b) => (b[HOLD + 1] = 0), "result " + id + ", hold 1: rep 0 is outside 1–3"],
      ["rep past the routine", (b) => (b[HOLD + 1] = 4), "result " + id + ", hold 1: rep 4 is outside 1–3"],
      [
        "achieved",
        (_b, v) => v.setUint16(HOLD + 2, 30001, true),
        "result " + id + ", hold 1: achieved 30001 ms is outside 0–30000",
      ],
      [
        "hold flags",
        (b) => (b[HOLD + 4] = 2),
        "result " + id + ", hold 1: hold flags 2 set bits other than bit 0 (ended early)",
      ],
      [
        "steadiness",
        (b) => (b[HOLD + 5] = 101),
        "result " + id + ", hold 1: steadiness 101 is outside 0–100 (255 = no motion data)",
      ],
      [
        "bouncing",
        (_b, v) => v.setUint16(HOLD + 6, 30001, true),
        "result " + id + ", hold 1: bouncing 30001 ms is more than the 30000 ms held",
      ],
      ["bounce count", (b) => (b[HOLD + 8] = 101), "result " + id + ", hold 1: 101 bounce warnings exceed 100"],
      [
        "bounce count past the end",
        (b) => (b[HOLD + 8] = 3),
        "result " + id + ", hold 1: the record ends inside the bounce warnings",
      ],
      [
        "bounce time",
        (_b, v) => v.setUint16(HOLD + 9, 30001, true),
        "result " + id + ", hold 1: bounce warning at 30001 ms is outside 0–30000",
      ],
      [
        "bounce order",
        (_b, v) => v.setUint16(HOLD + 11, 999, true),
        "result " + id + ", hold 1: bounce warning at 999 ms comes before the one at 1000 ms",
      ],
      ["bounce count short", (b) => (b[HOLD + 8] = 1), "result " + id + ": 2 bytes follow the last hold"],
    ];
    for (const [name, edit, reason] of cases) it(name, () => expect(mutated(edit)).toBe(reason));
    it("length", () => {
      const bytes = record(base);
      expect(reasonOf(decodeResultRecord(bytes.subarray(0, 35)))).toBe(
        "result record: 35 bytes is too short for its header (41)",
      );
      expect(reasonOf(decodeResultRecord(bytes.subarray(0, 5)))).toBe(
        "result record: 5 bytes is shorter than the smallest record (29)",
      );
      expect(reasonOf(decodeResultRecord(new Uint8Array(4097)))).toBe("result record: 4097 bytes is longer than 4096");
      expect(reasonOf(decodeResultRecord(new Uint8Array([...bytes, 0])))).toBe(
        "result " + id + ": 1 bytes follow the last hold",
      );
    });
  });
});

describe("a torn record's recovery", () => {
  it("keeps the header and the holds before the tear, never more than was written, and cuts nothing whole", () => {
    fc.assert(
      fc.property(resultArb, fc.double({ min: 0, max: 1, noNaN: true }), (result, where) => {
        const bytes = record(result);
        expect(recoverTornRecord(bytes, result.id)).toBeNull(); // whole: not torn
        const at = Math.min(bytes.length - 1, Math.floor(where * bytes.length));
        const torn = bytes.slice();
        torn.fill(0xff, at);
        const recovered = recoverTornRecord(torn, result.id);
        const header = 28 + result.id.length;
        if (at < header) {
          expect(recovered).toBeNull(); // the tear reaches the header
          return;
        }
        expect(recovered).not.toBeNull();
        const whole = valueOf(decodeResultRecord(bytes));
        const back = valueOf(decodeResultRecord(recovered as Uint8Array));
        expect((recovered as Uint8Array).length).toBeLessThanOrEqual(at);
        expect({ ...back, holds: [], completed: false }).toEqual({ ...whole, holds: [], completed: false });
        expect(back.completed).toBe(whole.completed && back.holds.length === whole.holds.length);
        back.holds.forEach((h, i) => {
          const original = whole.holds[i];
          expect({ ...h, bounceAtMs: [] }).toEqual({ ...original, bounceAtMs: [] });
          expect(original.bounceAtMs.slice(0, h.bounceAtMs.length)).toEqual(h.bounceAtMs);
          if (i < back.holds.length - 1) expect(h.bounceAtMs).toEqual(original.bounceAtMs);
        });
      }),
    );
  });
});

describe("results values", () => {
  it("round-trip chunks, none and bad cursor", () => {
    const rec = record(largestResult());
    const crc = crc32(rec);
    for (let offset = 0; offset < rec.length; offset += MAX_CHUNK_PAYLOAD) {
      const chunk = resultsChunk(rec, crc, offset, 300);
      const bytes = encodeResultsValue(chunk);
      expect(bytes.length).toBe(10 + Math.min(128, rec.length - offset));
      expect(valueOf(decodeResultsValue(bytes))).toEqual({ ...chunk, pending: 255 });
    }
    expect(Array.from(encodeResultsValue({ kind: "none" }))).toEqual([0, 0]);
    expect(valueOf(decodeResultsValue([0, 0]))).toEqual({ kind: "none" });
    const bad = encodeResultsValue({ kind: "bad-cursor", pending: 2, total: 95, requested: 95 });
    expect(Array.from(bad)).toEqual([2, 2, 95, 0, 95, 0]);
    expect(valueOf(decodeResultsValue(bad))).toEqual({ kind: "bad-cursor", pending: 2, total: 95, requested: 95 });
  });
  it("a decoded chunk's payload is a copy", () => {
    const bytes = encodeResultsValue(resultsChunk(new Uint8Array([5, 6, 7]), 1, 0, 1));
    const chunk = valueOf(decodeResultsValue(bytes));
    bytes[10] = 99;
    expect(chunk.kind === "chunk" && Array.from(chunk.payload)).toEqual([5, 6, 7]);
  });
  it("rejects every bound", () => {
    const chunk = (pending: number, total: number, offset: number, payload: number) => {
      const b = new Uint8Array(10 + payload);
      const v = new DataView(b.buffer);
      b[0] = 1;
      b[1] = pending;
      v.setUint16(2, total, true);
      v.setUint16(4, offset, true);
      return decodeResultsValue(b);
    };
    expect(chunk(1, 200, 0, 128).ok).toBe(true);
    expect(reasonOf(chunk(0, 200, 0, 128))).toBe("results: a chunk says 0 records are pending");
    expect(reasonOf(chunk(1, 0, 0, 1))).toBe("results: record length 0 is outside 1–4096");
    expect(reasonOf(chunk(1, 4097, 0, 1))).toBe("results: record length 4097 is outside 1–4096");
    expect(reasonOf(chunk(1, 200, 200, 1))).toBe("results: chunk offset 200 is not inside the 200-byte record");
    expect(reasonOf(chunk(1, 200, 100, 101))).toBe("results: chunk of 101 bytes at 100 runs past the 200-byte record");
    expect(reasonOf(chunk(1, 200, 0, 129))).toBe("results: a chunk is at most 138 bytes but got 139");
    expect(reasonOf(chunk(1, 200, 0, 0))).toBe("results: a chunk is at least 11 bytes but got 10");
    expect(reasonOf(decodeResultsValue([0, 1]))).toBe("results: a 'none' value says 1 records are pending");
    expect(reasonOf(decodeResultsValue([0]))).toBe("results: a 'none' value is 2 bytes but got 1");
    expect(reasonOf(decodeResultsValue([2, 1, 100, 0, 99, 0]))).toBe(
      "results: bad cursor 99 is inside the 100-byte record",
    );
    expect(reasonOf(decodeResultsValue([2, 0, 100, 0, 100, 0]))).toBe(
      "results: a bad-cursor value says 0 records are pending",
    );
    expect(reasonOf(decodeResultsValue([2, 1, 100, 0, 100]))).toBe("results: a bad-cursor value is 6 bytes but got 5");
    expect(reasonOf(decodeResultsValue([3, 0]))).toBe("results: unknown value kind 3 (0 none, 1 chunk, 2 bad cursor)");
    expect(reasonOf(decodeResultsValue([]))).toBe("results: the value is empty");
  });
  it("the cursor is a little-endian u16", () => {
    expect(Array.from(encodeResultsCursor(1280))).toEqual([0, 5]);
    expect(valueOf(decodeResultsCursor([0, 5]))).toBe(1280);
    expect(reasonOf(decodeResultsCursor([0]))).toBe("results cursor: expected 2 bytes but got 1");
    expect(reasonOf(decodeResultsCursor([0, 0, 0]))).toBe("results cursor: expected 2 bytes but got 3");
  });
});

const liveArb: fc.Arbitrary<LiveState> = fc
  .record({
    phase: fc.constantFrom(...PHASE_CODES),
    paused: fc.boolean(),
    bouncingNow: fc.boolean(),
    leg: fc.constantFrom("left" as const, "right" as const),
    repsPerLeg: fc.integer({ min: 1, max: 5 }),
    rep: fc.integer({ min: 1, max: 5 }),
    holdSeconds: fc.integer({ min: 5, max: 60 }),
    remainingTenths: fc.integer({ min: 0, max: 1200 }),
    bounceCount: fc.integer({ min: 0, max: 100 }),
    lastBounceTenths: fc.integer({ min: -1, max: 600 }),
    steadiness: fc.integer({ min: -1, max: 100 }),
    sequence: fc.integer({ min: 0, max: 255 }),
  })
  .map((l) => ({
    ...l,
    rep: l.phase === "idle" ? 0 : Math.min(l.rep, l.repsPerLeg),
    lastBounceTenths: Math.min(l.lastBounceTenths, l.holdSeconds * 10),
  }));

describe("live state", () => {
  it("round-trips every valid state in 14 bytes", () => {
    fc.assert(
      fc.property(liveArb, (live) => {
        const bytes = encodeLiveState(live);
        expect(bytes.length).toBe(LIVE_STATE_LENGTH);
        expect(valueOf(decodeLiveState(bytes))).toEqual(live);
      }),
    );
  });
  it("lays a paused hold with a warning out as the document's table", () => {
    const live: LiveState = {
      phase: "hold",
      paused: true,
      bouncingNow: true,
      leg: "right",
      rep: 2,
      repsPerLeg: 3,
      holdSeconds: 30,
      remainingTenths: 1234 - 100,
      bounceCount: 4,
      lastBounceTenths: 256,
      steadiness: -1,
      sequence: 9,
    };
    expect(Array.from(encodeLiveState(live))).toEqual([2, 3, 1, 2, 3, 30, 1134 & 255, 1134 >> 8, 4, 0, 1, 255, 9, 0]);
  });
  it("rejects every bound", () => {
    const good = Array.from(
      encodeLiveState({
        phase: "hold",
        paused: false,
        bouncingNow: false,
        leg: "left",
        rep: 1,
        repsPerLeg: 3,
        holdSeconds: 30,
        remainingTenths: 100,
        bounceCount: 0,
        lastBounceTenths: -1,
        steadiness: 50,
        sequence: 0,
      }),
    );
    const withBytes = (edits: Array<[number, number]>) => {
      const b = good.slice();
      for (const [i, v] of edits) b[i] = v;
      return reasonOf(decodeLiveState(b));
    };
    expect(withBytes([[0, 6]])).toBe("live state: phase 6 is outside 0–5");
    expect(withBytes([[1, 4]])).toBe("live state: flags 4 set bits other than 0 (paused) and 1 (bouncing)");
    expect(withBytes([[2, 2]])).toBe("live state: leg 2 is not 0 (left) or 1 (right)");
    expect(withBytes([[3, 0]])).toBe("live state: rep 0 is outside 1–3");
    expect(withBytes([[3, 4]])).toBe("live state: rep 4 is outside 1–3");
    expect(withBytes([[0, 0]])).toBe("live state: rep 1 is outside 0 (idle)");
    expect(withBytes([[4, 6]])).toBe("live state: repsPerLeg 6 is outside 1–5");
    expect(withBytes([[5, 61]])).toBe("live state: holdSeconds 61 is outside 5–60");
    expect(
      withBytes([
        [6, 1201 & 255],
        [7, 1201 >> 8],
      ]),
    ).toBe("live state: remaining 1201 tenths of a second is outside 0–1200");
    expect(withBytes([[8, 101]])).toBe("live state: bounce count 101 exceeds 100");
    expect(
      withBytes([
        [9, 45],
        [10, 1],
      ]),
    ).toBe("live state: last bounce at 301 tenths of a second is outside 0–300 (0xFFFF = none)");
    expect(withBytes([[11, 101]])).toBe("live state: steadiness 101 is outside 0–100 (255 = unknown)");
    expect(withBytes([[13, 1]])).toBe("live state: reserved byte is 1, not 0");
    expect(reasonOf(decodeLiveState(good.slice(0, 13)))).toBe("live state: expected 14 bytes but got 13");
  });
});

const commandArb: fc.Arbitrary<ControlCommand> = fc.oneof(
  fc.constantFrom<ControlCommand>({ op: "start" }, { op: "pause" }, { op: "resume" }, { op: "end" }),
  fc.stringMatching(/^[0-9a-z-]{1,32}$/).map((id): ControlCommand => ({ op: "ack-result", id })),
  fc
    .record({
      nowMs: fc.integer({ min: 1577836800000, max: 4102444800000 }),
      utcOffsetMinutes: fc.integer({ min: -840, max: 840 }),
    })
    .map((c): ControlCommand => ({ op: "set-clock", ...c })),
);

describe("control point", () => {
  it("round-trips every valid command", () => {
    fc.assert(
      fc.property(commandArb, (command) => {
        expect(valueOf(decodeControlCommand(encodeControlCommand(command)))).toEqual(command);
      }),
    );
    expect(Array.from(encodeControlCommand({ op: "end" }))).toEqual([4]);
    expect(Array.from(encodeControlCommand({ op: "ack-result", id: "a-1" }))).toEqual([5, 3, 97, 45, 49]);
  });
  it("answers unknown opcodes with 0x02 and bad parameters with 0x03, with a reason", () => {
    const failure = (bytes: number[]) => {
      const d = decodeControlCommand(bytes);
      expect(d.ok).toBe(false);
      return d.ok ? null : [d.opcode, d.code, d.reason];
    };
    expect(failure([0x07])).toEqual([7, RESPONSE_CODE.NOT_SUPPORTED, "control point: opcode 7 is not supported"]);
    expect(failure([0x20, 1])).toEqual([
      0x20,
      RESPONSE_CODE.NOT_SUPPORTED,
      "control point: opcode 32 is not supported",
    ]);
    expect(failure([])).toEqual([0, RESPONSE_CODE.INVALID_PARAMETER, "control point: the write is empty"]);
    expect(failure([1, 0])).toEqual([1, 3, "control point: START takes no parameters but got 1 bytes"]);
    expect(failure([5, 0, 97])).toEqual([5, 3, "control point: ACK_RESULT id length 0 is outside 1–32"]);
    expect(failure([5, 2, 97])).toEqual([5, 3, "control point: ACK_RESULT says 2 id bytes but carries 1"]);
    expect(failure([5, 1, 65])).toEqual([
      5,
      3,
      "control point: ACK_RESULT id has byte 65 at 0; only 0-9, a-z and - are allowed",
    ]);
    expect(failure([5])).toEqual([5, 3, "control point: ACK_RESULT needs an id length and an id"]);
    expect(failure([5, 33, ...new Array(33).fill(97)])).toEqual([5, 3, "control point: 35 bytes is longer than 34"]);
    const clock = (nowMs: number, offset: number) =>
      encodeControlCommand({ op: "set-clock", nowMs, utcOffsetMinutes: offset });
    expect(failure(Array.from(clock(1000, 0)))).toEqual([
      6,
      3,
      "control point: SET_CLOCK time 1000 ms is outside 2020-01-01 … 2100-01-01 (1577836800000–4102444800000)",
    ]);
    expect(failure(Array.from(clock(1.5e12 + 0.5, 0)))).toEqual([
      6,
      3,
      "control point: SET_CLOCK time 18446744073709552000 ms is outside 2020-01-01 … 2100-01-01 (1577836800000–4102444800000)",
    ]);
    expect(failure(Array.from(clock(1767225600000, 841)))).toEqual([
      6,
      3,
      "control point: SET_CLOCK UTC offset 841 min is outside ±840",
    ]);
    expect(failure(Array.from(clock(1767225600000, 0)).slice(0, 10))).toEqual([
      6,
      3,
      "control point: SET_CLOCK is 11 bytes but got 10",
    ]);
  });
  it("responses are [0x80, opcode, code, sequence]", () => {
    const bytes = encodeControlResponse({
      opcode: OPCODE.ROUTINE_WRITE,
      code: RESPONSE_CODE.INVALID_PARAMETER,
      sequence: 256 + 7,
    });
    expect(Array.from(bytes)).toEqual([0x80, 0x20, 3, 7]);
    expect(valueOf(decodeControlResponse(bytes))).toEqual({ opcode: 0x20, code: 3, sequence: 7 });
    expect(valueOf(decodeControlResponse([0x80, 0, 0, 0]))).toEqual({ opcode: 0, code: 0, sequence: 0 });
    expect(reasonOf(decodeControlResponse([0x81, 1, 1, 1]))).toBe(
      "control response: first byte 129 is not the response marker 128",
    );
    expect(reasonOf(decodeControlResponse([0x80, 1, 6, 1]))).toBe("control response: code 6 is outside 0–5");
    expect(reasonOf(decodeControlResponse([0x80, 1, 0, 1]))).toBe(
      "control response: code 0 (nothing answered yet) only comes as [0x80, 0, 0, 0]",
    );
    expect(reasonOf(decodeControlResponse([0x80, 1, 1]))).toBe("control response: expected 4 bytes but got 3");
    expect(describeResponseCode(5)).toBe("unknown result id (already acknowledged)");
    expect(describeResponseCode(9)).toBe("unknown response code 9");
  });
});

describe("decoders never throw", () => {
  const decoders: Array<[string, (data: unknown) => { ok: boolean; reason?: string }]> = [
    ["version", decodeProfileVersion],
    ["check version", checkProfileVersion],
    ["routine", decodeRoutineValue],
    ["record", decodeResultRecord],
    ["results", decodeResultsValue],
    ["cursor", decodeResultsCursor],
    ["live", decodeLiveState],
    ["control", decodeControlCommand],
    ["response", decodeControlResponse],
  ];
  const valid = [
    encodeProfileVersion(),
    encodeRoutineValue(DEFAULT_ROUTINE),
    record(defaultSession(3)),
    encodeResultsValue(resultsChunk(record(defaultSession(3)), 77, 0, 1)),
    encodeResultsCursor(3),
    encodeLiveState({
      phase: "rest",
      paused: false,
      bouncingNow: false,
      leg: "left",
      rep: 2,
      repsPerLeg: 3,
      holdSeconds: 30,
      remainingTenths: 50,
      bounceCount: 0,
      lastBounceTenths: -1,
      steadiness: -1,
      sequence: 3,
    }),
    encodeControlCommand({ op: "ack-result", id: "abc" }),
    encodeControlResponse({ opcode: 1, code: 1, sequence: 1 }),
  ];
  const check = (decode: (data: unknown) => { ok: boolean; reason?: string }, data: unknown) => {
    const d = decode(data);
    if (!d.ok) expect(typeof d.reason === "string" && d.reason.length > 10).toBe(true);
  };
  it("on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => decoders.forEach(([, decode]) => check(decode, bytes))),
      { numRuns: 2000 },
    );
  });
  it("on valid values with bytes changed, cut or added", () => {
    const mutation = fc.record({
      which: fc.nat(valid.length - 1),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      cut: fc.nat(),
      extra: fc.uint8Array({ maxLength: 3 }),
    });
    fc.assert(
      fc.property(mutation, ({ which, edits, cut, extra }) => {
        const bytes = Uint8Array.from(valid[which]);
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        const cutTo = cut % (bytes.length + 1);
        for (const data of [bytes, bytes.subarray(0, cutTo), new Uint8Array([...bytes, ...extra])])
          decoders.forEach(([, decode]) => check(decode, data));
      }),
      { numRuns: 3000 },
    );
  });
  it("on anything that is not bytes, and on every byte container a transport hands over", () => {
    fc.assert(fc.property(fc.anything(), (value) => decoders.forEach(([, decode]) => check(decode, value))));
    const hostile = new Proxy([], {
      get: () => {
        throw new Error("boom");
      },
    });
    for (const [name, decode] of decoders) {
      for (const value of [null, undefined, 3, "abc", {}, hostile, [1, 2, 300], [1.5], new Float32Array(3)]) {
        const d = decode(value);
        expect(d.ok, name).toBe(false);
        expect(d.reason, name).toMatch(/expected bytes but got|empty|expected|unreadable/);
      }
    }
    const routine = encodeRoutineValue(DEFAULT_ROUTINE);
    const padded = new Uint8Array(20);
    padded.set(routine, 5);
    for (const data of [
      routine,
      routine.buffer,
      new DataView(padded.buffer, 5, 11),
      padded.subarray(5, 16),
      Array.from(routine),
    ]) {
      expect(valueOf(decodeRoutineValue(data))).toEqual(DEFAULT_ROUTINE);
    }
    expect(toBytes([0, 255])).toEqual(new Uint8Array([0, 255]));
    expect(toBytes([256])).toBeNull();
  });
});
