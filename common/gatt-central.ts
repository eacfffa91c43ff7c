// The central's side of the Steady Hold GATT profile (docs/gatt-profile.md), framework-free:
// ResultAssembler pulls one result record chunk by chunk; awaitedResponse tells when the control
// point answered a write. The web app wraps these in rxjs over its transport; tests drive them
// against GattPeripheral directly. Pure and ES5-safe.
import { SessionResult } from "./result";
import {
  ControlCommand,
  ControlResponse,
  OPCODE,
  RESPONSE_CODE,
  crc32,
  decodeControlResponse,
  decodeResultRecord,
  decodeResultsValue,
  encodeResultsCursor,
  toBytes,
} from "./gatt-profile";
import { Decoded } from "./protocol";

/** What the central does after feeding one Results read to the assembler. */
export type PullStep =
  /** Write `cursor` to the Results characteristic, then read it again. */
  | { type: "next"; cursor: number }
  /**
   * The value read is not yet the chunk at `cursor` (a simple peripheral lags), or is still the cursor
   * just written (Espruino's write→onWrite gap): pause briefly and read again.
   */
  | { type: "stale"; cursor: number; staleReads: number }
  /** The record changed under the transfer (acknowledged elsewhere, deleted, replaced): write cursor 0 and read. */
  | { type: "restart"; cursor: number; reason: string }
  /** The whole record arrived and decoded: store it (by id), then ACK_RESULT its id and call acknowledged(). */
  | { type: "complete"; record: Uint8Array; crc: number; result: SessionResult; pending: number }
  /** Nothing is stored on the wearable. */
  | { type: "empty" }
  /** A malformed value or record: show and log `reason`; store nothing, acknowledge nothing. The next pull starts at 0. */
  | { type: "error"; reason: string };

/** Consecutive stale reads after which the peripheral is taken to be stuck. */
export const DEFAULT_MAX_STALE_READS = 20;

/**
 * Reads right after a cursor write that may show the cursor's own bytes before the value is taken as
 * it is. Bounded because the real "none" value [0, 0] is the same bytes as cursor 0: on an empty queue
 * this costs that many extra reads. One, because the cure is to confirm the cursor write through the
 * control point first (0x21): after that only a peripheral that answers before it restores the value
 * shows the echo, and for a moment.
 */
export const MAX_ECHO_READS = 1;

export class ResultAssembler {
  private cursor = 0;
  private total = 0;
  private crc = 0;
  private buffer: Uint8Array | null = null;
  private staleReads = 0;
  /** CRC of the last record acknowledged: a peripheral may still show its chunk for a moment. */
  private goneCrc = -1;
  /** The cursor last handed out to write, until a read shows something else than its bytes (-1: none). */
  private writtenCursor = -1;
  private echoReads = 0;
  private maxStaleReads: number;

  constructor(maxStaleReads?: number) {
    this.maxStaleReads = maxStaleReads === undefined ? DEFAULT_MAX_STALE_READS : maxStaleReads;
  }

  /** Forgets any partial record; returns the cursor to write (0). */
  start(): number {
    this.cursor = 0;
    this.total = 0;
    this.buffer = null;
    this.staleReads = 0;
    return this.toWrite(0);
  }

  /** Every cursor the central is told to write: the next read may echo its bytes (echoesWrite). */
  private toWrite(cursor: number): number {
    this.writtenCursor = cursor;
    this.echoReads = 0;
    return cursor;
  }

  /**
   * After a reconnection: the cursor to write to resume. The bytes gathered are kept; the first chunk
   * read decides: same CRC, the transfer goes on; another CRC, it restarts at 0.
   */
  resume(): number {
    this.staleReads = 0;
    return this.toWrite(this.cursor);
  }

  /** The record completed last was acknowledged (success or "unknown id"): pull the next from 0. */
  acknowledged(crc: number): number {
    this.goneCrc = crc;
    return this.start();
  }

  /** Where the transfer stands: the cursor to write next and the record's length (0 before the first chunk). */
  progress(): { cursor: number; total: number } {
    return { cursor: this.cursor, total: this.total };
  }

