// Wire protocol between watch and phone (file transfer, CBOR-encoded by the transport).
// Every message is a flat array [version, kind, ...payload]: positional fields keep the watch's
// files small and the decoder simple. Decoders never throw: any input (null, numbers, huge arrays,
// objects with throwing getters) yields { ok: false, reason }: a readable reason on the phone, a code on
// the watch (byCode, REASON_*).
// ES5-safe: the watch imports this module. Its 64 KB heap holds its code, so what the watch bundles
// (routine and ack decoders, encoders, file names) is kept small and names routine fields by key;
// the phone-only result decoder is the richer one, with the settings page's labels.
import { Leg, ROUTINE_KEYS, Routine, fieldError, fieldFits, fieldProblem } from "./routine";
import { HoldResult, MAX_BOUNCES_PER_HOLD, SessionResult, plannedHolds } from "./result";
import { describe as describeValue, isIntegerIn } from "./numbers";
import { errorText } from "./errors";
import { fromRow, toRow } from "./rows";

/**
 * Version 2 adds the session's utcOffsetMinutes (a ninth result field), each hold's bouncing time
 * (HoldResult.bouncingMs, an eighth hold field) and the routine-ack message. Version 1 results (stored
 * on a watch or in the phone's history before the update) still decode: bouncingMs -1 (unknown) and
 * the reader's own time zone.
 */
export const PROTOCOL_VERSION = 2;
/** Oldest version still decoded: results waiting on watches and stored history must survive an update. */
export const OLDEST_READ_VERSION = 1;

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Why the routine, ack and routine-ack decoders reject a message, as a code with up to two values
 * (REASON_*), turned into a reason by an `Explain`: the phone's decoders give the full text
 * (`inFull`), the watch's give the code alone (`byCode`: "8 holdSeconds"), so the texts stay out of
 * the watch's bundle. JerryScript keeps every literal string it parses for the rest of the run: as
 * text, home's rejections stayed in the heap through every session (docs/watches.md, round twelve).
 */
export type Explain = (code: number, a?: unknown, b?: unknown) => string;
/** Not a list (a: the data). */
export const REASON_NOT_A_LIST = 1;
/** A protocol version this side does not read (a: the version). */
export const REASON_VERSION = 2;
/** Another kind of message (a: its kind). */
export const REASON_KIND = 3;
/** Not the message's length (a: expected, b: found). */
export const REASON_LENGTH = 4;
/** The checks threw (a: what was thrown). */
export const REASON_UNREADABLE = 5;
/** The revision is not a whole number ≥ 0 (a: it). */
export const REASON_REVISION = 6;
/** The routine is not a list of its fields (a: it). */
export const REASON_ROUTINE = 7;
/** A routine field out of its limits (a: its index in ROUTINE_KEYS, b: its value). */
export const REASON_FIELD = 8;
/** An ack naming another session than its file (a: the message's id, b: the file's). */
export const REASON_ACK_ID = 9;

/** The watch's reasons: the code, and the field's key for a routine field ("8 holdSeconds"). */
export function byCode(code: number, a?: unknown): string {
  return code === REASON_FIELD ? code + " " + ROUTINE_KEYS[a as number] : String(code);
}

/** The phone's reasons: the full text ("protocol version 3 is not supported (this side reads 1–2)"). */
function inFull(code: number, a?: unknown, b?: unknown): string {
  switch (code) {
    case REASON_NOT_A_LIST:
      return "expected a list but got " + describe(a);
    case REASON_VERSION:
      return (
        "protocol version " +
        describe(a) +
        " is not supported (this side reads " +
        OLDEST_READ_VERSION +
        "–" +
        PROTOCOL_VERSION +
        ")"
      );
    case REASON_KIND:
      return "got kind " + describe(a) + " instead";
    case REASON_LENGTH:
      return "expected " + a + " fields but got " + b;
    case REASON_UNREADABLE:
      return "unreadable (" + errorText(a) + ")";
    case REASON_REVISION:
      return "revision " + describe(a) + " is not a whole number ≥ 0";
    case REASON_ROUTINE:
      return "routine must be a list of " + ROUTINE_KEYS.length + " values but got " + describe(a);
    case REASON_FIELD:
      return "invalid routine (" + ROUTINE_KEYS[a as number] + ": " + fieldProblem(ROUTINE_KEYS[a as number], b) + ")";
    default:
      return "session id " + describe(a) + " is not " + b + ", the file's";
  }
}

