// The open Steady Hold GATT profile (docs/gatt-profile.md): UUIDs, byte layouts, bounds and CRC-32.
// Shared by the web companion (central), its demo wearable and the Bangle.js app (peripheral).
// Pure and ES5-safe: Espruino runs it (Uint8Array and byte arithmetic only; no Map/Set/find/includes,
// no getters). Decoders take any value (Uint8Array, DataView, ArrayBuffer or a list of bytes) and
// never throw: bad input gives { ok: false, reason } with a readable reason.
import { Aid, Leg, ROUTINE_KEYS, Routine, Sensitivity, routineField } from "./routine";
import { HoldResult, SessionResult } from "./result";
import { Decoded, MAX_BOUNCES_PER_HOLD } from "./protocol";
import { Phase } from "./session";
import { errorText } from "./errors";

export const GATT_PROFILE_MAJOR = 1;
/** 1: result records may set flag bit 1 (time unknown); a 1.0 central rejects such a record whole, so the wearable offers them last. */
export const GATT_PROFILE_MINOR = 1;
/** Result record flags (docs/gatt-profile.md). */
export const RECORD_FLAG_COMPLETED = 1;
/**
 * The session was recorded while the wearable's clock was not set, and the correction that would
 * place it in time was lost (a reboot, or the clock set while the app was not running): startedAt
 * is then the time the wearable found that out, and the session happened at an unknown time before.
 */
export const RECORD_FLAG_TIME_UNKNOWN = 2;

export const SERVICE_UUID = "5e7d0001-0b1d-4c7e-9a3f-2d5ee1a7c0de";
/** The Client Characteristic Configuration descriptor a central writes to subscribe to notifications. */
export const CCCD_UUID = "00002902-0000-1000-8000-00805f9b34fb";

/** Short names of the characteristics, used as keys by the peripheral and the central. */
export type CharacteristicKey = "version" | "routine" | "results" | "live" | "control";
export const CHARACTERISTIC_KEYS: CharacteristicKey[] = ["version", "routine", "results", "live", "control"];
export const CHARACTERISTIC_UUIDS: { [K in CharacteristicKey]: string } = {
  version: "5e7d0002-0b1d-4c7e-9a3f-2d5ee1a7c0de",
  routine: "5e7d0003-0b1d-4c7e-9a3f-2d5ee1a7c0de",
  results: "5e7d0004-0b1d-4c7e-9a3f-2d5ee1a7c0de",
  live: "5e7d0005-0b1d-4c7e-9a3f-2d5ee1a7c0de",
  control: "5e7d0006-0b1d-4c7e-9a3f-2d5ee1a7c0de",
};

/** Bytes of result record per Results read: 10 header bytes + 128 stay well under the 512-byte attribute limit. */
export const MAX_CHUNK_PAYLOAD = 128;
export const CHUNK_HEADER_LENGTH = 10;
/** A result record never exceeds this (the largest possible is 2,150 bytes). */
export const MAX_RECORD_LENGTH = 4096;
export const PROFILE_VERSION_LENGTH = 4;
export const ROUTINE_VALUE_LENGTH = 11;
export const ROUTINE_LAYOUT = 1;
export const RESULT_RECORD_LAYOUT = 1;
export const LIVE_STATE_LENGTH = 14;
export const RESULTS_CURSOR_LENGTH = 2;
export const CONTROL_RESPONSE_LENGTH = 4;
/** ACK_RESULT with a 32-character id: opcode, length, id. */
export const MAX_CONTROL_WRITE_LENGTH = 34;
/** Tenths of a second: the longest phase is a 120-s break between legs. */
export const MAX_LIVE_REMAINING_TENTHS = 1200;
export const MAX_SESSION_ID_LENGTH = 32;

/** Request opcodes as they appear in the control point's write and response. */
export const OPCODE = {
  START: 0x01,
  PAUSE: 0x02,
  RESUME: 0x03,
  END: 0x04,
  ACK_RESULT: 0x05,
  SET_CLOCK: 0x06,
  /** Responses to a write of the Routine characteristic. */
  ROUTINE_WRITE: 0x20,
  /** Responses to a write of the Results cursor. */
  RESULTS_CURSOR: 0x21,
};
export const RESPONSE_MARKER = 0x80;

export const RESPONSE_CODE = {
  /** Only in the response's value before the first request: nothing answered yet. */
  NONE: 0x00,
  SUCCESS: 0x01,
  NOT_SUPPORTED: 0x02,
  INVALID_PARAMETER: 0x03,
  NOT_ALLOWED: 0x04,
  UNKNOWN_RESULT: 0x05,
};

const RESPONSE_CODE_TEXT = [
  "no request answered yet",
  "success",
  "opcode not supported",
  "invalid parameter",
  "not allowed now",
  "unknown result id (already acknowledged)",
];

/** Plain words for a response code, for logs and the page. */
export function describeResponseCode(code: number): string {
  return code >= 0 && code < RESPONSE_CODE_TEXT.length && Math.floor(code) === code
    ? RESPONSE_CODE_TEXT[code]
    : "unknown response code " + code;
}

// Timestamps: 2020-01-01 … 2100-01-01; sessions last at most 2 days; offsets −14 h … +14 h.
export const MIN_TIMESTAMP_MS = 1577836800000;
export const MAX_TIMESTAMP_MS = 4102444800000;
export const MAX_DURATION_MS = 2 * 24 * 3600 * 1000;
export const MAX_UTC_OFFSET_MINUTES = 840;

// ---------------------------------------------------------------- bytes in and out

/** Any byte container a transport hands over, as a Uint8Array view (no copy); null when it is none. */
export function toBytes(data: unknown): Uint8Array | null {
  try {
    if (data instanceof Uint8Array) return data;
    if (typeof DataView !== "undefined" && data instanceof DataView)
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (Array.isArray(data)) {
      const out = new Uint8Array(data.length);
      for (let i = 0; i < data.length; i++) {
        const b = data[i];
        if (typeof b !== "number" || Math.floor(b) !== b || b < 0 || b > 255) return null;
        out[i] = b;
      }
      return out;
    }
  } catch (e) {
    return null;
  }
  return null;
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason: reason };
}

