import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  OPCODE,
  RESPONSE_CODE,
  crc32,
  decodeControlResponse,
  encodeControlCommand,
  encodeControlResponse,
  encodeResultRecord,
  encodeResultsCursor,
  encodeResultsValue,
  encodeRoutineValue,
  resultsChunk,
} from "../common/gatt-profile";
import {
  DEFAULT_MAX_STALE_READS,
  PullStep,
  ResultAssembler,
  ResultsIo,
  awaitedResponse,
  opcodeOf,
  pullResults,
} from "../common/gatt-central";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { HoldResult, SessionResult } from "../common/result";
import { TestDevice } from "./support/gatt-device";
import { resultArb } from "./support/arbitraries";

const T0 = Date.UTC(2026, 0, 5, 7, 0);

/** A result whose record spans several chunks (each hold carries `bounces` warnings). */
function bigResult(id: string, bounces: number): SessionResult {
  const routine: Routine = { ...DEFAULT_ROUTINE, repsPerLeg: 5, holdSeconds: 60 };
  const holds: HoldResult[] = [];
  for (const leg of ["left", "right"] as const) {
    for (let rep = 1; rep <= 5; rep++) {
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
    }
  }
  return { id, startedAt: T0, endedAt: T0 + 900000, completed: true, routine, holds, utcOffsetMinutes: 60 };
}

function recordOf(result: SessionResult): Uint8Array {
  const encoded = encodeResultRecord(result);
  if (!encoded.ok) throw new Error(encoded.reason);
  return encoded.value;
}

/** Faults the link between the central and the device may show at one read. */
type Fault = "none" | "disconnect" | "lose-ack" | "lose-ack-response" | "lag";

/**
 * The radio between a central and the device: writes reach the peripheral at once, but a lagging
 * peripheral (Espruino) may still show the previous Results value for a few reads after a write.
 */
class Link {
  private shown: Uint8Array | null = null;
  private lagReads = 0;
  reads = 0;
  constructor(readonly device: TestDevice) {}

  writeCursor(cursor: number, lag = 0): void {
    const before = this.device.peripheral.value("results");
    this.device.peripheral.write("results", encodeResultsCursor(cursor), T0);
    this.shown = lag > 0 ? before : null;
    this.lagReads = lag;
  }

  readResults(): Uint8Array {
    this.reads++;
    if (this.lagReads > 0 && this.shown !== null) {
      this.lagReads--;
      return this.shown;
    }
    return this.device.peripheral.value("results");
  }

  /** Writes to the control point and returns the response, as a central awaiting its sequence does. */
  control(bytes: Uint8Array, opcode: number): number {
    const before = decodeControlResponse(this.device.peripheral.value("control"));
    const previous = before.ok ? before.value.sequence : 0;
    this.device.peripheral.write("control", bytes, T0);
    const answer = awaitedResponse(this.device.peripheral.value("control"), opcode, previous);
    if (!answer.ok || answer.value === null) throw new Error("no answer to opcode " + opcode);
    return answer.value.code;
  }
}

interface PullReport {
  /** Every complete step, in order (a record may be completed twice when its ack was lost). */
  completed: string[];
  /** What the central stores: by id, so a record completed twice is stored once. */
  stored: Map<string, SessionResult>;
  errors: string[];
  steps: PullStep["type"][];
}

