// The wearable's side of the Steady Hold GATT profile (docs/gatt-profile.md) as a small pure object.
// The Bangle.js app, the web app's demo wearable and the browser tests' emulated peripheral all wrap
// it: they publish value(key) for each characteristic, hand every write to write(), and push the
// values of the keys write() returns (Espruino serves values, it cannot compute one per read).
// The device itself (storage, session engine, clock) stays behind PeripheralHost.
// ES5-safe: Espruino runs it (no Map/Set/find/includes/Object.assign, no getters).
import { Routine } from "./routine";
import { SessionState, Step, isSessionActive, reduceSession, remainingMs } from "./session";
import {
  CharacteristicKey,
  LiveFields,
  LiveState,
  OPCODE,
  RESPONSE_CODE,
  SessionCommand,
  crc32,
  decodeControlCommand,
  decodeResultsCursor,
  decodeRoutineValue,
  describeResponseCode,
  encodeControlResponse,
  encodeLiveState,
  encodeProfileVersion,
  encodeResultsValue,
  encodeRoutineValue,
  resultsChunk,
  storedRecordFault,
  toBytes,
} from "./gatt-profile";

/** What the device provides. Every method is called synchronously from value() and write(). */
export interface PeripheralHost {
  /** Ids of the stored, unacknowledged result records, oldest first. */
  resultIds(): string[];
  /** The record stored under `id` (bytes from encodeResultRecord), or null when it cannot be read. */
  readResult(id: string): Uint8Array | null;
  /** The central acknowledged `id`: delete it. */
  deleteResult(id: string): void;
  /**
   * The record under `id` is damaged (unreadable, does not decode, or carries another id). Move it
   * out of the queue without deleting it (e.g. rename the file) so the next record can be sent;
   * `reason` says what is wrong. Until the host does, the peripheral skips it by itself.
   */
  setAsideResult(id: string, reason: string): void;
  routine(): Routine;
  /**
   * A valid routine the central wrote; it applies from the next session. False when the device could
   * not store it (a full flash): the write is answered NOT_ALLOWED and the routine in force stays.
   */
  setRoutine(routine: Routine): boolean | void;
  /** Runs START, PAUSE, RESUME or END; returns RESPONSE_CODE.SUCCESS, or NOT_ALLOWED when the session's state forbids it. */
  control(command: SessionCommand, nowMs: number): number;
  /** The central's clock (ms since 1970) and its offset east of UTC in minutes. */
  setClock(nowMs: number, utcOffsetMinutes: number): void;
  /** One line for the device's log (every rejected write is logged with its reason). */
  log(message: string): void;
}

interface StoredRecord {
  id: string;
  bytes: Uint8Array;
  crc: number;
}

/** Detector facts the live state shows beside the session engine's. */
export interface DetectorInfo {
  bouncingNow: boolean;
  /** 0–100, -1 unknown. */
  steadiness: number;
}

/**
 * The live-state fields for `state` at `nowMs` (null: no session, idle with `routine`). Bounce count,
 * last bounce and steadiness belong to the running hold, so they are empty outside a hold.
 */
export function liveFieldsOf(
  state: SessionState | null,
  routine: Routine,
  nowMs: number,
  detector?: DetectorInfo,
): LiveFields {
  if (state === null || state.phase === "idle") {
    const r = state === null ? routine : state.routine;
    return {
      phase: "idle",
      paused: false,
      bouncingNow: false,
      leg: r.firstLeg,
      rep: 0,
      repsPerLeg: r.repsPerLeg,
      holdSeconds: r.holdSeconds,
      remainingTenths: 0,
      bounceCount: 0,
      lastBounceTenths: -1,
      steadiness: -1,
    };
  }
  const holding = state.phase === "hold" && state.holds.length > 0;
  const hold = holding ? state.holds[state.holds.length - 1] : null;
  const bounces = hold === null ? 0 : hold.bounceAtMs.length;
  let steadiness = -1;
  if (hold !== null)
    steadiness = detector !== undefined && detector.steadiness >= 0 ? detector.steadiness : hold.steadiness;
  return {
    phase: state.phase,
    paused: state.pausedAt >= 0,
    bouncingNow: hold !== null && detector !== undefined && detector.bouncingNow,
    leg: state.leg,
    rep: state.rep,
    repsPerLeg: state.routine.repsPerLeg,
    holdSeconds: state.routine.holdSeconds,
    remainingTenths: Math.ceil(remainingMs(state, nowMs) / 100),
    bounceCount: bounces,
    lastBounceTenths: hold === null || bounces === 0 ? -1 : Math.floor(hold.bounceAtMs[bounces - 1] / 100),
    steadiness: steadiness,
  };
}