function describeInput(data: unknown): string {
  if (data === null) return "null";
  if (data === undefined) return "nothing";
  if (typeof data === "string") return "a string";
  if (typeof data === "object") return "an object";
  return String(data);
}

/**
 * Sequential little-endian reader/writer over bytes; callers check lengths first, so reads stay in
 * bounds. Plain byte arithmetic, no DataView: Espruino's 64-bit float stores are wrong in the Bangle.js
 * emulator (2v29.74), and byte operations are as quick there.
 */
interface Reader {
  bytes: Uint8Array;
  at: number;
}

function reader(bytes: Uint8Array): Reader {
  return { bytes: bytes, at: 0 };
}

function u8(r: Reader): number {
  return r.bytes[r.at++];
}

function u16(r: Reader): number {
  const b = r.bytes;
  const v = b[r.at] | (b[r.at + 1] << 8);
  r.at += 2;
  return v;
}

function i16(r: Reader): number {
  const v = u16(r);
  return v >= 0x8000 ? v - 0x10000 : v;
}

function u32(r: Reader): number {
  const b = r.bytes;
  const v = (b[r.at] | (b[r.at + 1] << 8) | (b[r.at + 2] << 16) | (b[r.at + 3] << 24)) >>> 0;
  r.at += 4;
  return v;
}

const TWO_TO_32 = 4294967296;

/** A u64 as two u32 (low word first). Every value this profile allows is far below 2^53, so a number holds it exactly. */
function u64(r: Reader): number {
  const low = u32(r);
  return u32(r) * TWO_TO_32 + low;
}

function writer(length: number): Reader {
  return reader(new Uint8Array(length));
}

function put8(w: Reader, v: number): void {
  w.bytes[w.at++] = v & 255;
}

function put16(w: Reader, v: number): void {
  w.bytes[w.at++] = v & 255;
  w.bytes[w.at++] = (v >> 8) & 255;
}

function putI16(w: Reader, v: number): void {
  put16(w, v < 0 ? v + 0x10000 : v);
}

function put32(w: Reader, v: number): void {
  put16(w, v & 0xffff);
  put16(w, (v >>> 16) & 0xffff);
}

/** A whole number 0 … 2^53 as a u64; anything else (negative, fractional, NaN) is written as 2^64 − 1, which no bound accepts. */
function putU64(w: Reader, v: number): void {
  if (!(v >= 0 && v <= 9007199254740991 && Math.floor(v) === v)) {
    put32(w, 0xffffffff);
    put32(w, 0xffffffff);
    return;
  }
  const high = Math.floor(v / TWO_TO_32);
  put32(w, v - high * TWO_TO_32);
  put32(w, high);
}

function clamp(v: number, min: number, max: number): number {
  if (typeof v !== "number" || v !== v) return min;
  return v < min ? min : v > max ? max : Math.round(v);
}

function inRange(v: number, min: number, max: number): boolean {
  return v >= min && v <= max;
}

/** Copies `length` bytes of `source` from `start` into a new array (Espruino has no TypedArray.slice everywhere). */
export function copyBytes(source: Uint8Array, start: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = source[start + i];
  return out;
}

// ---------------------------------------------------------------- CRC-32

// IEEE 802.3 CRC-32 (as zlib), reflected, four bits at a time: a 16-entry table is small enough for
// Espruino and needs half the steps of a bitwise loop.
const CRC_NIBBLE_TABLE = [
  0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c, 0xedb88320,
  0xf00f9344, 0xd6d6a3e8, 0xcb61b38c, 0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
];

/** CRC-32 (IEEE) of bytes[start, end) as an unsigned number; the whole array by default. */
export function crc32(bytes: Uint8Array, start?: number, end?: number): number {
  const from = start === undefined ? 0 : start;
  const to = end === undefined ? bytes.length : end;
  let crc = -1;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    crc = (crc >>> 4) ^ CRC_NIBBLE_TABLE[(crc ^ b) & 15];
    crc = (crc >>> 4) ^ CRC_NIBBLE_TABLE[(crc ^ (b >>> 4)) & 15];
  }
  return (crc ^ -1) >>> 0;
}

// ---------------------------------------------------------------- profile version

export interface ProfileVersion {
  major: number;
  minor: number;
  /** Bytes of result record per Results read. */
  maxChunkPayload: number;
}

export function encodeProfileVersion(version?: ProfileVersion): Uint8Array {
  const v =
    version === undefined
      ? { major: GATT_PROFILE_MAJOR, minor: GATT_PROFILE_MINOR, maxChunkPayload: MAX_CHUNK_PAYLOAD }
      : version;
  const w = writer(PROFILE_VERSION_LENGTH);
  put8(w, clamp(v.major, 0, 255));
  put8(w, clamp(v.minor, 0, 255));
  put16(w, clamp(v.maxChunkPayload, 1, 512 - CHUNK_HEADER_LENGTH));
  return w.bytes;
}

/**
 * The version value as sent. A later minor version may append fields, so longer values are read
 * for their first 4 bytes. Use checkProfileVersion to also refuse a major this code does not know.
 */
export function decodeProfileVersion(data: unknown): Decoded<ProfileVersion> {
  const bytes = toBytes(data);
  if (bytes === null) return fail("profile version: expected bytes but got " + describeInput(data));
  if (bytes.length < PROFILE_VERSION_LENGTH)
    return fail("profile version: expected " + PROFILE_VERSION_LENGTH + " bytes but got " + bytes.length);
  try {
    const r = reader(bytes);
    const major = u8(r);
    const minor = u8(r);
    const maxChunkPayload = u16(r);
    if (!inRange(maxChunkPayload, 1, 512 - CHUNK_HEADER_LENGTH))
      return fail(
        "profile version: max chunk payload " + maxChunkPayload + " is outside 1–" + (512 - CHUNK_HEADER_LENGTH),
      );
    return { ok: true, value: { major: major, minor: minor, maxChunkPayload: maxChunkPayload } };
  } catch (e) {
    return fail("profile version: unreadable (" + errorText(e) + ")");
  }
}