/** The central's loop, as the web app runs it: pull, store, acknowledge, next — with `faults` by read number. */
function pullAll(
  link: Link,
  faults: (read: number, completed: number) => Fault = () => "none",
  maxReads = 10000,
): PullReport {
  const assembler = new ResultAssembler();
  const report: PullReport = { completed: [], stored: new Map(), errors: [], steps: [] };
  link.writeCursor(assembler.start());
  while (link.reads < maxReads) {
    const fault = faults(link.reads, report.completed.length);
    if (fault === "disconnect") {
      link.device.peripheral.connected();
      link.writeCursor(assembler.resume());
    }
    const step = assembler.accept(link.readResults());
    report.steps.push(step.type);
    switch (step.type) {
      case "next":
        link.writeCursor(step.cursor, fault === "lag" ? 2 : 0);
        break;
      case "stale":
        break;
      case "restart":
        link.writeCursor(step.cursor);
        break;
      case "complete": {
        report.completed.push(step.result.id);
        report.stored.set(step.result.id, step.result);
        if (fault === "lose-ack") {
          // The link dropped before the ACK reached the wearable: on reconnecting the record is pulled again.
          link.device.peripheral.connected();
          link.writeCursor(assembler.resume());
          break;
        }
        const code = link.control(encodeControlCommand({ op: "ack-result", id: step.result.id }), OPCODE.ACK_RESULT);
        if (fault === "lose-ack-response") {
          // The ACK arrived but its response was lost with the link: the central reconnects not knowing.
          link.device.peripheral.connected();
          link.writeCursor(assembler.resume());
          break;
        }
        expect([RESPONSE_CODE.SUCCESS, RESPONSE_CODE.UNKNOWN_RESULT]).toContain(code);
        link.writeCursor(assembler.acknowledged(step.crc), fault === "lag" ? 2 : 0);
        break;
      }
      case "empty":
        return report;
      case "error":
        report.errors.push(step.reason);
        return report;
    }
  }
  throw new Error("the pull did not finish in " + maxReads + " reads");
}