/** The phone's decoders name the message's kind in front of the reason ("routine message: …"). */
function named<T>(kind: string, decoded: Decoded<T>): Decoded<T> {
  return decoded.ok ? decoded : fail(kind + " message: " + decoded.reason);
}

/** Watch → phone file name is RESULT_FILE_PREFIX + sessionId + ".cbor"; the ack comes back as ACK_FILE_PREFIX + sessionId + ".cbor". */
export const RESULT_FILE_PREFIX = "result-";
export const ACK_FILE_PREFIX = "ack-";
export const ROUTINE_FILE = "routine.cbor";
/** Watch → phone: the routine revision the watch runs (sent after every routine file, and at launch without one). */
export const ROUTINE_ACK_FILE = "routine-ack.cbor";

const ROUTINE_KIND = "routine";
const RESULT_KIND = "result";
const ACK_KIND = "ack";
const ROUTINE_ACK_KIND = "routine-ack";

/** Session ids become file names: lowercase base-36 digits and dashes only (see makeSessionId). */
export const SESSION_ID_PATTERN = /^[0-9a-z-]{1,32}$/;
// The watch's engine caps its lists with it; the wire format checks against the same bound.
export { MAX_BOUNCES_PER_HOLD } from "./result";
/** Pauses can stretch a session, but not beyond two days (the watch offers to resume only recent sessions). */
const MAX_SESSION_DURATION_MS = 2 * 24 * 3600 * 1000;
/** Timestamps are Unix ms; anything past 2100-01-01 is garbage. */
const MAX_TIMESTAMP_MS = 4102444800000;
const MAX_SAFE_INTEGER = 9007199254740991;

// Legs travel as 0/1 inside holds: one CBOR byte instead of five.
const LEG_CODES: Leg[] = ["left", "right"];

// Positions inside the result message and inside one encoded hold.
const RESULT_LENGTH_V1 = 8; // [v, kind, id, startedAt, durationMs, completed, routine, holds]
const RESULT_LENGTH = 9; // version 2: ... holds, utcOffsetMinutes]
/** Time zones span UTC−12 to UTC+14. */
const MAX_UTC_OFFSET_MINUTES = 14 * 60;
const HOLD_LENGTH_V1 = 7; // [leg, rep, targetSeconds, achievedMs, endedEarly, steadiness, bounceAtMs]
const HOLD_LENGTH = 8; // version 2: ..., bouncingMs

export function encodeRoutineMessage(routine: Routine, revision: number): unknown {
  return [PROTOCOL_VERSION, ROUTINE_KIND, revision, toRow(routine, ROUTINE_KEYS)];
}

/**
 * A routine message is rejected as a whole if any routine field is invalid: the phone only ever
 * sends routines that passed parseRoutine, so a bad field means a corrupted or foreign message,
 * and the watch keeps its current routine instead of half-applying defaults.
 */
export function decodeRoutineMessage(data: unknown): Decoded<{ routine: Routine; revision: number }> {
  return named(ROUTINE_KIND, checkRoutineMessage(data, inFull));
}

/** decodeRoutineMessage with the reason given by `explain` (the watch: `byCode`). */
export function checkRoutineMessage(data: unknown, explain: Explain): Decoded<{ routine: Routine; revision: number }> {
  return decodeChecked(
    data,
    ROUTINE_KIND,
    4,
    explain,
    (m) => revisionProblem(m[2], explain) || routineProblem(m[3], explain),
    // routineProblem checked the row (its length too), so fromRow returns the routine.
    (m) => ({ routine: fromRow<Routine>(m[3], ROUTINE_KEYS) as Routine, revision: m[2] as number }),
  );
}