/** The version value, refused with both versions named when its major is not the one this code speaks. */
export function checkProfileVersion(data: unknown): Decoded<ProfileVersion> {
  const decoded = decodeProfileVersion(data);
  if (!decoded.ok) return decoded;
  const v = decoded.value;
  if (v.major !== GATT_PROFILE_MAJOR) {
    return fail(
      "the wearable speaks Steady Hold profile " +
        v.major +
        "." +
        v.minor +
        " but this side speaks " +
        GATT_PROFILE_MAJOR +
        "." +
        GATT_PROFILE_MINOR +
        "; update the older of the two",
    );
  }
  return decoded;
}

// ---------------------------------------------------------------- routine

// Choice fields with text options travel as the option's index; numeric options as the number itself.
function routineFieldCode(key: keyof Routine, value: unknown): number {
  const spec = routineField(key);
  if (spec.kind === "integer") return clamp(value as number, spec.min, spec.max);
  for (let i = 0; i < spec.options.length; i++) {
    if (spec.options[i] === value) return typeof spec.options[i] === "number" ? (spec.options[i] as number) : i;
  }
  // Not one of the options: the first one, so the bytes still decode (encoders get valid routines).
  return typeof spec.options[0] === "number" ? (spec.options[0] as number) : 0;
}

function describeOptions(key: keyof Routine): string {
  const spec = routineField(key);
  if (spec.kind === "integer") return spec.min + "–" + spec.max;
  const parts: string[] = [];
  for (let i = 0; i < spec.options.length; i++)
    parts.push(typeof spec.options[i] === "number" ? String(spec.options[i]) : i + " (" + spec.options[i] + ")");
  return parts.join(", ");
}

function routineFieldValue(
  key: keyof Routine,
  code: number,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  const spec = routineField(key);
  if (spec.kind === "integer") {
    if (!inRange(code, spec.min, spec.max)) return fail(key + " " + code + " is outside " + spec.min + "–" + spec.max);
    return { ok: true, value: code };
  }
  for (let i = 0; i < spec.options.length; i++) {
    if (typeof spec.options[i] === "number" ? spec.options[i] === code : i === code)
      return { ok: true, value: spec.options[i] };
  }
  return fail(key + " " + code + " is not one of " + describeOptions(key));
}

function putRoutineFields(w: Reader, routine: Routine): void {
  for (let i = 0; i < ROUTINE_KEYS.length; i++) put8(w, routineFieldCode(ROUTINE_KEYS[i], routine[ROUTINE_KEYS[i]]));
}

/** Reads the 10 routine field bytes; `where` prefixes the reason. */
function readRoutineFields(r: Reader, where: string): Decoded<Routine> {
  const fields: { [key: string]: unknown } = {};
  for (let i = 0; i < ROUTINE_KEYS.length; i++) {
    const key = ROUTINE_KEYS[i];
    const field = routineFieldValue(key, u8(r));
    if (!field.ok) return fail(where + ": " + field.reason);
    fields[key] = field.value;
  }
  return {
    ok: true,
    value: {
      firstLeg: fields.firstLeg as Leg,
      repsPerLeg: fields.repsPerLeg as number,
      holdSeconds: fields.holdSeconds as number,
      restSeconds: fields.restSeconds as number,
      switchSeconds: fields.switchSeconds as number,
      getReadySeconds: fields.getReadySeconds as number,
      lastSecondsCue: fields.lastSecondsCue as Routine["lastSecondsCue"],
      aid: fields.aid as Aid,
      sensitivity: fields.sensitivity as Sensitivity,
      dailyGoal: fields.dailyGoal as number,
    },
  };
}

/** The Routine value. Expects a valid routine (from parseRoutine or a decoder); a field out of bounds is clamped so the bytes always decode. */
export function encodeRoutineValue(routine: Routine): Uint8Array {
  const w = writer(ROUTINE_VALUE_LENGTH);
  put8(w, ROUTINE_LAYOUT);
  putRoutineFields(w, routine);
  return w.bytes;
}

export function decodeRoutineValue(data: unknown): Decoded<Routine> {
  const bytes = toBytes(data);
  if (bytes === null) return fail("routine: expected bytes but got " + describeInput(data));
  if (bytes.length !== ROUTINE_VALUE_LENGTH)
    return fail("routine: expected " + ROUTINE_VALUE_LENGTH + " bytes but got " + bytes.length);
  try {
    const r = reader(bytes);
    const layout = u8(r);
    if (layout !== ROUTINE_LAYOUT)
      return fail("routine: layout " + layout + " is not supported (this side reads layout " + ROUTINE_LAYOUT + ")");
    return readRoutineFields(r, "routine");
  } catch (e) {
    return fail("routine: unreadable (" + errorText(e) + ")");
  }
}

// ---------------------------------------------------------------- result record

const RECORD_FIXED_LENGTH = 1 + 1 + 8 + 4 + 1 + 2 + 10 + 1; // + id
const HOLD_FIXED_LENGTH = 1 + 1 + 2 + 1 + 1 + 2 + 1; // + 2 per bounce
const NO_STEADINESS = 255;

/** Bytes `result` takes as a record: 28 + id + per hold 9 + 2 per bounce warning (at most 100 kept). */
export function resultRecordLength(result: SessionResult): number {
  let length = RECORD_FIXED_LENGTH + result.id.length;
  for (let i = 0; i < result.holds.length; i++)
    length += HOLD_FIXED_LENGTH + 2 * Math.min(MAX_BOUNCES_PER_HOLD, result.holds[i].bounceAtMs.length);
  return length;
}

function sortedBounces(bounceAtMs: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < bounceAtMs.length && i < MAX_BOUNCES_PER_HOLD; i++) {
    const v = Math.round(bounceAtMs[i]);
    let j = out.length;
    out.push(v);
    while (j > 0 && out[j - 1] > v) {
      out[j] = out[j - 1];
      j--;
    }
    out[j] = v;
  }
  return out;
}

/**
 * The result as a record (layout 1). Times and scores are rounded to whole numbers, bounce warnings
 * put in time order and cut to the first 100 (as the Fitbit protocol does). The bytes are decoded
 * again before they are returned, so a result that breaks a bound (a hold longer than its target, a
 * start before 2020, …) gives the decoder's reason instead of a record nobody could read. The routine
 * fields are the exception: written as encodeRoutineValue writes them (clamped, an unknown choice as the
 * first option), so a caller holding an untrusted routine checks it first (fieldProblem; the web import does).
 */