describe("pulling results", () => {
  it("pulls every record once, in order, equal to what the wearable stored, and empties the queue", () => {
    const originals = [bigResult("aaa-1", 100), bigResult("bbb-2", 0), bigResult("ccc-3", 37)];
    const device = new TestDevice(originals);
    const link = new Link(device);
    const report = pullAll(link);
    expect(report.errors).toEqual([]);
    expect(report.completed).toEqual(["aaa-1", "bbb-2", "ccc-3"]);
    expect([...report.stored.values()]).toEqual(originals);
    expect(device.records).toEqual([]);
    expect(device.deleted).toEqual(["aaa-1", "bbb-2", "ccc-3"]);
    // 17 chunks for the largest record, then one chunk each and the final empty read.
    expect(report.steps.filter((s) => s === "next").length).toBe(
      16 + 0 + Math.ceil(recordOf(originals[2]).length / 128) - 1,
    );
  });

  it("a transfer cut at any read resumes or restarts without loss or duplicate", () => {
    const originals = [bigResult("aaa-1", 100), bigResult("bbb-2", 20)];
    for (let cutAt = 0; cutAt < 25; cutAt++) {
      const device = new TestDevice(originals);
      const report = pullAll(new Link(device), (read) => (read === cutAt ? "disconnect" : "none"));
      expect(report.errors).toEqual([]);
      expect(report.completed).toEqual(["aaa-1", "bbb-2"]);
      expect([...report.stored.values()]).toEqual(originals);
      expect(device.records).toEqual([]);
    }
  });

  it("resumes at the cursor after a reconnection when the record is unchanged", () => {
    const device = new TestDevice([bigResult("aaa-1", 100)]);
    const link = new Link(device);
    const assembler = new ResultAssembler();
    link.writeCursor(assembler.start());
    for (let i = 0; i < 8; i++) {
      const step = assembler.accept(link.readResults());
      if (step.type !== "next") throw new Error(step.type);
      link.writeCursor(step.cursor);
    }
    device.peripheral.connected();
    expect(assembler.resume()).toBe(8 * 128);
    link.writeCursor(8 * 128);
    const reads = link.reads;
    let step = assembler.accept(link.readResults());
    while (step.type === "next") {
      link.writeCursor(step.cursor);
      step = assembler.accept(link.readResults());
    }
    expect(step.type).toBe("complete");
    expect(link.reads - reads).toBe(17 - 8);
  });

  it("restarts at 0 when the record changed while the link was down", () => {
    const device = new TestDevice([bigResult("aaa-1", 100), bigResult("bbb-2", 90)]);
    const link = new Link(device);
    const assembler = new ResultAssembler();
    link.writeCursor(assembler.start());
    for (let i = 0; i < 5; i++) {
      const step = assembler.accept(link.readResults());
      if (step.type !== "next") throw new Error(step.type);
      link.writeCursor(step.cursor);
    }
    // Another central acknowledged aaa-1 meanwhile.
    device.deleteResult("aaa-1");
    device.peripheral.connected();
    link.writeCursor(assembler.resume());
    const step = assembler.accept(link.readResults());
    expect(step).toEqual({
      type: "restart",
      cursor: 0,
      reason: expect.stringMatching(/^the wearable's record changed \(CRC [0-9a-f]{8} became [0-9a-f]{8}\)$/),
    });
    const report = pullAll(link);
    expect(report.completed).toEqual(["bbb-2"]);
  });

  it("restarts when the new record is shorter than the cursor (bad cursor)", () => {
    const device = new TestDevice([bigResult("aaa-1", 100), bigResult("bbb-2", 0)]);
    const link = new Link(device);
    const assembler = new ResultAssembler();
    link.writeCursor(assembler.start());
    for (let i = 0; i < 12; i++) {
      const step = assembler.accept(link.readResults());
      link.writeCursor((step as { cursor: number }).cursor);
    }
    device.deleteResult("aaa-1");
    device.peripheral.connected();
    link.writeCursor(assembler.resume());
    expect(assembler.accept(link.readResults())).toEqual({
      type: "restart",
      cursor: 0,
      reason:
        "the wearable's record is now " +
        recordOf(bigResult("bbb-2", 0)).length +
        " bytes, shorter than the cursor 1536",
    });
  });

  it("an acknowledgement lost with the link: the record is pulled again and stored once", () => {
    const originals = [bigResult("aaa-1", 30), bigResult("bbb-2", 0)];
    for (const fault of ["lose-ack", "lose-ack-response"] as const) {
      const device = new TestDevice(originals);
      // The fault strikes the first completed record only.
      const report = pullAll(new Link(device), (_read, completed) => (completed === 0 ? fault : "none"));
      expect(report.errors).toEqual([]);
      expect(report.completed).toEqual(fault === "lose-ack" ? ["aaa-1", "aaa-1", "bbb-2"] : ["aaa-1", "bbb-2"]);
      expect([...report.stored.keys()]).toEqual(["aaa-1", "bbb-2"]);
      expect(device.records).toEqual([]);
    }
  });

  it("a lagging peripheral is read again until the chunk at the cursor shows", () => {
    const device = new TestDevice([bigResult("aaa-1", 100), bigResult("bbb-2", 0)]);
    const report = pullAll(new Link(device), () => "lag");
    expect(report.errors).toEqual([]);
    expect(report.completed).toEqual(["aaa-1", "bbb-2"]);
    expect(report.steps.filter((s) => s === "stale").length).toBeGreaterThan(16);
  });

  it("after an acknowledgement, the old record's chunk still showing is not taken for the next", () => {
    const device = new TestDevice([bigResult("aaa-1", 0), bigResult("bbb-2", 0)]);
    const link = new Link(device);
    const assembler = new ResultAssembler();
    link.writeCursor(assembler.start());
    const first = assembler.accept(link.readResults());
    if (first.type !== "complete") throw new Error(first.type);
    const oldValue = link.readResults();
    link.control(encodeControlCommand({ op: "ack-result", id: "aaa-1" }), OPCODE.ACK_RESULT);
    assembler.acknowledged(first.crc);
    expect(assembler.accept(oldValue)).toEqual({ type: "stale", cursor: 0, staleReads: 1 });
    const second = assembler.accept(link.readResults());
    expect(second.type === "complete" && second.result.id).toBe("bbb-2");
  });

  it("any schedule of drops, lost acknowledgements and lag loses nothing and stores nothing twice", () => {
    const faultArb = fc.constantFrom<Fault>(
      "none",
      "none",
      "none",
      "disconnect",
      "lose-ack",
      "lose-ack-response",
      "lag",
    );
    fc.assert(
      fc.property(
        fc.array(resultArb, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.array(faultArb, { maxLength: 200 }),
        (results, withBig, faults) => {
          const originals = results.map((r, i) => ({ ...r, id: r.id + "-" + i }));
          if (withBig) originals.splice(1, 0, bigResult("big-1", 100));
          const device = new TestDevice(originals);
          const report = pullAll(new Link(device), (read) => faults[read] ?? "none");
          expect(report.errors).toEqual([]);
          expect([...report.stored.keys()]).toEqual(originals.map((r) => r.id));
          for (const r of originals) expect(report.stored.get(r.id)).toEqual(recordRoundTrip(r));
          expect(device.records).toEqual([]);
          expect(device.setAside).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});

function recordRoundTrip(r: SessionResult): SessionResult {
  return { ...r, holds: r.holds.map((h) => ({ ...h, bounceAtMs: [...h.bounceAtMs].sort((a, b) => a - b) })) };
}

describe("bad values from the peripheral", () => {
  const record = recordOf(bigResult("aaa-1", 10));
  const crc = crc32(record);
  it("a chunk that does not decode is an error with the decoder's reason", () => {
    const assembler = new ResultAssembler();
    expect(assembler.accept([1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5])).toEqual({
      type: "error",
      reason: "results: a chunk says 0 records are pending",
    });
    expect(assembler.accept(new Uint8Array([9]))).toEqual({
      type: "error",
      reason: "results: unknown value kind 9 (0 none, 1 chunk, 2 bad cursor)",
    });
    expect(assembler.progress()).toEqual({ cursor: 0, total: 0 });
  });
  it("a payload changed in transit fails the CRC: nothing is stored", () => {
    const assembler = new ResultAssembler();
    let step: PullStep = { type: "next", cursor: 0 };
    while (step.type === "next") {
      const chunk = resultsChunk(record, crc, step.cursor, 1);
      const bytes = encodeResultsValue(chunk);
      if (step.cursor === 128) bytes[20] ^= 1;
      step = assembler.accept(bytes);
    }
    expect(step).toEqual({
      type: "error",
      reason: expect.stringMatching(/^result record: CRC [0-9a-f]{8} does not match the wearable's [0-9a-f]{8}$/),
    });
    expect(assembler.progress()).toEqual({ cursor: 0, total: 0 });
  });
  it("a record that does not decode (a peripheral without the set-aside check) is an error naming the field", () => {
    const bad = Uint8Array.from(record);
    bad[bad.length - 1] = 0xff; // the last bounce warning, now past the 60-s hold
    const assembler = new ResultAssembler();
    let step: PullStep = { type: "next", cursor: 0 };
    while (step.type === "next")
      step = assembler.accept(encodeResultsValue(resultsChunk(bad, crc32(bad), step.cursor, 1)));
    expect(step).toEqual({
      type: "error",
      reason: "result aaa-1, hold 10: bounce warning at 65428 ms is outside 0–60000",
    });
  });
  it("a bad cursor for another cursor than ours is stale; one for cursor 0 cannot be sent", () => {
    const assembler = new ResultAssembler();
    expect(
      assembler.accept(encodeResultsValue({ kind: "bad-cursor", pending: 1, total: 10, requested: 12 })),
    ).toMatchObject({ type: "stale" });
    expect(assembler.accept(encodeResultsValue({ kind: "bad-cursor", pending: 1, total: 10, requested: 0 }))).toEqual({
      type: "error",
      reason: "results: bad cursor 0 is inside the 10-byte record",
    });
  });
  it("a peripheral that never moves to the cursor is given up after 20 reads", () => {
    const assembler = new ResultAssembler();
    const first = encodeResultsValue(resultsChunk(record, crc, 0, 1));
    expect(assembler.accept(first).type).toBe("next");
    for (let i = 1; i <= DEFAULT_MAX_STALE_READS; i++)
      expect(assembler.accept(first)).toEqual({ type: "stale", cursor: 128, staleReads: i });
    expect(assembler.accept(first)).toEqual({
      type: "error",
      reason: "results: the wearable did not show the chunk at offset 128 after 20 reads",
    });
  });
  it("random values never throw and never complete a record", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 140 }), { maxLength: 30 }), (values) => {
        const assembler = new ResultAssembler();
        for (const v of values) expect(assembler.accept(v).type).not.toBe("complete");
      }),
    );
    const assembler = new ResultAssembler();
    for (const v of [null, undefined, "x", {}, 5, [300]]) expect(assembler.accept(v).type).toBe("error");
  });
});

describe("control point responses", () => {
  it("awaitedResponse waits for the sequence to move and for the opcode asked", () => {
    const response = (opcode: number, code: number, sequence: number) =>
      encodeControlResponse({ opcode, code, sequence });
    expect(awaitedResponse(response(1, 1, 4), OPCODE.START, 4)).toEqual({ ok: true, value: null });
    expect(awaitedResponse(response(0x20, 1, 5), OPCODE.START, 4)).toEqual({ ok: true, value: null });
    expect(awaitedResponse(response(1, 4, 5), OPCODE.START, 4)).toEqual({
      ok: true,
      value: { opcode: 1, code: 4, sequence: 5 },
    });
    expect(awaitedResponse(response(1, 1, 0), OPCODE.START, 255)).toEqual({
      ok: true,
      value: { opcode: 1, code: 1, sequence: 0 },
    });
    expect(awaitedResponse([0x80, 0, 0, 0], OPCODE.START, 0)).toEqual({ ok: true, value: null });
    expect(awaitedResponse([1, 2], OPCODE.START, 0)).toEqual({
      ok: false,
      reason: "control response: expected 4 bytes but got 2",
    });
  });
  it("opcodeOf names the opcode each command is answered with", () => {
    expect(opcodeOf({ op: "start" })).toBe(1);
    expect(opcodeOf({ op: "pause" })).toBe(2);
    expect(opcodeOf({ op: "resume" })).toBe(3);
    expect(opcodeOf({ op: "end" })).toBe(4);
    expect(opcodeOf({ op: "ack-result", id: "a" })).toBe(5);
    expect(opcodeOf({ op: "set-clock", nowMs: T0, utcOffsetMinutes: 0 })).toBe(6);
  });
  it("a routine write, answered on opcode 0x20, as the central sees it", () => {
    const device = new TestDevice();
    const link = new Link(device);
    const before = decodeControlResponse(device.peripheral.value("control"));
    device.peripheral.write("routine", encodeRoutineValue({ ...DEFAULT_ROUTINE, holdSeconds: 45 }), T0);
    const answer = awaitedResponse(
      device.peripheral.value("control"),
      OPCODE.ROUTINE_WRITE,
      before.ok ? before.value.sequence : -1,
    );
    expect(answer).toEqual({ ok: true, value: { opcode: 0x20, code: 1, sequence: 1 } });
    expect(link.control(encodeControlCommand({ op: "start" }), OPCODE.START)).toBe(RESPONSE_CODE.SUCCESS);
    expect(device.session?.routine.holdSeconds).toBe(45);
  });
});

/** ResultsIo over a TestDevice; `drops` says, per call number, whether the link drops before (or after) it reaches the wearable. */
function asyncIo(
  device: TestDevice,
  drops: (call: number) => "none" | "before" | "after",
  lag = 0,
): ResultsIo & { calls: number } {
  const link = new Link(device);
  const io = {
    calls: 0,
    run<T>(action: () => T): Promise<T> {
      const drop = drops(io.calls++);
      if (drop === "before") return Promise.reject(new Error("link dropped"));
      const value = action();
      return drop === "after" ? Promise.reject(new Error("link dropped")) : Promise.resolve(value);
    },
    readResults: () => io.run(() => link.readResults()),
    writeCursor: (cursor: number) => io.run(() => link.writeCursor(cursor, lag)),
    acknowledge: (id: string) =>
      io.run(() => link.control(encodeControlCommand({ op: "ack-result", id }), OPCODE.ACK_RESULT)),
    pause: () => Promise.resolve(),
  };
  return io;
}

describe("pullResults (the promise loop over a connection)", () => {
  it("pulls, stores and acknowledges everything", async () => {
    const originals = [bigResult("aaa-1", 100), bigResult("bbb-2", 3)];
    const device = new TestDevice(originals);
    const stored = new Map<string, SessionResult>();
    const outcome = await pullResults(
      asyncIo(device, () => "none", 1),
      new ResultAssembler(),
      async (r) => void stored.set(r.id, r),
    );
    expect(outcome).toEqual({ stored: ["aaa-1", "bbb-2"], error: null });
    expect([...stored.values()]).toEqual(originals);
    expect(device.records).toEqual([]);
  });

  it("after any drop, calling it again with the same assembler loses nothing and stores each result once", async () => {
    const originals = [bigResult("aaa-1", 60), bigResult("bbb-2", 0), bigResult("ccc-3", 10)];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<"none" | "before" | "after">("none", "none", "none", "none", "before", "after"), {
          maxLength: 120,
        }),
        async (drops) => {
          const device = new TestDevice(originals);
          const stored = new Map<string, SessionResult>();
          const assembler = new ResultAssembler();
          const io = asyncIo(device, (call) => drops[call] ?? "none");
          let outcome = null;
          for (let attempt = 0; attempt < 200 && outcome === null; attempt++) {
            try {
              outcome = await pullResults(io, assembler, async (r) => void stored.set(r.id, r));
            } catch {
              device.peripheral.connected(); // reconnected
            }
          }
          expect(outcome?.error).toBeNull();
          expect([...stored.keys()]).toEqual(["aaa-1", "bbb-2", "ccc-3"]);
          expect([...stored.values()]).toEqual(originals);
          expect(device.records).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("stops with the reason on a malformed value, and on an acknowledgement the wearable refuses", async () => {
    const device = new TestDevice([bigResult("aaa-1", 0)]);
    const broken: ResultsIo = {
      ...asyncIo(device, () => "none"),
      readResults: () => Promise.resolve(new Uint8Array([7])),
    };
    expect(await pullResults(broken, new ResultAssembler(), async () => {})).toEqual({
      stored: [],
      error: "results: unknown value kind 7 (0 none, 1 chunk, 2 bad cursor)",
    });
    const refusing: ResultsIo = {
      ...asyncIo(device, () => "none"),
      acknowledge: () => Promise.resolve(RESPONSE_CODE.INVALID_PARAMETER),
    };
    expect(await pullResults(refusing, new ResultAssembler(), async () => {})).toEqual({
      stored: ["aaa-1"],
      error: "the wearable refused to delete result aaa-1 (response code 3)",
    });
    expect(device.records.length).toBe(1);
  });

  it("a failing store acknowledges nothing", async () => {
    const device = new TestDevice([bigResult("aaa-1", 0)]);
    await expect(
      pullResults(
        asyncIo(device, () => "none"),
        new ResultAssembler(),
        () => Promise.reject(new Error("disk full")),
      ),
    ).rejects.toThrow("disk full");
    expect(device.records.length).toBe(1);
    expect(device.deleted).toEqual([]);
  });
});