/** Timestamps and scores are rounded to whole numbers (ms and points): the decoder accepts whole numbers only. */
export function encodeResultMessage(result: SessionResult): unknown {
  const round = Math.round; // named once: nine calls in the watch's bundle
  const holds: unknown[] = [];
  for (let i = 0; i < result.holds.length; i++) {
    const h = result.holds[i];
    // The list itself when it is already whole ms within the bound (the watch's always are): a copy
    // of every list would add to the watch's heap just when the whole session is in it.
    let bounces = h.bounceAtMs;
    for (let b = 0; b < bounces.length; b++)
      if (b >= MAX_BOUNCES_PER_HOLD || bounces[b] !== round(bounces[b]))
        bounces = h.bounceAtMs.slice(0, MAX_BOUNCES_PER_HOLD).map(round); // clean: no further match
    // A hold saved by an older app version has no bouncing time: it travels as -1 (unknown).
    const bouncing = h.bouncingMs >= 0 ? round(h.bouncingMs) : -1;
    holds.push([
      h.leg === "right" ? 1 : 0,
      h.rep,
      h.targetSeconds,
      round(h.achievedMs),
      h.endedEarly,
      round(h.steadiness),
      bounces,
      bouncing,
    ]);
  }
  return [
    PROTOCOL_VERSION,
    RESULT_KIND,
    result.id,
    round(result.startedAt),
    // A duration fits in 4 bytes where a second absolute timestamp would need 9.
    round(result.endedAt) - round(result.startedAt),
    result.completed,
    toRow(result.routine, ROUTINE_KEYS),
    holds,
    round(result.utcOffsetMinutes),
  ];
}

/**
 * Reads a result of version 1 or 2. Version 1 carried no time zone: `v1UtcOffsetMinutes` (the
 * reader's own, minutes east of UTC) stands in for it.
 */
export function decodeResultMessage(data: unknown, v1UtcOffsetMinutes: number = 0): Decoded<SessionResult> {
  try {
    const v1 = Array.isArray(data) && data[0] === 1;
    const m = data as unknown[];
    const header = headerProblem(data, RESULT_KIND, v1 ? RESULT_LENGTH_V1 : RESULT_LENGTH, inFull) || idProblem(m[2]);
    if (header) return fail("result message: " + header);
    const id = m[2] as string;
    const where = "result " + id;
    const startedAt = m[3];
    if (!isIntegerIn(startedAt, 0, MAX_TIMESTAMP_MS))
      return fail(where + ": start time " + describe(startedAt) + " is not a plausible timestamp");
    const duration = m[4];
    if (!isIntegerIn(duration, 0, MAX_SESSION_DURATION_MS))
      return fail(where + ": duration " + describe(duration) + " is outside 0–" + MAX_SESSION_DURATION_MS + " ms");
    const completed = m[5];
    if (typeof completed !== "boolean")
      return fail(where + ": completed flag " + describe(completed) + " is not true/false");
    const routineReason = labelledRoutineProblem(m[6]);
    if (routineReason) return fail(where + ": " + routineReason);
    const routine = fromRow<Routine>(m[6], ROUTINE_KEYS) as Routine;
    const holds = holdsFromArray(m[7], routine, v1 ? HOLD_LENGTH_V1 : HOLD_LENGTH, where);
    if (!holds.ok) return holds;
    const utcOffset = v1 ? v1UtcOffsetMinutes : m[8];
    if (!isIntegerIn(utcOffset, -MAX_UTC_OFFSET_MINUTES, MAX_UTC_OFFSET_MINUTES))
      return fail(
        where + ": time zone " + describe(utcOffset) + " is not whole minutes within ±" + MAX_UTC_OFFSET_MINUTES,
      );
    return {
      ok: true,
      value: {
        id: id,
        startedAt: startedAt as number,
        endedAt: (startedAt as number) + (duration as number),
        completed: completed,
        routine: routine,
        holds: holds.value,
        utcOffsetMinutes: utcOffset as number,
      },
    };
  } catch (e) {
    return fail("result message: unreadable (" + errorText(e) + ")");
  }
}

export function encodeAckMessage(sessionId: string): unknown {
  return [PROTOCOL_VERSION, ACK_KIND, sessionId];
}

/**
 * An ack of session `id`, the one its file name carries (ackFileName): that name's id is checked
 * already (sessionIdFromFileName), so the message only has to name the same session.
 */
export function decodeAckMessage(data: unknown, id: string): Decoded<string> {
  return named(ACK_KIND, checkAckMessage(data, id, inFull));
}