export function encodeResultRecord(result: SessionResult): Decoded<Uint8Array> {
  try {
    const id = String(result.id);
    if (id.length < 1 || id.length > MAX_SESSION_ID_LENGTH)
      return fail("result record: session id length " + id.length + " is outside 1–" + MAX_SESSION_ID_LENGTH);
    const startedAt = Math.round(result.startedAt);
    const w = writer(resultRecordLength(result));
    put8(w, RESULT_RECORD_LAYOUT);
    put8(w, id.length);
    for (let i = 0; i < id.length; i++) put8(w, id.charCodeAt(i));
    putU64(w, startedAt);
    const duration = Math.round(result.endedAt) - startedAt;
    // Out-of-range numbers are written as a value the decoder rejects (not wrapped into a valid one).
    put32(w, inRange(duration, 0, 0xffffffff) ? duration : 0xffffffff);
    put8(
      w,
      (result.completed ? RECORD_FLAG_COMPLETED : 0) | (result.timeUnknown === true ? RECORD_FLAG_TIME_UNKNOWN : 0),
    );
    const offset = Math.round(result.utcOffsetMinutes);
    putI16(w, inRange(offset, -32768, 32767) ? offset : -32768);
    putRoutineFields(w, result.routine);
    put8(w, Math.min(255, result.holds.length));
    for (let h = 0; h < result.holds.length; h++) {
      const hold = result.holds[h];
      if (hold.targetSeconds !== result.routine.holdSeconds) {
        return fail(
          "result " +
            id +
            ", hold " +
            (h + 1) +
            ": target " +
            hold.targetSeconds +
            " s differs from the routine's " +
            result.routine.holdSeconds +
            " s",
        );
      }
      put8(w, hold.leg === "right" ? 1 : hold.leg === "left" ? 0 : 255);
      put8(w, clamp(hold.rep, 0, 255));
      const achieved = Math.round(hold.achievedMs);
      put16(w, inRange(achieved, 0, 0xffff) ? achieved : 0xffff);
      put8(w, hold.endedEarly ? 1 : 0);
      const steadiness = Math.round(hold.steadiness);
      put8(w, steadiness === -1 ? NO_STEADINESS : inRange(steadiness, 0, 100) ? steadiness : 254);
      const bouncing = Math.round(hold.bouncingMs);
      put16(w, inRange(bouncing, 0, 0xffff) ? bouncing : 0xffff);
      const bounces = sortedBounces(hold.bounceAtMs);
      put8(w, bounces.length);
      for (let b = 0; b < bounces.length; b++) put16(w, inRange(bounces[b], 0, 0xffff) ? bounces[b] : 0xffff);
    }
    const check = decodeResultRecord(w.bytes);
    if (!check.ok) return check;
    return { ok: true, value: w.bytes };
  } catch (e) {
    return fail("result record: cannot encode (" + errorText(e) + ")");
  }
}

function isSessionIdCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c === 45; // 0-9 a-z -
}

export function decodeResultRecord(data: unknown): Decoded<SessionResult> {
  const bytes = toBytes(data);
  if (bytes === null) return fail("result record: expected bytes but got " + describeInput(data));
  if (bytes.length < RECORD_FIXED_LENGTH + 1)
    return fail(
      "result record: " +
        bytes.length +
        " bytes is shorter than the smallest record (" +
        (RECORD_FIXED_LENGTH + 1) +
        ")",
    );
  if (bytes.length > MAX_RECORD_LENGTH)
    return fail("result record: " + bytes.length + " bytes is longer than " + MAX_RECORD_LENGTH);
  try {
    const r = reader(bytes);
    const layout = u8(r);
    if (layout !== RESULT_RECORD_LAYOUT)
      return fail(
        "result record: layout " + layout + " is not supported (this side reads layout " + RESULT_RECORD_LAYOUT + ")",
      );
    const idLength = u8(r);
    if (!inRange(idLength, 1, MAX_SESSION_ID_LENGTH))
      return fail("result record: session id length " + idLength + " is outside 1–" + MAX_SESSION_ID_LENGTH);
    if (bytes.length < RECORD_FIXED_LENGTH + idLength)
      return fail(
        "result record: " +
          bytes.length +
          " bytes is too short for its header (" +
          (RECORD_FIXED_LENGTH + idLength) +
          ")",
      );
    let id = "";
    for (let i = 0; i < idLength; i++) {
      const c = u8(r);
      if (!isSessionIdCode(c))
        return fail("result record: session id has byte " + c + " at " + i + "; only 0-9, a-z and - are allowed");
      id += String.fromCharCode(c);
    }
    const where = "result " + id;
    const startedAt = u64(r);
    if (!inRange(startedAt, MIN_TIMESTAMP_MS, MAX_TIMESTAMP_MS)) {
      return fail(
        where +
          ": start time " +
          startedAt +
          " ms is outside 2020-01-01 … 2100-01-01 (" +
          MIN_TIMESTAMP_MS +
          "–" +
          MAX_TIMESTAMP_MS +
          ")",
      );
    }
    const duration = u32(r);
    if (duration > MAX_DURATION_MS)
      return fail(where + ": duration " + duration + " ms is outside 0–" + MAX_DURATION_MS);
    const flags = u8(r);
    if ((flags & ~(RECORD_FLAG_COMPLETED | RECORD_FLAG_TIME_UNKNOWN)) !== 0)
      return fail(where + ": session flags " + flags + " set bits other than 0 (completed) and 1 (time unknown)");
    const utcOffset = i16(r);
    if (!inRange(utcOffset, -MAX_UTC_OFFSET_MINUTES, MAX_UTC_OFFSET_MINUTES))
      return fail(where + ": UTC offset " + utcOffset + " min is outside ±" + MAX_UTC_OFFSET_MINUTES);
    const routine = readRoutineFields(r, where + ": routine");
    if (!routine.ok) return routine;
    const holdCount = u8(r);
    const maxHolds = routine.value.repsPerLeg * 2;
    if (holdCount > maxHolds) return fail(where + ": " + holdCount + " holds but the routine plans only " + maxHolds);
    const holds: HoldResult[] = [];
    for (let h = 0; h < holdCount; h++) {
      const hold = readHold(r, routine.value, where + ", hold " + (h + 1));
      if (!hold.ok) return hold;
      holds.push(hold.value);
    }
    if (r.at !== bytes.length) return fail(where + ": " + (bytes.length - r.at) + " bytes follow the last hold");
    const result: SessionResult = {
      id: id,
      startedAt: startedAt,
      endedAt: startedAt + duration,
      completed: (flags & RECORD_FLAG_COMPLETED) !== 0,
      routine: routine.value,
      holds: holds,
      utcOffsetMinutes: utcOffset,
    };
    // Only when set, so a result with a known time decodes exactly as under version 1.0.
    if ((flags & RECORD_FLAG_TIME_UNKNOWN) !== 0) result.timeUnknown = true;
    return { ok: true, value: result };
  } catch (e) {
    return fail("result record: unreadable (" + errorText(e) + ")");
  }
}