/**
 * Runs a control point session command on the session engine with the profile's rules: START when
 * idle or done (`startNew` gives a new idle session with the routine in force; it is called only for
 * START), PAUSE
 * while running, RESUME while paused, END while active (it aborts: the step's send-result effect
 * carries the partial result to store). `step` is null when the command is not allowed now.
 */
export function applySessionCommand(
  state: SessionState | null,
  command: SessionCommand,
  nowMs: number,
  startNew: () => SessionState,
): { code: number; step: Step | null } {
  const active = state !== null && isSessionActive(state);
  const paused = active && (state as SessionState).pausedAt >= 0;
  if (command === "start") {
    if (active) return { code: RESPONSE_CODE.NOT_ALLOWED, step: null };
    // Always a fresh session, so a routine written since the last one applies.
    const fresh = startNew();
    if (fresh.phase !== "idle") return { code: RESPONSE_CODE.NOT_ALLOWED, step: null };
    return { code: RESPONSE_CODE.SUCCESS, step: reduceSession(fresh, { type: "start" }, nowMs) };
  }
  if (!active) return { code: RESPONSE_CODE.NOT_ALLOWED, step: null };
  const running = state as SessionState;
  if (command === "resume")
    return paused
      ? { code: RESPONSE_CODE.SUCCESS, step: reduceSession(running, { type: "resume" }, nowMs) }
      : { code: RESPONSE_CODE.NOT_ALLOWED, step: null };
  if (command === "pause" && paused) return { code: RESPONSE_CODE.NOT_ALLOWED, step: null };
  const step = reduceSession(running, { type: command === "pause" ? "pause" : "abort" }, nowMs);
  // A session whose last phase ran out before PAUSE arrived has finished by itself: apply the step
  // (it stores the result) but answer "not allowed". END always ends it, one way or the other.
  const done = command === "pause" && !isSessionActive(step.state);
  return { code: done ? RESPONSE_CODE.NOT_ALLOWED : RESPONSE_CODE.SUCCESS, step: step };
}

/** Changes worth a notification: everything but the countdown and the steadiness score, which move all the time. */
function liveChanged(a: LiveFields, b: LiveFields): boolean {
  return (
    a.phase !== b.phase ||
    a.paused !== b.paused ||
    a.bouncingNow !== b.bouncingNow ||
    a.leg !== b.leg ||
    a.rep !== b.rep ||
    a.repsPerLeg !== b.repsPerLeg ||
    a.holdSeconds !== b.holdSeconds ||
    a.bounceCount !== b.bounceCount ||
    a.lastBounceTenths !== b.lastBounceTenths
  );
}