/** decodeAckMessage with the reason given by `explain` (the watch: `byCode`). */
export function checkAckMessage(data: unknown, id: string, explain: Explain): Decoded<string> {
  return decodeChecked<string>(data, ACK_KIND, 3, explain, (m) =>
    m[2] === id ? "" : explain(REASON_ACK_ID, m[2], id),
  );
}

export function encodeRoutineAckMessage(revision: number): unknown {
  return [PROTOCOL_VERSION, ROUTINE_ACK_KIND, revision];
}

/** The routine revision the watch runs (0: its built-in default). */
export function decodeRoutineAckMessage(data: unknown): Decoded<number> {
  return named(
    ROUTINE_ACK_KIND,
    decodeChecked<number>(data, ROUTINE_ACK_KIND, 3, inFull, (m) => revisionProblem(m[2], inFull)),
  );
}

/** Whether a message's version is one this side reads (a result it cannot read may be readable after an update). */
export function isReadableVersion(data: unknown): boolean {
  return Array.isArray(data) && isIntegerIn(data[0], OLDEST_READ_VERSION, PROTOCOL_VERSION);
}

/** The session id a result file name carries ("result-<id>.cbor" → id), or null for other files. */
export function sessionIdFromFileName(name: string, prefix: string): string | null {
  const id = name.slice(prefix.length, -5);
  return name.slice(0, prefix.length) === prefix && name.slice(-5) === ".cbor" && SESSION_ID_PATTERN.test(id)
    ? id
    : null;
}

export function resultFileName(sessionId: string): string {
  return RESULT_FILE_PREFIX + sessionId + ".cbor";
}

export function ackFileName(sessionId: string): string {
  return ACK_FILE_PREFIX + sessionId + ".cbor";
}

// ---- helpers ----

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason: reason };
}

/**
 * The routine, ack and routine-ack decoders: a message of `kind` with `length` elements whose
 * payload `payloadProblem` finds sound is `read` (by default its one payload field, m[2]); anything
 * the checks throw (hostile input: throwing getters, proxies) is a reason too. One try for the
 * three: the watch bundles two of them.
 */
function decodeChecked<T>(
  data: unknown,
  kind: string,
  length: number,
  explain: Explain,
  payloadProblem: (m: unknown[]) => string,
  read?: (m: unknown[]) => T,
): Decoded<T> {
  try {
    const m = data as unknown[];
    const reason = headerProblem(m, kind, length, explain) || payloadProblem(m);
    return reason ? fail(reason) : { ok: true, value: (read ? read(m) : m[2]) as T };
  } catch (e) {
    return fail(explain(REASON_UNREADABLE, e));
  }
}

function revisionProblem(revision: unknown, explain: Explain): string {
  return isIntegerIn(revision, 0, MAX_SAFE_INTEGER) ? "" : explain(REASON_REVISION, revision);
}

/** "" when data is a readable-version message of this kind with exactly `length` elements, else why not. */
function headerProblem(data: unknown, kind: string, length: number, explain: Explain): string {
  if (!Array.isArray(data)) return explain(REASON_NOT_A_LIST, data);
  // isReadableVersion without checking the list again: one function call less in the watch's bundle.
  if (!isIntegerIn(data[0], OLDEST_READ_VERSION, PROTOCOL_VERSION)) return explain(REASON_VERSION, data[0]);
  if (data[1] !== kind) return explain(REASON_KIND, data[1]);
  return data.length === length ? "" : explain(REASON_LENGTH, length, data.length);
}

function idProblem(id: unknown): string {
  return typeof id === "string" && SESSION_ID_PATTERN.test(id)
    ? ""
    : "session id " + describe(id) + " is not 1–32 characters of a–z, 0–9 and -";
}

/** As describeValue, and a list with its length ("a list of 2"). */
function describe(value: unknown): string {
  return describeValue(value) + (Array.isArray(value) ? " of " + value.length : "");
}

/**
 * Why a wire routine (its values in ROUTINE_KEYS order, numbers as numbers) is invalid, naming
 * the first bad field by its key; "" when it is valid.
 */
function routineProblem(data: unknown, explain: Explain): string {
  if (!Array.isArray(data) || data.length !== ROUTINE_KEYS.length) return explain(REASON_ROUTINE, data);
  for (let i = 0; i < ROUTINE_KEYS.length; i++)
    if (!fieldFits(ROUTINE_KEYS[i], data[i])) return explain(REASON_FIELD, i, data[i]);
  return "";
}