/**
 * Why a record stored under `id` may not be offered to a central ("" when it may): it must decode,
 * as that session's. The peripheral asks it before offering a record (setting it aside otherwise),
 * and a watch asks it to tell a whole record from one a reset tore as it was written.
 */
export function storedRecordFault(data: unknown, id: string): string {
  const decoded = decodeResultRecord(data);
  if (!decoded.ok) return decoded.reason;
  return decoded.value.id === id ? "" : "the record carries id " + decoded.value.id;
}

/**
 * The whole part of record `data` of session `id` when a reset tore it as it was written (its size
 * kept, its tail erased flash: 0xFF), as a record that decodes: the header, the holds before the
 * tear (the last one's bounce warnings cut there), marked not completed when a hold is missing. A
 * whole record never ends on 0xFF (its last byte is a hold count, a bounce count or a bounce time's
 * high byte), so the trailing 0xFF run is the tear or after it. Null when the record is not torn so,
 * the tear reaches the header (up to its hold count), or what is left does not decode as `id`'s.
 */
export function recoverTornRecord(data: Uint8Array, id: string): Uint8Array | null {
  let end = data.length;
  while (end > 0 && data[end - 1] === 0xff) end--;
  const header = end >= 2 ? RECORD_FIXED_LENGTH + data[1] : end + 1;
  if (end === data.length || end < header) return null;
  const out = copyBytes(data, 0, end);
  const planned = out[header - 1];
  let at = header;
  let kept = 0;
  while (kept < planned && at + HOLD_FIXED_LENGTH <= end) {
    const count = out[at + HOLD_FIXED_LENGTH - 1];
    const whole = Math.min(count, Math.floor((end - at - HOLD_FIXED_LENGTH) / 2));
    out[at + HOLD_FIXED_LENGTH - 1] = whole;
    at += HOLD_FIXED_LENGTH + 2 * whole;
    kept++;
    if (whole < count) break;
  }
  out[header - 1] = kept;
  // The session flags follow the id, its u64 start and u32 duration.
  if (kept < planned) out[2 + data[1] + 12] &= ~RECORD_FLAG_COMPLETED;
  const recovered = copyBytes(out, 0, at);
  return storedRecordFault(recovered, id) === "" ? recovered : null;
}

function readHold(r: Reader, routine: Routine, where: string): Decoded<HoldResult> {
  if (r.bytes.length - r.at < HOLD_FIXED_LENGTH) return fail(where + ": the record ends inside the hold");
  const leg = u8(r);
  if (leg !== 0 && leg !== 1) return fail(where + ": leg " + leg + " is not 0 (left) or 1 (right)");
  const rep = u8(r);
  if (!inRange(rep, 1, routine.repsPerLeg)) return fail(where + ": rep " + rep + " is outside 1–" + routine.repsPerLeg);
  const maxMs = routine.holdSeconds * 1000;
  const achieved = u16(r);
  if (achieved > maxMs) return fail(where + ": achieved " + achieved + " ms is outside 0–" + maxMs);
  const flags = u8(r);
  if ((flags & 0xfe) !== 0) return fail(where + ": hold flags " + flags + " set bits other than bit 0 (ended early)");
  const steadiness = u8(r);
  if (steadiness > 100 && steadiness !== NO_STEADINESS)
    return fail(where + ": steadiness " + steadiness + " is outside 0–100 (255 = no motion data)");
  const bouncing = u16(r);
  if (bouncing > achieved)
    return fail(where + ": bouncing " + bouncing + " ms is more than the " + achieved + " ms held");
  const count = u8(r);
  if (count > MAX_BOUNCES_PER_HOLD)
    return fail(where + ": " + count + " bounce warnings exceed " + MAX_BOUNCES_PER_HOLD);
  if (r.bytes.length - r.at < count * 2) return fail(where + ": the record ends inside the bounce warnings");
  const bounces: number[] = [];
  for (let b = 0; b < count; b++) {
    const at = u16(r);
    if (at > maxMs) return fail(where + ": bounce warning at " + at + " ms is outside 0–" + maxMs);
    if (b > 0 && at < bounces[b - 1])
      return fail(where + ": bounce warning at " + at + " ms comes before the one at " + bounces[b - 1] + " ms");
    bounces.push(at);
  }
  return {
    ok: true,
    value: {
      leg: leg === 1 ? "right" : "left",
      rep: rep,
      targetSeconds: routine.holdSeconds,
      achievedMs: achieved,
      endedEarly: flags === 1,
      bounceAtMs: bounces,
      steadiness: steadiness === NO_STEADINESS ? -1 : steadiness,
      bouncingMs: bouncing,
    },
  };
}

// ---------------------------------------------------------------- results characteristic

export type ResultsValue =
  | { kind: "none" }
  | { kind: "chunk"; pending: number; total: number; offset: number; crc: number; payload: Uint8Array }
  | { kind: "bad-cursor"; pending: number; total: number; requested: number };

const RESULTS_KIND_NONE = 0;
const RESULTS_KIND_CHUNK = 1;
const RESULTS_KIND_BAD_CURSOR = 2;
const BAD_CURSOR_LENGTH = 6;