  /** Feeds one value read from the Results characteristic. Never throws. */
  accept(data: unknown): PullStep {
    if (this.writtenCursor >= 0) {
      if (this.echoReads < MAX_ECHO_READS && echoesWrite(data, encodeResultsCursor(this.writtenCursor))) {
        this.echoReads++;
        return { type: "stale", cursor: this.cursor, staleReads: this.echoReads };
      }
      // Once the peripheral shows anything else its onWrite has run: later reads are its own values.
      this.writtenCursor = -1;
    }
    const decoded = decodeResultsValue(data);
    if (!decoded.ok) return this.error(decoded.reason);
    const value = decoded.value;
    if (value.kind === "none") {
      this.goneCrc = -1;
      this.start();
      return { type: "empty" };
    }
    if (value.kind === "bad-cursor") {
      // A bad cursor is never 0 (every record has a byte 0), so this is a cursor past a shorter record.
      if (value.requested !== this.cursor) return this.stale();
      return this.restart(
        "the wearable's record is now " + value.total + " bytes, shorter than the cursor " + this.cursor,
      );
    }
    if (value.crc === this.goneCrc) return this.stale();
    this.goneCrc = -1; // the peripheral has moved on; forget it so a later record can never look stale
    if (value.offset !== this.cursor) return this.stale();
    if (this.cursor === 0) {
      this.total = value.total;
      this.crc = value.crc;
      this.buffer = new Uint8Array(value.total);
    } else if (value.crc !== this.crc || value.total !== this.total) {
      return this.restart("the wearable's record changed (CRC " + hex(this.crc) + " became " + hex(value.crc) + ")");
    }
    const buffer = this.buffer as Uint8Array;
    buffer.set(value.payload, value.offset);
    this.cursor += value.payload.length;
    this.staleReads = 0;
    if (this.cursor < this.total) return { type: "next", cursor: this.toWrite(this.cursor) };
    const actual = crc32(buffer);
    if (actual !== this.crc)
      return this.error("result record: CRC " + hex(actual) + " does not match the wearable's " + hex(this.crc));
    const result = decodeResultRecord(buffer);
    if (!result.ok) return this.error(result.reason);
    const record = buffer;
    this.start();
    return { type: "complete", record: record, crc: this.crc, result: result.value, pending: value.pending };
  }

  private stale(): PullStep {
    this.staleReads++;
    if (this.staleReads > this.maxStaleReads) {
      const cursor = this.cursor;
      this.start();
      return {
        type: "error",
        reason:
          "results: the wearable did not show the chunk at offset " +
          cursor +
          " after " +
          this.maxStaleReads +
          " reads",
      };
    }
    return { type: "stale", cursor: this.cursor, staleReads: this.staleReads };
  }

  private restart(reason: string): PullStep {
    this.start();
    return { type: "restart", cursor: 0, reason: reason };
  }

  private error(reason: string): PullStep {
    this.start();
    return { type: "error", reason: reason };
  }
}

function hex(n: number): string {
  return ("0000000" + (n >>> 0).toString(16)).slice(-8);
}

/** The request opcode a control point command is answered with. */
export function opcodeOf(command: ControlCommand): number {
  switch (command.op) {
    case "start":
      return OPCODE.START;
    case "pause":
      return OPCODE.PAUSE;
    case "resume":
      return OPCODE.RESUME;
    case "end":
      return OPCODE.END;
    case "ack-result":
      return OPCODE.ACK_RESULT;
    default:
      return OPCODE.SET_CLOCK;
  }
}

/**
 * True when `data` holds exactly the bytes of `written`. On Espruino a characteristic's value IS the
 * bytes a central just wrote until the app's onWrite handler runs (from the JavaScript event loop) and
 * puts the served value back, so a read right after a write can return the central's own bytes.
 */