function sameBytes(a: Uint8Array | null, b: Uint8Array): boolean {
  if (a === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class GattPeripheral {
  private host: PeripheralHost;
  /** The oldest sendable record, loaded once per record (its CRC costs a pass over it). */
  private head: StoredRecord | null = null;
  /** The host said its records changed: the head is read again even when its id is the same. */
  private headStale = false;
  /** Ids found damaged, skipped even if the host still lists them. */
  private setAside: string[] = [];
  private cursor = 0;
  /** The last cursor written at or past the end of the record, -1 when the last write was good. */
  private badCursor = -1;
  private pending = 0;
  private resultsValue: Uint8Array | null = null;
  private response: Uint8Array = encodeControlResponse({ opcode: 0, code: RESPONSE_CODE.NONE, sequence: 0 });
  private responseSequence = 0;
  private live: LiveState;
  private liveValue: Uint8Array;
  private versionValue: Uint8Array = encodeProfileVersion();

  constructor(host: PeripheralHost) {
    this.host = host;
    const fields = liveFieldsOf(null, host.routine(), 0) as LiveState;
    fields.sequence = 0;
    this.live = fields;
    this.liveValue = encodeLiveState(fields);
    this.refreshResults();
  }

  /** The current value of a characteristic, as the central reads it. */
  value(key: CharacteristicKey): Uint8Array {
    switch (key) {
      case "version":
        return this.versionValue;
      case "routine":
        return encodeRoutineValue(this.host.routine());
      case "results":
        this.refreshResults();
        return this.resultsValue as Uint8Array;
      case "live":
        return this.liveValue;
      default:
        return this.response;
    }
  }

  /**
   * A central wrote `data` to `key`. Returns the keys whose values changed (push and notify them).
   * A malformed write changes nothing but the control point's response, and is logged.
   */
  write(key: CharacteristicKey, data: unknown, nowMs: number): CharacteristicKey[] {
    // Compared by identity: the value is replaced only when it changes, even if the host calls
    // resultsChanged() from inside control() (END stores a result).
    const resultsBefore = this.resultsValue;
    let changed: CharacteristicKey[];
    if (key === "routine") changed = this.writeRoutine(data);
    else if (key === "results") changed = this.writeCursor(data);
    else if (key === "control") changed = this.writeControl(data, nowMs);
    else {
      this.host.log("gatt: the " + key + " characteristic is not writable; write ignored");
      changed = [];
    }
    this.refreshResults();
    if (this.resultsValue !== resultsBefore) changed.unshift("results");
    return changed;
  }

  /** A central connected: transfers start at offset 0 (a central that resumes writes its cursor first). */
  connected(): CharacteristicKey[] {
    const resultsBefore = this.resultsValue;
    this.cursor = 0;
    this.badCursor = -1;
    this.refreshResults();
    return this.resultsValue !== resultsBefore ? ["results"] : [];
  }

  /** The host stored or removed a record by itself: true when the Results value changed. */
  resultsChanged(): boolean {
    this.headStale = true; // the record being served may have been stored again under its id
    return this.refreshResults();
  }

  /**
   * New live fields. True when the value changed enough to notify (its sequence moved): push and
   * notify it. A change of the countdown or steadiness alone updates the readable value under the same
   * sequence and returns false — push it without notifying when the stack allows (Espruino:
   * updateServices without notify), e.g. every second and when a central connects, so a central
   * that polls or has just connected does not count down from a stale `remaining`.
   */
  setLive(fields: LiveFields): boolean {
    const notify = liveChanged(this.live, fields);
    if (!notify && this.live.remainingTenths === fields.remainingTenths && this.live.steadiness === fields.steadiness)
      return false;
    const next: LiveState = {
      phase: fields.phase,
      paused: fields.paused,
      bouncingNow: fields.bouncingNow,
      leg: fields.leg,
      rep: fields.rep,
      repsPerLeg: fields.repsPerLeg,
      holdSeconds: fields.holdSeconds,
      remainingTenths: fields.remainingTenths,
      bounceCount: fields.bounceCount,
      lastBounceTenths: fields.lastBounceTenths,
      steadiness: fields.steadiness,
      sequence: notify ? (this.live.sequence + 1) & 255 : this.live.sequence,
    };
    this.live = next;
    this.liveValue = encodeLiveState(next);
    return notify;
  }

  /** How many records wait to be sent (damaged ones set aside are not counted). */
  pendingResults(): number {
    this.refreshResults();
    return this.pending;
  }

  // ---- writes

  private respond(opcode: number, code: number): void {
    this.responseSequence = (this.responseSequence + 1) & 255;
    this.response = encodeControlResponse({ opcode: opcode, code: code, sequence: this.responseSequence });
  }

  private reject(opcode: number, code: number, reason: string): CharacteristicKey[] {
    this.host.log("gatt: rejected (" + describeResponseCode(code) + "): " + reason);
    this.respond(opcode, code);
    return ["control"];
  }

  private writeRoutine(data: unknown): CharacteristicKey[] {
    const decoded = decodeRoutineValue(data);
    if (!decoded.ok) return this.reject(OPCODE.ROUTINE_WRITE, RESPONSE_CODE.INVALID_PARAMETER, decoded.reason);
    // A routine the device could not keep is refused: the central must not believe it is there.
    if (this.host.setRoutine(decoded.value) === false)
      return this.reject(OPCODE.ROUTINE_WRITE, RESPONSE_CODE.NOT_ALLOWED, "routine not stored (storage full?)");
    this.respond(OPCODE.ROUTINE_WRITE, RESPONSE_CODE.SUCCESS);
    return ["routine", "control"];
  }

  private writeCursor(data: unknown): CharacteristicKey[] {
    const decoded = decodeResultsCursor(data);
    if (!decoded.ok) return this.reject(OPCODE.RESULTS_CURSOR, RESPONSE_CODE.INVALID_PARAMETER, decoded.reason);
    const requested = decoded.value;
    this.loadHead();
    const head = this.head;
    if (head === null) {
      if (requested !== 0)
        return this.reject(
          OPCODE.RESULTS_CURSOR,
          RESPONSE_CODE.INVALID_PARAMETER,
          "results cursor " + requested + " but no record is stored",
        );
      this.respond(OPCODE.RESULTS_CURSOR, RESPONSE_CODE.SUCCESS);
    } else if (requested >= head.bytes.length) {
      // The cursor stays; reads show the bad-cursor value with the record's length until the next good write.
      this.badCursor = requested;
      return this.reject(
        OPCODE.RESULTS_CURSOR,
        RESPONSE_CODE.INVALID_PARAMETER,
        "results cursor " + requested + " is at or past the end of the " + head.bytes.length + "-byte record",
      );
    } else {
      this.cursor = requested;
      this.badCursor = -1;
      this.respond(OPCODE.RESULTS_CURSOR, RESPONSE_CODE.SUCCESS);
    }
    return ["control"];
  }

  private writeControl(data: unknown, nowMs: number): CharacteristicKey[] {
    const decoded = decodeControlCommand(data);
    if (!decoded.ok) return this.reject(decoded.opcode, decoded.code, decoded.reason);
    const command = decoded.value;
    if (command.op === "ack-result") {
      const ids = this.host.resultIds();
      if (indexOfString(ids, command.id) < 0 || indexOfString(this.setAside, command.id) >= 0) {
        return this.reject(
          OPCODE.ACK_RESULT,
          RESPONSE_CODE.UNKNOWN_RESULT,
          "ACK_RESULT " + command.id + ": no such result (already acknowledged?)",
        );
      }
      this.host.deleteResult(command.id);
      this.respond(OPCODE.ACK_RESULT, RESPONSE_CODE.SUCCESS);
      return ["control"];
    }
    if (command.op === "set-clock") {
      this.host.setClock(command.nowMs, command.utcOffsetMinutes);
      this.respond(OPCODE.SET_CLOCK, RESPONSE_CODE.SUCCESS);
      return ["control"];
    }
    const opcode =
      command.op === "start"
        ? OPCODE.START
        : command.op === "pause"
          ? OPCODE.PAUSE
          : command.op === "resume"
            ? OPCODE.RESUME
            : OPCODE.END;
    let code = this.host.control(command.op, nowMs);
    if (code !== RESPONSE_CODE.SUCCESS && code !== RESPONSE_CODE.NOT_ALLOWED) {
      this.host.log("gatt: host answered " + command.op + " with code " + code + "; reporting it as not allowed");
      code = RESPONSE_CODE.NOT_ALLOWED;
    }
    if (code === RESPONSE_CODE.NOT_ALLOWED)
      return this.reject(opcode, code, command.op.toUpperCase() + " is not allowed in the session's current state");
    this.respond(opcode, code);
    return ["control"];
  }

  // ---- results queue

  /** Makes `head` the oldest sendable record (setting aside damaged ones) and counts the pending records. */
  private loadHead(): void {
    const ids = this.host.resultIds();
    let pending = 0;
    let head: StoredRecord | null = null;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (indexOfString(this.setAside, id) >= 0) continue;
      if (head === null) {
        if (this.head !== null && this.head.id === id && !this.headStale) {
          head = this.head;
        } else {
          head = this.load(id);
          if (head === null) continue; // set aside
        }
      }
      pending++;
    }
    this.headStale = false;
    if (head === null || this.head === null || head.id !== this.head.id || head.crc !== this.head.crc) {
      // Another record (or none, or new bytes under the same id): its transfer starts at 0.
      this.cursor = 0;
      this.badCursor = -1;
    }
    this.head = head;
    this.pending = pending;
  }

  private load(id: string): StoredRecord | null {
    let bytes: Uint8Array | null = null;
    let reason = "";
    try {
      bytes = toBytes(this.host.readResult(id));
    } catch (e) {
      bytes = null;
    }
    if (bytes === null) {
      reason = "cannot be read";
    } else reason = storedRecordFault(bytes, id);
    if (reason !== "" || bytes === null) {
      this.setAside.push(id);
      this.host.log("gatt: stored result " + id + " set aside, not sent: " + reason);
      this.host.setAsideResult(id, reason);
      return null;
    }
    return { id: id, bytes: bytes, crc: crc32(bytes) };
  }

  /** Recomputes the Results value; true when it differs from the one served before. */
  private refreshResults(): boolean {
    this.loadHead();
    const head = this.head;
    let next: Uint8Array;
    if (head === null) {
      next = encodeResultsValue({ kind: "none" });
    } else if (this.badCursor >= 0) {
      next = encodeResultsValue({
        kind: "bad-cursor",
        pending: this.pending,
        total: head.bytes.length,
        requested: this.badCursor,
      });
    } else {
      next = encodeResultsValue(resultsChunk(head.bytes, head.crc, this.cursor, this.pending));
    }
    const changed = !sameBytes(this.resultsValue, next);
    if (changed) this.resultsValue = next;
    return changed;
  }
}

function indexOfString(list: string[], value: string): number {
  for (let i = 0; i < list.length; i++) if (list[i] === value) return i;
  return -1;
}