/** The Results value. Expects bounds-respecting fields (the peripheral builds them); counts saturate at 255. */
export function encodeResultsValue(value: ResultsValue): Uint8Array {
  if (value.kind === "chunk") {
    const w = writer(CHUNK_HEADER_LENGTH + value.payload.length);
    put8(w, RESULTS_KIND_CHUNK);
    put8(w, clamp(value.pending, 1, 255));
    put16(w, value.total);
    put16(w, value.offset);
    put32(w, value.crc);
    w.bytes.set(value.payload, CHUNK_HEADER_LENGTH);
    return w.bytes;
  }
  if (value.kind === "bad-cursor") {
    const w = writer(BAD_CURSOR_LENGTH);
    put8(w, RESULTS_KIND_BAD_CURSOR);
    put8(w, clamp(value.pending, 1, 255));
    put16(w, value.total);
    put16(w, value.requested);
    return w.bytes;
  }
  return new Uint8Array([RESULTS_KIND_NONE, 0]);
}

/** The chunk of `record` at `offset` (at most MAX_CHUNK_PAYLOAD bytes), as the peripheral serves it. */
export function resultsChunk(record: Uint8Array, crc: number, offset: number, pending: number): ResultsValue {
  const length = Math.min(MAX_CHUNK_PAYLOAD, record.length - offset);
  return {
    kind: "chunk",
    pending: pending,
    total: record.length,
    offset: offset,
    crc: crc,
    payload: record.subarray(offset, offset + length),
  };
}

/** The payload of a decoded chunk is a copy, so the caller may keep it. */
export function decodeResultsValue(data: unknown): Decoded<ResultsValue> {
  const bytes = toBytes(data);
  if (bytes === null) return fail("results: expected bytes but got " + describeInput(data));
  if (bytes.length < 1) return fail("results: the value is empty");
  try {
    const r = reader(bytes);
    const kind = u8(r);
    if (kind === RESULTS_KIND_NONE) {
      if (bytes.length !== 2) return fail("results: a 'none' value is 2 bytes but got " + bytes.length);
      const pending = u8(r);
      if (pending !== 0) return fail("results: a 'none' value says " + pending + " records are pending");
      return { ok: true, value: { kind: "none" } };
    }
    if (kind === RESULTS_KIND_CHUNK) {
      if (bytes.length < CHUNK_HEADER_LENGTH + 1)
        return fail("results: a chunk is at least " + (CHUNK_HEADER_LENGTH + 1) + " bytes but got " + bytes.length);
      if (bytes.length > CHUNK_HEADER_LENGTH + MAX_CHUNK_PAYLOAD)
        return fail(
          "results: a chunk is at most " + (CHUNK_HEADER_LENGTH + MAX_CHUNK_PAYLOAD) + " bytes but got " + bytes.length,
        );
      const pending = u8(r);
      const total = u16(r);
      const offset = u16(r);
      const crc = u32(r);
      const length = bytes.length - CHUNK_HEADER_LENGTH;
      if (pending < 1) return fail("results: a chunk says 0 records are pending");
      if (!inRange(total, 1, MAX_RECORD_LENGTH))
        return fail("results: record length " + total + " is outside 1–" + MAX_RECORD_LENGTH);
      if (offset >= total)
        return fail("results: chunk offset " + offset + " is not inside the " + total + "-byte record");
      if (offset + length > total)
        return fail("results: chunk of " + length + " bytes at " + offset + " runs past the " + total + "-byte record");
      return {
        ok: true,
        value: {
          kind: "chunk",
          pending: pending,
          total: total,
          offset: offset,
          crc: crc,
          payload: copyBytes(bytes, CHUNK_HEADER_LENGTH, length),
        },
      };
    }
    if (kind === RESULTS_KIND_BAD_CURSOR) {
      if (bytes.length !== BAD_CURSOR_LENGTH)
        return fail("results: a bad-cursor value is " + BAD_CURSOR_LENGTH + " bytes but got " + bytes.length);
      const pending = u8(r);
      const total = u16(r);
      const requested = u16(r);
      if (pending < 1) return fail("results: a bad-cursor value says 0 records are pending");
      if (!inRange(total, 1, MAX_RECORD_LENGTH))
        return fail("results: record length " + total + " is outside 1–" + MAX_RECORD_LENGTH);
      if (requested < total)
        return fail("results: bad cursor " + requested + " is inside the " + total + "-byte record");
      return { ok: true, value: { kind: "bad-cursor", pending: pending, total: total, requested: requested } };
    }
    return fail("results: unknown value kind " + kind + " (0 none, 1 chunk, 2 bad cursor)");
  } catch (e) {
    return fail("results: unreadable (" + errorText(e) + ")");
  }
}

export function encodeResultsCursor(offset: number): Uint8Array {
  const w = writer(RESULTS_CURSOR_LENGTH);
  put16(w, clamp(offset, 0, 0xffff));
  return w.bytes;
}

/** The cursor as written; whether it lies inside the record is the peripheral's check. */
export function decodeResultsCursor(data: unknown): Decoded<number> {
  const bytes = toBytes(data);
  if (bytes === null) return fail("results cursor: expected bytes but got " + describeInput(data));
  if (bytes.length !== RESULTS_CURSOR_LENGTH)
    return fail("results cursor: expected " + RESULTS_CURSOR_LENGTH + " bytes but got " + bytes.length);
  return { ok: true, value: bytes[0] | (bytes[1] << 8) };
}

// ---------------------------------------------------------------- live state

/** What the live view shows; the peripheral adds the sequence number. */
export interface LiveFields {
  phase: Phase;
  paused: boolean;
  /** The detector sees bouncing right now. */
  bouncingNow: boolean;
  leg: Leg;
  /** 0 while idle, else 1 … repsPerLeg. */
  rep: number;
  repsPerLeg: number;
  holdSeconds: number;
  /** Tenths of a second left in this phase, 0 … 1200. */
  remainingTenths: number;
  /** Bounce warnings so far in this hold. */
  bounceCount: number;
  /** Tenths of a second into the hold of the latest warning; -1 when none. */
  lastBounceTenths: number;
  /** 0–100; -1 unknown. */
  steadiness: number;
}

export interface LiveState extends LiveFields {
  /** +1 (mod 256) at every change. */
  sequence: number;
}

export const PHASE_CODES: Phase[] = ["idle", "get-ready", "hold", "rest", "switch", "done"];
const NO_LAST_BOUNCE = 0xffff;
const LIVE_FLAG_PAUSED = 1;
const LIVE_FLAG_BOUNCING = 2;