/** The phone's routineProblem: every bad field with the settings page's label ("Hold: 90 is outside 5–60; using 30"). */
function labelledRoutineProblem(data: unknown): string {
  const problem = routineProblem(data, inFull);
  if (!problem || !Array.isArray(data) || data.length !== ROUTINE_KEYS.length) return problem;
  const errors: string[] = [];
  for (let i = 0; i < ROUTINE_KEYS.length; i++) {
    const error = fieldError(ROUTINE_KEYS[i], data[i]);
    if (error) errors.push(error);
  }
  return "invalid routine (" + errors.join("; ") + ")";
}

function holdsFromArray(data: unknown, routine: Routine, holdLength: number, where: string): Decoded<HoldResult[]> {
  const max = plannedHolds(routine);
  if (!Array.isArray(data)) return fail(where + ": holds must be a list but got " + describe(data));
  if (data.length > max) return fail(where + ": " + data.length + " holds but the routine plans only " + max);
  const holds: HoldResult[] = [];
  for (let i = 0; i < data.length; i++) {
    const hold = holdFromArray(data[i], routine, holdLength, where + ", hold " + (i + 1));
    if (!hold.ok) return hold;
    holds.push(hold.value);
  }
  return { ok: true, value: holds };
}

function holdFromArray(data: unknown, routine: Routine, holdLength: number, where: string): Decoded<HoldResult> {
  if (!Array.isArray(data) || data.length !== holdLength)
    return fail(where + ": expected a list of " + holdLength + " values but got " + describe(data));
  const leg = data[0];
  if (leg !== 0 && leg !== 1) return fail(where + ": leg " + describe(leg) + " is not 0 (left) or 1 (right)");
  const rep = data[1];
  if (!isIntegerIn(rep, 1, routine.repsPerLeg))
    return fail(where + ": rep " + describe(rep) + " is outside 1–" + routine.repsPerLeg);
  const target = data[2];
  if (target !== routine.holdSeconds)
    return fail(where + ": target " + describe(target) + " s differs from the routine's " + routine.holdSeconds + " s");
  const maxMs = routine.holdSeconds * 1000;
  const achieved = data[3];
  if (!isIntegerIn(achieved, 0, maxMs))
    return fail(where + ": achieved " + describe(achieved) + " ms is outside 0–" + maxMs);
  const endedEarly = data[4];
  if (typeof endedEarly !== "boolean")
    return fail(where + ": ended-early flag " + describe(endedEarly) + " is not true/false");
  const steadiness = data[5];
  if (!isIntegerIn(steadiness, -1, 100))
    return fail(where + ": steadiness " + describe(steadiness) + " is outside -1–100");
  const rawBounces = data[6];
  if (!Array.isArray(rawBounces))
    return fail(where + ": bounce warnings must be a list but got " + describe(rawBounces));
  if (rawBounces.length > MAX_BOUNCES_PER_HOLD)
    return fail(where + ": " + rawBounces.length + " bounce warnings exceed " + MAX_BOUNCES_PER_HOLD);
  const bounces: number[] = [];
  for (let b = 0; b < rawBounces.length; b++) {
    if (!isIntegerIn(rawBounces[b], 0, maxMs))
      return fail(where + ": bounce warning at " + describe(rawBounces[b]) + " ms is outside 0–" + maxMs);
    bounces.push(rawBounces[b] as number);
  }
  // Version 1 holds have no bouncing time: -1 (unknown).
  const bouncing = holdLength > HOLD_LENGTH_V1 ? data[7] : -1;
  if (!isIntegerIn(bouncing, -1, maxMs))
    return fail(where + ": bouncing time " + describe(bouncing) + " ms is outside -1–" + maxMs);
  return {
    ok: true,
    value: {
      leg: LEG_CODES[leg],
      rep: rep as number,
      targetSeconds: target as number,
      achievedMs: achieved as number,
      endedEarly: endedEarly,
      bounceAtMs: bounces,
      steadiness: steadiness as number,
      bouncingMs: bouncing as number,
    },
  };
}