export function echoesWrite(data: unknown, written: unknown): boolean {
  const a = toBytes(data);
  const b = toBytes(written);
  if (a === null || b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Reads the control point response after a write with `opcode` (0x20 for a Routine write, 0x21 for
 * a Results cursor). `previousSequence` is the response's sequence read before writing. Null while
 * the answer has not arrived (the sequence has not moved, or it answers another request), and — when
 * `written` (the command just written to the control point) is given — while the value read is still
 * that command (Espruino's write→onWrite gap, see echoesWrite). An error is a value that does not
 * decode: a central reads again a few times (bounded) before it gives up on it, as a peripheral may
 * show a half-updated value for a moment.
 */
export function awaitedResponse(
  data: unknown,
  opcode: number,
  previousSequence: number,
  written?: unknown,
): Decoded<ControlResponse | null> {
  if (written !== undefined && echoesWrite(data, written)) return { ok: true, value: null };
  const decoded = decodeControlResponse(data);
  if (!decoded.ok) return decoded;
  const r = decoded.value;
  if (r.sequence === (previousSequence & 255) || r.code === RESPONSE_CODE.NONE || r.opcode !== opcode)
    return { ok: true, value: null };
  return decoded;
}

/** What pullResults needs from the connection; every call may reject when the link drops. */
export interface ResultsIo {
  /** Reads the Results characteristic. */
  readResults(): Promise<unknown>;
  /**
   * Writes the Results cursor (encodeResultsCursor) and waits for its answer on the control point
   * (opcode 0x21, see awaitedResponse): on Espruino the Results value is the cursor's own bytes until
   * the wearable has handled the write, and [0, 0] (cursor 0) reads as "nothing stored".
   */
  writeCursor(cursor: number): Promise<void>;
  /** Writes ACK_RESULT for `id` and resolves with the control point's response code (see awaitedResponse). */
  acknowledge(id: string): Promise<number>;
  /** Waits `ms` before a stale value is read again. */
  pause(ms: number): Promise<void>;
}

export interface PullOutcome {
  /** Ids stored during this call, in order (a record pulled again after a lost acknowledgement is stored again: store by id). */
  stored: string[];
  /** Null when the queue was emptied; else why the pull stopped (a malformed value, a refused acknowledgement). */
  error: string | null;
}

/** Pause before reading a value that lags behind the cursor again. */
export const STALE_READ_PAUSE_MS = 30;

/**
 * Pulls, stores and acknowledges every result until the wearable has none left. `store` must keep the
 * result by its id before it resolves: it is acknowledged right after. A rejection from `io` (the link
 * dropped) rejects the promise; after reconnecting, call pullResults again with the same assembler: it
 * resumes at its cursor when the record is unchanged and restarts otherwise. Needs Promise (browsers);
 * the assembler itself is ES5.
 */
export function pullResults(
  io: ResultsIo,
  assembler: ResultAssembler,
  store: (result: SessionResult, record: Uint8Array) => Promise<void>,
): Promise<PullOutcome> {
  const stored: string[] = [];
  const readAndStep = (): Promise<PullOutcome> =>
    io.readResults().then((value) => {
      const step = assembler.accept(value);
      switch (step.type) {
        case "next":
        case "restart":
          return io.writeCursor(step.cursor).then(readAndStep);
        case "stale":
          return io.pause(STALE_READ_PAUSE_MS).then(readAndStep);
        case "complete":
          return store(step.result, step.record)
            .then(() => {
              stored.push(step.result.id);
              return io.acknowledge(step.result.id);
            })
            .then((code) => {
              if (code !== RESPONSE_CODE.SUCCESS && code !== RESPONSE_CODE.UNKNOWN_RESULT) {
                return {
                  stored: stored,
                  error: "the wearable refused to delete result " + step.result.id + " (response code " + code + ")",
                };
              }
              return io.writeCursor(assembler.acknowledged(step.crc)).then(readAndStep);
            });
        case "empty":
          return { stored: stored, error: null };
        default:
          return { stored: stored, error: step.reason };
      }
    });
  return io.writeCursor(assembler.resume()).then(readAndStep);
}