function phaseCode(phase: Phase): number {
  const code = PHASE_CODES.indexOf(phase);
  return code < 0 ? 0 : code;
}

/** The Live state value. Numbers are clamped to their bounds so the value always decodes. */
export function encodeLiveState(live: LiveState): Uint8Array {
  const w = writer(LIVE_STATE_LENGTH);
  put8(w, phaseCode(live.phase));
  put8(w, (live.paused ? LIVE_FLAG_PAUSED : 0) | (live.bouncingNow ? LIVE_FLAG_BOUNCING : 0));
  put8(w, live.leg === "right" ? 1 : 0);
  const repsPerLeg = clamp(live.repsPerLeg, 1, 5);
  put8(w, live.phase === "idle" ? 0 : clamp(live.rep, 1, repsPerLeg));
  put8(w, repsPerLeg);
  put8(w, clamp(live.holdSeconds, 5, 60));
  put16(w, clamp(live.remainingTenths, 0, MAX_LIVE_REMAINING_TENTHS));
  put8(w, clamp(live.bounceCount, 0, MAX_BOUNCES_PER_HOLD));
  put16(w, live.lastBounceTenths < 0 ? NO_LAST_BOUNCE : clamp(live.lastBounceTenths, 0, 600));
  put8(w, live.steadiness < 0 ? NO_STEADINESS : clamp(live.steadiness, 0, 100));
  put8(w, clamp(live.sequence, 0, 255));
  put8(w, 0);
  return w.bytes;
}

export function decodeLiveState(data: unknown): Decoded<LiveState> {
  const bytes = toBytes(data);
  if (bytes === null) return fail("live state: expected bytes but got " + describeInput(data));
  if (bytes.length !== LIVE_STATE_LENGTH)
    return fail("live state: expected " + LIVE_STATE_LENGTH + " bytes but got " + bytes.length);
  try {
    const r = reader(bytes);
    const phase = u8(r);
    if (phase >= PHASE_CODES.length)
      return fail("live state: phase " + phase + " is outside 0–" + (PHASE_CODES.length - 1));
    const flags = u8(r);
    if ((flags & ~(LIVE_FLAG_PAUSED | LIVE_FLAG_BOUNCING)) !== 0)
      return fail("live state: flags " + flags + " set bits other than 0 (paused) and 1 (bouncing)");
    const leg = u8(r);
    if (leg !== 0 && leg !== 1) return fail("live state: leg " + leg + " is not 0 (left) or 1 (right)");
    const rep = u8(r);
    const repsPerLeg = u8(r);
    if (!inRange(repsPerLeg, 1, 5)) return fail("live state: repsPerLeg " + repsPerLeg + " is outside 1–5");
    if (PHASE_CODES[phase] === "idle" ? rep !== 0 : !inRange(rep, 1, repsPerLeg)) {
      return fail(
        "live state: rep " + rep + " is outside " + (PHASE_CODES[phase] === "idle" ? "0 (idle)" : "1–" + repsPerLeg),
      );
    }
    const holdSeconds = u8(r);
    if (!inRange(holdSeconds, 5, 60)) return fail("live state: holdSeconds " + holdSeconds + " is outside 5–60");
    const remaining = u16(r);
    if (remaining > MAX_LIVE_REMAINING_TENTHS)
      return fail(
        "live state: remaining " + remaining + " tenths of a second is outside 0–" + MAX_LIVE_REMAINING_TENTHS,
      );
    const bounceCount = u8(r);
    if (bounceCount > MAX_BOUNCES_PER_HOLD)
      return fail("live state: bounce count " + bounceCount + " exceeds " + MAX_BOUNCES_PER_HOLD);
    const lastBounce = u16(r);
    if (lastBounce !== NO_LAST_BOUNCE && lastBounce > holdSeconds * 10) {
      return fail(
        "live state: last bounce at " +
          lastBounce +
          " tenths of a second is outside 0–" +
          holdSeconds * 10 +
          " (0xFFFF = none)",
      );
    }
    const steadiness = u8(r);
    if (steadiness > 100 && steadiness !== NO_STEADINESS)
      return fail("live state: steadiness " + steadiness + " is outside 0–100 (255 = unknown)");
    const sequence = u8(r);
    const reserved = u8(r);
    if (reserved !== 0) return fail("live state: reserved byte is " + reserved + ", not 0");
    return {
      ok: true,
      value: {
        phase: PHASE_CODES[phase],
        paused: (flags & LIVE_FLAG_PAUSED) !== 0,
        bouncingNow: (flags & LIVE_FLAG_BOUNCING) !== 0,
        leg: leg === 1 ? "right" : "left",
        rep: rep,
        repsPerLeg: repsPerLeg,
        holdSeconds: holdSeconds,
        remainingTenths: remaining,
        bounceCount: bounceCount,
        lastBounceTenths: lastBounce === NO_LAST_BOUNCE ? -1 : lastBounce,
        steadiness: steadiness === NO_STEADINESS ? -1 : steadiness,
        sequence: sequence,
      },
    };
  } catch (e) {
    return fail("live state: unreadable (" + errorText(e) + ")");
  }
}

// ---------------------------------------------------------------- control point

export type SessionCommand = "start" | "pause" | "resume" | "end";

export type ControlCommand =
  | { op: SessionCommand }
  | { op: "ack-result"; id: string }
  | { op: "set-clock"; nowMs: number; utcOffsetMinutes: number };

/** A control point write that failed to decode carries the opcode and response code to answer with. */
export type DecodedCommand =
  { ok: true; value: ControlCommand } | { ok: false; reason: string; opcode: number; code: number };

const SESSION_COMMANDS: SessionCommand[] = ["start", "pause", "resume", "end"]; // opcodes 1–4
const SET_CLOCK_LENGTH = 11;

export function encodeControlCommand(command: ControlCommand): Uint8Array {
  if (command.op === "ack-result") {
    const id = command.id;
    const length = Math.min(MAX_SESSION_ID_LENGTH, id.length);
    const w = writer(2 + length);
    put8(w, OPCODE.ACK_RESULT);
    put8(w, length);
    for (let i = 0; i < length; i++) put8(w, id.charCodeAt(i));
    return w.bytes;
  }
  if (command.op === "set-clock") {
    const w = writer(SET_CLOCK_LENGTH);
    put8(w, OPCODE.SET_CLOCK);
    putU64(w, command.nowMs);
    putI16(w, clamp(command.utcOffsetMinutes, -32768, 32767));
    return w.bytes;
  }
  return new Uint8Array([SESSION_COMMANDS.indexOf(command.op) + 1]);
}

