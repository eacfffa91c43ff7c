// common/gatt-central.ts against Espruino's write→onWrite gap (review 19): until the Bangle.js app's
// onWrite handler runs, a written characteristic reads back as the central's own bytes.
import { describe, expect, it } from "vitest";
import {
  MAX_ECHO_READS,
  ResultAssembler,
  ResultsIo,
  awaitedResponse,
  echoesWrite,
  pullResults,
} from "../common/gatt-central";
import {
  OPCODE,
  RESPONSE_CODE,
  decodeControlResponse,
  encodeControlCommand,
  encodeControlResponse,
  encodeResultsCursor,
} from "../common/gatt-profile";
import { DEFAULT_ROUTINE } from "../common/routine";
import type { SessionResult } from "../common/result";
import { TestDevice } from "./support/gatt-device";

const T0 = Date.UTC(2026, 0, 5, 7, 0);

function result(id: string, bounces: number): SessionResult {
  const routine = { ...DEFAULT_ROUTINE, repsPerLeg: 5, holdSeconds: 60 };
  const holds = [];
  for (const leg of ["left", "right"] as const)
    for (let rep = 1; rep <= 5; rep++)
      holds.push({
        leg,
        rep,
        targetSeconds: 60,
        achievedMs: 60000,
        endedEarly: false,
        bounceAtMs: Array.from({ length: bounces }, (_, i) => i * 500),
        steadiness: 60,
        bouncingMs: 1000,
      });
  return { id, startedAt: T0, endedAt: T0 + 900000, completed: true, routine, holds, utcOffsetMinutes: 60 };
}

describe("echoesWrite", () => {
  it("is true only for the same bytes, whatever container holds them", () => {
    const written = new Uint8Array([6, 1, 2, 3]);
    expect(echoesWrite(new Uint8Array([6, 1, 2, 3]), written)).toBe(true);
    expect(echoesWrite(new DataView(new Uint8Array([6, 1, 2, 3]).buffer), written)).toBe(true);
    expect(echoesWrite(new Uint8Array([6, 1, 2, 3]).buffer, [6, 1, 2, 3])).toBe(true);
    expect(echoesWrite(new Uint8Array([6, 1, 2]), written)).toBe(false);
    expect(echoesWrite(new Uint8Array([6, 1, 2, 4]), written)).toBe(false);
    expect(echoesWrite(null, written)).toBe(false);
    expect(echoesWrite("6123", written)).toBe(false);
  });
});

describe("awaitedResponse with the command written", () => {
  it("reads the command's own bytes as 'not answered yet', and still rejects other undecodable values", () => {
    const setClock = encodeControlCommand({ op: "set-clock", nowMs: T0, utcOffsetMinutes: 60 });
    expect(awaitedResponse(setClock, OPCODE.SET_CLOCK, 0, setClock)).toEqual({ ok: true, value: null });
    expect(awaitedResponse(setClock, OPCODE.SET_CLOCK, 0).ok).toBe(false);
    expect(awaitedResponse([1, 2], OPCODE.SET_CLOCK, 0, setClock).ok).toBe(false);
    const answer = encodeControlResponse({ opcode: OPCODE.SET_CLOCK, code: RESPONSE_CODE.SUCCESS, sequence: 1 });
    expect(awaitedResponse(answer, OPCODE.SET_CLOCK, 0, setClock)).toEqual({
      ok: true,
      value: { opcode: OPCODE.SET_CLOCK, code: 1, sequence: 1 },
    });
  });
});

describe("ResultAssembler after a cursor write", () => {
  it("reads a value equal to the cursor written again, at most MAX_ECHO_READS times ([0, 0] is also 'none')", () => {
    const assembler = new ResultAssembler();
    assembler.start();
    const echo = encodeResultsCursor(0);
    for (let i = 1; i <= MAX_ECHO_READS; i++)
      expect(assembler.accept(echo)).toEqual({ type: "stale", cursor: 0, staleReads: i });
    expect(assembler.accept(echo)).toEqual({ type: "empty" });
  });

  it("takes a later [0, 0] at once: only the first reads after a write can be the echo", () => {
    const device = new TestDevice();
    const assembler = new ResultAssembler();
    assembler.start();
    expect(assembler.accept(new Uint8Array([2, 1, 10, 0, 20, 0])).type).toBe("stale"); // a bad cursor for another cursor
    expect(assembler.accept(device.peripheral.value("results"))).toEqual({ type: "empty" });
  });

  it("reads past the echo of a non-zero cursor ([0x80, 0] alone would be an unknown kind)", () => {
    const device = new TestDevice([result("aaa-1", 100)]);
    const assembler = new ResultAssembler();
    device.peripheral.write("results", encodeResultsCursor(assembler.start()), T0);
    const first = assembler.accept(device.peripheral.value("results"));
    expect(first.type).toBe("next");
    const cursor = first.type === "next" ? first.cursor : -1;
    expect(cursor).toBe(128);
    device.peripheral.write("results", encodeResultsCursor(cursor), T0);
    expect(assembler.accept(encodeResultsCursor(cursor)).type).toBe("stale");
    expect(assembler.accept(device.peripheral.value("results"))).toEqual({ type: "next", cursor: 256 });
  });
});

describe("pullResults on a peripheral that echoes every write once", () => {
  it("pulls, stores and acknowledges everything, and ends on a real empty queue", async () => {
    const originals = [result("aaa-1", 100), result("bbb-2", 3)];
    const device = new TestDevice(originals);
    let echo: Uint8Array | null = null;
    const stored: string[] = [];
    const io: ResultsIo = {
      readResults: async () => {
        const shown = echo ?? device.peripheral.value("results");
        echo = null;
        return shown;
      },
      writeCursor: async (cursor) => {
        echo = encodeResultsCursor(cursor);
        device.peripheral.write("results", echo, T0);
      },
      acknowledge: async (id) => {
        device.peripheral.write("control", encodeControlCommand({ op: "ack-result", id }), T0);
        const answer = decodeControlResponse(device.peripheral.value("control"));
        return answer.ok ? answer.value.code : -1;
      },
      pause: async () => undefined,
    };
    const outcome = await pullResults(io, new ResultAssembler(), async (r) => void stored.push(r.id));
    expect(outcome).toEqual({ stored: ["aaa-1", "bbb-2"], error: null });
    expect(device.records).toEqual([]);
  });
});
