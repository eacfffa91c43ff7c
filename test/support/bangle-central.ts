// Driving the built Bangle.js 2 app's GATT profile from Node as the web companion would: control
// commands, result pulls through the shared central assembler, and a stored routine to start from.
// Shared by the Bangle tests (test/bangle-*.test.ts).
import { expect } from "vitest";
import { ResultAssembler } from "../../common/gatt-central";
import {
  CHARACTERISTIC_UUIDS,
  ControlCommand,
  RESPONSE_CODE,
  decodeControlResponse,
  encodeControlCommand,
  encodeResultsCursor,
} from "../../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../../common/routine";
import { SessionResult } from "../../common/result";
import { FakeBangle } from "../../sim/bangle/runtime";

const UUID = CHARACTERISTIC_UUIDS;

/** The control point's answer to the last command. */
export function response(bangle: FakeBangle): { opcode: number; code: number; sequence: number } {
  const decoded = decodeControlResponse(bangle.gatt.read(UUID.control));
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.value;
}

/** Writes a control command; returns the response code. */
export function command(bangle: FakeBangle, c: ControlCommand): number {
  bangle.gatt.write(UUID.control, encodeControlCommand(c));
  return response(bangle).code;
}

export interface PullOptions {
  /** Acknowledge each result (ACK_RESULT) and go on; false: stop at the first one, unacknowledged. */
  acknowledge?: boolean;
  /** The answers to ACK_RESULT the test accepts (default: SUCCESS only). */
  ackCodes?: number[];
}

/** Pulls every stored result as the web companion does: cursor writes, chunk reads, ACK_RESULT. */
export function pullAll(bangle: FakeBangle, options: PullOptions = {}): SessionResult[] {
  const acknowledge = options.acknowledge ?? true;
  const ackCodes = options.ackCodes ?? [RESPONSE_CODE.SUCCESS];
  const assembler = new ResultAssembler();
  const results: SessionResult[] = [];
  let cursor = assembler.start();
  for (let guard = 0; guard < 500; guard++) {
    bangle.gatt.write(UUID.results, encodeResultsCursor(cursor));
    const step = assembler.accept(bangle.gatt.read(UUID.results));
    if (step.type === "empty") return results;
    if (step.type === "error") throw new Error(step.reason);
    if (step.type === "complete") {
      results.push(step.result);
      if (!acknowledge) return results;
      expect(ackCodes).toContain(command(bangle, { op: "ack-result", id: step.result.id }));
      cursor = assembler.acknowledged(step.crc);
    } else cursor = step.cursor;
  }
  throw new Error("the pull did not finish");
}

/** The app's storage with `routine` (over the default) as its stored routine. */
export function storageWith(routine: Partial<Routine>): Map<string, string> {
  return new Map([["steadyhold.json", JSON.stringify({ ...DEFAULT_ROUTINE, ...routine })]]);
}

/** The names in the app's storage that start with `prefix` ("steadyhold.r": stored result records). */
export function files(bangle: FakeBangle, prefix: string): string[] {
  return [...bangle.storage.keys()].filter((k) => k.startsWith(prefix));
}