function commandFail(opcode: number, code: number, reason: string): DecodedCommand {
  return { ok: false, reason: reason, opcode: opcode, code: code };
}

export function decodeControlCommand(data: unknown): DecodedCommand {
  const bytes = toBytes(data);
  if (bytes === null)
    return commandFail(
      0,
      RESPONSE_CODE.INVALID_PARAMETER,
      "control point: expected bytes but got " + describeInput(data),
    );
  if (bytes.length < 1) return commandFail(0, RESPONSE_CODE.INVALID_PARAMETER, "control point: the write is empty");
  const opcode = bytes[0];
  if (bytes.length > MAX_CONTROL_WRITE_LENGTH)
    return commandFail(
      opcode,
      RESPONSE_CODE.INVALID_PARAMETER,
      "control point: " + bytes.length + " bytes is longer than " + MAX_CONTROL_WRITE_LENGTH,
    );
  try {
    if (opcode >= OPCODE.START && opcode <= OPCODE.END) {
      const op = SESSION_COMMANDS[opcode - 1];
      if (bytes.length !== 1)
        return commandFail(
          opcode,
          RESPONSE_CODE.INVALID_PARAMETER,
          "control point: " + op.toUpperCase() + " takes no parameters but got " + (bytes.length - 1) + " bytes",
        );
      return { ok: true, value: { op: op } };
    }
    if (opcode === OPCODE.ACK_RESULT) {
      if (bytes.length < 3)
        return commandFail(
          opcode,
          RESPONSE_CODE.INVALID_PARAMETER,
          "control point: ACK_RESULT needs an id length and an id",
        );
      const length = bytes[1];
      if (!inRange(length, 1, MAX_SESSION_ID_LENGTH))
        return commandFail(
          opcode,
          RESPONSE_CODE.INVALID_PARAMETER,
          "control point: ACK_RESULT id length " + length + " is outside 1–" + MAX_SESSION_ID_LENGTH,
        );
      if (bytes.length !== 2 + length)
        return commandFail(
          opcode,
          RESPONSE_CODE.INVALID_PARAMETER,
          "control point: ACK_RESULT says " + length + " id bytes but carries " + (bytes.length - 2),
        );
      let id = "";
      for (let i = 0; i < length; i++) {
        const c = bytes[2 + i];
        if (!isSessionIdCode(c))
          return commandFail(
            opcode,
            RESPONSE_CODE.INVALID_PARAMETER,
            "control point: ACK_RESULT id has byte " + c + " at " + i + "; only 0-9, a-z and - are allowed",
          );
        id += String.fromCharCode(c);
      }
      return { ok: true, value: { op: "ack-result", id: id } };
    }
    if (opcode === OPCODE.SET_CLOCK) {
      if (bytes.length !== SET_CLOCK_LENGTH)
        return commandFail(
          opcode,
          RESPONSE_CODE.INVALID_PARAMETER,
          "control point: SET_CLOCK is " + SET_CLOCK_LENGTH + " bytes but got " + bytes.length,
        );
      const r = reader(bytes);
      r.at = 1;
      const nowMs = u64(r);
      const offset = i16(r);
      if (!inRange(nowMs, MIN_TIMESTAMP_MS, MAX_TIMESTAMP_MS)) {
        return commandFail(
          opcode,
          RESPONSE_CODE.INVALID_PARAMETER,
          "control point: SET_CLOCK time " +
            nowMs +
            " ms is outside 2020-01-01 … 2100-01-01 (" +
            MIN_TIMESTAMP_MS +
            "–" +
            MAX_TIMESTAMP_MS +
            ")",
        );
      }
      if (!inRange(offset, -MAX_UTC_OFFSET_MINUTES, MAX_UTC_OFFSET_MINUTES)) {
        return commandFail(
          opcode,
          RESPONSE_CODE.INVALID_PARAMETER,
          "control point: SET_CLOCK UTC offset " + offset + " min is outside ±" + MAX_UTC_OFFSET_MINUTES,
        );
      }
      return { ok: true, value: { op: "set-clock", nowMs: nowMs, utcOffsetMinutes: offset } };
    }
    return commandFail(opcode, RESPONSE_CODE.NOT_SUPPORTED, "control point: opcode " + opcode + " is not supported");
  } catch (e) {
    return commandFail(opcode, RESPONSE_CODE.INVALID_PARAMETER, "control point: unreadable (" + errorText(e) + ")");
  }
}

export interface ControlResponse {
  /** The opcode answered: 1–6, 0x20 (Routine write), 0x21 (Results cursor), any unsupported opcode as written, 0 for an empty write. */
  opcode: number;
  code: number;
  /** +1 (mod 256) at every response. */
  sequence: number;
}

export function encodeControlResponse(response: ControlResponse): Uint8Array {
  return new Uint8Array([RESPONSE_MARKER, response.opcode & 255, response.code & 255, response.sequence & 255]);
}

export function decodeControlResponse(data: unknown): Decoded<ControlResponse> {
  const bytes = toBytes(data);
  if (bytes === null) return fail("control response: expected bytes but got " + describeInput(data));
  if (bytes.length !== CONTROL_RESPONSE_LENGTH)
    return fail("control response: expected " + CONTROL_RESPONSE_LENGTH + " bytes but got " + bytes.length);
  if (bytes[0] !== RESPONSE_MARKER)
    return fail("control response: first byte " + bytes[0] + " is not the response marker " + RESPONSE_MARKER);
  const code = bytes[2];
  if (code > RESPONSE_CODE.UNKNOWN_RESULT)
    return fail("control response: code " + code + " is outside 0–" + RESPONSE_CODE.UNKNOWN_RESULT);
  if (code === RESPONSE_CODE.NONE && (bytes[1] !== 0 || bytes[3] !== 0))
    return fail("control response: code 0 (nothing answered yet) only comes as [0x80, 0, 0, 0]");
  return { ok: true, value: { opcode: bytes[1], code: code, sequence: bytes[3] } };
}
