import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decode, encode } from "cbor-x";
import {
  ACK_FILE_PREFIX,
  MAX_BOUNCES_PER_HOLD,
  PROTOCOL_VERSION,
  RESULT_FILE_PREFIX,
  ROUTINE_FILE,
  ackFileName,
  decodeAckMessage,
  decodeResultMessage,
  decodeRoutineMessage,
  encodeAckMessage,
  encodeResultMessage,
  encodeRoutineMessage,
  resultFileName,
  sessionIdFromFileName,
} from "../common/protocol";
import { DEFAULT_ROUTINE } from "../common/routine";
import { HoldResult, SessionResult } from "../common/result";
import { resultArb, routineArb, sessionIdArb } from "./support/arbitraries";
import { asVersion1Message, hold } from "./support/builders";

function typicalResult(): SessionResult {
  const holds: HoldResult[] = [];
  for (const leg of ["left", "right"] as const) {
    for (let rep = 1; rep <= 3; rep++)
      holds.push(hold({ leg, rep, bounceAtMs: rep === 2 ? [12345, 20111] : [], steadiness: 83 }));
  }
  return {
    id: "mjuq8w00-3f9q",
    startedAt: 1767225600000,
    endedAt: 1767225900000,
    completed: true,
    routine: DEFAULT_ROUTINE,
    holds,
    utcOffsetMinutes: 60,
  };
}

/** Through real CBOR bytes, as the file transfer carries it. */
function overTheWire(message: unknown): unknown {
  return decode(encode(message));
}

function reasonOf(decoded: { ok: boolean; reason?: string }): string {
  expect(decoded.ok).toBe(false);
  return decoded.reason as string;
}

describe("message sizes", () => {
  it("a typical 3 × 2 result with bounce warnings is about 150 bytes of CBOR", () => {
    const bytes = encode(encodeResultMessage(typicalResult()));
    expect(bytes.length).toBeLessThan(200);
  });
  it("routine and ack messages stay under 64 bytes", () => {
    expect(encode(encodeRoutineMessage(DEFAULT_ROUTINE, 1767225600000)).length).toBeLessThan(64);
    expect(encode(encodeAckMessage("mjuq8w00-3f9q")).length).toBeLessThan(64);
  });
});

describe("round trips", () => {
  it("routine messages carry any valid routine and revision unchanged", () => {
    fc.assert(
      fc.property(routineArb, fc.nat(), (routine, revision) => {
        const decoded = decodeRoutineMessage(overTheWire(encodeRoutineMessage(routine, revision)));
        expect(decoded).toEqual({ ok: true, value: { routine, revision } });
      }),
    );
  });

  it("result messages carry any valid session result unchanged", () => {
    fc.assert(
      fc.property(resultArb, (result) => {
        expect(decodeResultMessage(overTheWire(encodeResultMessage(result)))).toEqual({ ok: true, value: result });
      }),
    );
  });

  it("ack messages carry any valid session id", () => {
    fc.assert(
      fc.property(sessionIdArb, (id) => {
        expect(decodeAckMessage(overTheWire(encodeAckMessage(id)), id)).toEqual({ ok: true, value: id });
      }),
    );
  });

  it("the encoder rounds fractional times and scores so the decoder accepts them", () => {
    const result = typicalResult();
    result.holds[0] = hold({ achievedMs: 12000.4, bounceAtMs: [100.6], steadiness: 79.5 });
    const decoded = decodeResultMessage(encodeResultMessage(result));
    expect(decoded.ok && decoded.value.holds[0]).toEqual(
      hold({ achievedMs: 12000, bounceAtMs: [101], steadiness: 80 }),
    );
  });

  it("the encoder keeps only the first bounce warnings of a hold beyond the limit", () => {
    const result = typicalResult();
    result.holds[0] = hold({ bounceAtMs: Array.from({ length: MAX_BOUNCES_PER_HOLD + 5 }, (_, i) => i * 100) });
    const decoded = decodeResultMessage(encodeResultMessage(result));
    expect(decoded.ok && decoded.value.holds[0].bounceAtMs.length).toBe(MAX_BOUNCES_PER_HOLD);
  });

  it("the encoder shares a hold's list of whole-ms warnings instead of copying it (less heap at a session's end), and never changes the result", () => {
    const result = typicalResult();
    const whole = [3000, 9000];
    const fractional = [100.6, 200];
    result.holds[0] = hold({ bounceAtMs: whole });
    result.holds[1] = hold({ rep: 2, bounceAtMs: fractional });
    const rows = (encodeResultMessage(result) as unknown[])[7] as unknown[][];
    expect(rows[0][6]).toBe(whole);
    expect(rows[1][6]).toEqual([101, 200]);
    expect(fractional).toEqual([100.6, 200]);
  });
});

describe("protocol versions", () => {
  it("speaks version 2, which carries each hold's bouncing time", () => {
    expect(PROTOCOL_VERSION).toBe(2);
    const result = typicalResult();
    result.holds[1] = hold({ rep: 2, bounceAtMs: [3000, 9000], bouncingMs: 12400 });
    const message = overTheWire(encodeResultMessage(result)) as unknown[];
    expect(message[0]).toBe(2);
    expect(((message[7] as unknown[][])[1] as unknown[])[7]).toBe(12400);
    const decoded = decodeResultMessage(message);
    expect(decoded.ok && decoded.value.holds[1].bouncingMs).toBe(12400);
  });

  it("still reads version-1 results (stored on a watch or in the phone's history before the update): bouncing time unknown", () => {
    fc.assert(
      fc.property(resultArb, (result) => {
        const decoded = decodeResultMessage(overTheWire(asVersion1Message(result)));
        // Version 1 carried no time zone: the reader's own (here the default, UTC) stands in.
        const expected = { ...result, utcOffsetMinutes: 0, holds: result.holds.map((h) => ({ ...h, bouncingMs: -1 })) };
        expect(decoded).toEqual({ ok: true, value: expected });
      }),
    );
  });

  it("rejects a version-1 hold with a version-2 field, and a version-2 hold without one", () => {
    const v1 = asVersion1Message(typicalResult());
    (v1[7] as unknown[][])[0] = (encodeResultMessage(typicalResult()) as unknown[][][])[7][0];
    expect(reasonOf(decodeResultMessage(v1))).toMatch(/hold 1: expected a list of 7 values but got a list of 8/);
  });

  it("still reads version-1 routines and acks (their layout did not change)", () => {
    const routine = encodeRoutineMessage(DEFAULT_ROUTINE, 5) as unknown[];
    routine[0] = 1;
    expect(decodeRoutineMessage(routine)).toEqual({ ok: true, value: { routine: DEFAULT_ROUTINE, revision: 5 } });
    expect(decodeAckMessage([1, "ack", "abc-1234"], "abc-1234")).toEqual({ ok: true, value: "abc-1234" });
  });

  it("a hold saved by an older app without a bouncing time travels as unknown (-1)", () => {
    const result = typicalResult();
    delete (result.holds[0] as Partial<HoldResult>).bouncingMs;
    const decoded = decodeResultMessage(encodeResultMessage(result));
    expect(decoded.ok && decoded.value.holds[0].bouncingMs).toBe(-1);
  });
});

describe("file names", () => {
  it("name results and acks after the session id and parse it back", () => {
    expect(resultFileName("abc-1234")).toBe("result-abc-1234.cbor");
    expect(ackFileName("abc-1234")).toBe("ack-abc-1234.cbor");
    expect(ROUTINE_FILE).toBe("routine.cbor");
    expect(sessionIdFromFileName("result-abc-1234.cbor", RESULT_FILE_PREFIX)).toBe("abc-1234");
    expect(sessionIdFromFileName("ack-abc-1234.cbor", ACK_FILE_PREFIX)).toBe("abc-1234");
  });
  it("refuse names that are not of that shape", () => {
    for (const name of [
      "result-.cbor",
      "result-abc.json",
      "routine.cbor",
      "result-../x.cbor",
      "result-ABC.cbor",
      "ack-abc.cbor",
    ]) {
      expect(sessionIdFromFileName(name, RESULT_FILE_PREFIX)).toBeNull();
    }
  });
});

describe("routine message rejections", () => {
  const good = () => encodeRoutineMessage(DEFAULT_ROUTINE, 7) as unknown[];
  const cases: Array<[string, unknown, RegExp]> = [
    ["not a list", { v: 1 }, /expected a list but got an object/],
    ["unknown version", [3, "routine", 7, []], /protocol version 3 is not supported \(this side reads 1–2\)/],
    ["wrong kind", [PROTOCOL_VERSION, "ack", "abc"], /got kind "ack" instead/],
    ["extra fields", [...good(), "extra"], /expected 4 fields but got 5/],
    ["negative revision", [1, "routine", -1, good()[3]], /revision -1 is not a whole number/],
    ["fractional revision", [1, "routine", 1.5, good()[3]], /revision 1.5/],
    [
      "routine not a list",
      [1, "routine", 7, { holdSeconds: 30 }],
      /routine must be a list of 10 values but got an object/,
    ],
    ["routine too short", [1, "routine", 7, [1, 2]], /routine must be a list of 10 values but got a list of 2/],
  ];
  for (const [name, data, reason] of cases) {
    it("rejects " + name, () => expect(reasonOf(decodeRoutineMessage(data))).toMatch(reason));
  }

  it("rejects the whole message when one routine field is out of range (the watch keeps its routine)", () => {
    const message = good();
    (message[3] as unknown[])[2] = 90; // holdSeconds
    // The watch logs the field's key: the phone's labels stay on the phone.
    expect(reasonOf(decodeRoutineMessage(message))).toMatch(/invalid routine \(holdSeconds: 90 is outside 5–60\)/);
  });

  it("rejects numbers written as strings on the wire", () => {
    const message = good();
    (message[3] as unknown[])[1] = "3";
    expect(reasonOf(decodeRoutineMessage(message))).toMatch(
      /invalid routine \(repsPerLeg: "3" is not a whole number\)/,
    );
  });
});

describe("result message rejections", () => {
  const good = () => encodeResultMessage(typicalResult()) as unknown[];
  const withField = (index: number, value: unknown) => {
    const m = good();
    m[index] = value;
    return m;
  };
  const withHoldField = (index: number, value: unknown) => {
    const m = good();
    ((m[7] as unknown[][])[0] as unknown[])[index] = value;
    return m;
  };
  const cases: Array<[string, unknown, RegExp]> = [
    ["null", null, /expected a list but got null/],
    ["wrong kind", encodeAckMessage("abc"), /got kind "ack" instead/],
    ["missing fields", good().slice(0, 6), /expected 9 fields but got 6/],
    ["a session id that is no file name", withField(2, "../../etc"), /session id "..\/..\/etc" is not 1–32 characters/],
    ["an empty session id", withField(2, ""), /session id ""/],
    [
      "a start time in the year 2200",
      withField(3, 7258118400000),
      /start time 7258118400000 is not a plausible timestamp/,
    ],
    ["a negative duration", withField(4, -5), /duration -5 is outside/],
    ["a completed flag that is a number", withField(5, 1), /completed flag 1 is not true\/false/],
    [
      "an invalid routine",
      withField(6, ["left", 9, 30, 10, 30, 10, 3, "towel", "normal", 1]),
      /invalid routine \(Holds per leg: 9 is outside 1–5/,
    ],
    ["holds that are not a list", withField(7, "holds"), /holds must be a list but got "holds"/],
    [
      "more holds than planned",
      withField(
        7,
        Array.from({ length: 7 }, () => (good()[7] as unknown[])[0]),
      ),
      /7 holds but the routine plans only 6/,
    ],
    ["a hold that is not a list", withField(7, [{}]), /hold 1: expected a list of 8 values but got an object/],
    [
      "a version-2 hold without its bouncing time",
      withField(7, [(good()[7] as unknown[][])[0].slice(0, 7)]),
      /hold 1: expected a list of 8 values but got a list of 7/,
    ],
    ["a leg code of 2", withHoldField(0, 2), /hold 1: leg 2 is not 0 \(left\) or 1 \(right\)/],
    ["rep 4 of 3", withHoldField(1, 4), /rep 4 is outside 1–3/],
    ["a target unlike the routine's", withHoldField(2, 45), /target 45 s differs from the routine's 30 s/],
    ["more time held than the target", withHoldField(3, 30001), /achieved 30001 ms is outside 0–30000/],
    ["an ended-early flag that is a string", withHoldField(4, "no"), /ended-early flag "no"/],
    ["steadiness above 100", withHoldField(5, 101), /steadiness 101 is outside -1–100/],
    ["steadiness NaN", withHoldField(5, NaN), /steadiness NaN/],
    ["bounce warnings that are not a list", withHoldField(6, 5), /bounce warnings must be a list but got 5/],
    [
      "too many bounce warnings",
      withHoldField(6, new Array(MAX_BOUNCES_PER_HOLD + 1).fill(0)),
      /101 bounce warnings exceed 100/,
    ],
    ["a bounce warning after the hold", withHoldField(6, [31000]), /bounce warning at 31000 ms is outside 0–30000/],
    ["a bounce warning that is Infinity", withHoldField(6, [Infinity]), /bounce warning at Infinity/],
    ["bouncing longer than the hold", withHoldField(7, 30001), /bouncing time 30001 ms is outside -1–30000/],
    ["a fractional bouncing time", withHoldField(7, 1.5), /bouncing time 1.5 ms/],
    ["a bouncing time that is a string", withHoldField(7, "12"), /bouncing time "12" ms/],
  ];
  for (const [name, data, reason] of cases) {
    it("rejects " + name, () => expect(reasonOf(decodeResultMessage(data))).toMatch(reason));
  }

  it("names the session in reasons once the id is readable", () => {
    expect(reasonOf(decodeResultMessage(withHoldField(1, 4)))).toMatch(/^result mjuq8w00-3f9q, hold 1: /);
  });
});

describe("ack message rejections", () => {
  it("rejects an id other than its file's, wrong kind, wrong version and wrong length", () => {
    expect(reasonOf(decodeAckMessage([1, "ack", 42], "abc"))).toBe("ack message: session id 42 is not abc, the file's");
    expect(reasonOf(decodeAckMessage([1, "ack", "abd"], "abc"))).toMatch(/session id "abd" is not abc/);
    expect(reasonOf(decodeAckMessage(encodeRoutineMessage(DEFAULT_ROUTINE, 1), "abc"))).toMatch(
      /got kind "routine" instead/,
    );
    expect(reasonOf(decodeAckMessage([0, "ack", "abc"], "abc"))).toMatch(/protocol version 0 is not supported/);
    expect(reasonOf(decodeAckMessage([1, "ack"], "abc"))).toMatch(/expected 3 fields but got 2/);
  });
});

describe("hostile input never throws", () => {
  const decodeAck = (data: unknown) => decodeAckMessage(data, "abc-1234");
  const decoders = [decodeRoutineMessage, decodeResultMessage, decodeAck];

  it("objects with throwing getters and proxies give a reason", () => {
    const throwing = new Proxy([1, "result"], {
      get(target, key) {
        if (key === "length" || key === "2") throw new Error("boom");
        return Reflect.get(target, key);
      },
    });
    for (const decodeMessage of decoders) {
      const decoded = decodeMessage(throwing);
      expect(decoded.ok).toBe(false);
    }
    expect(reasonOf(decodeResultMessage(throwing))).toMatch(/unreadable \(boom\)/);
  });

  it("huge arrays are rejected by length without being walked", () => {
    const huge = new Array(10_000_000);
    huge[0] = 1;
    huge[1] = "result";
    expect(reasonOf(decodeResultMessage(huge))).toMatch(/expected 8 fields but got 10000000/);
    const m = encodeResultMessage(typicalResult()) as unknown[];
    m[7] = new Array(10_000_000);
    expect(reasonOf(decodeResultMessage(m))).toMatch(/10000000 holds/);
  });

  it("random garbage of any shape", () => {
    fc.assert(
      fc.property(
        fc.anything({
          withNullPrototype: true,
          withTypedArray: true,
          withSparseArray: true,
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
        }),
        (garbage) => {
          for (const decodeMessage of decoders) expect(decodeMessage(garbage).ok).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("valid messages with one element replaced by garbage either decode validly or give a reason", () => {
    const pathArb = fc.array(fc.nat(), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(resultArb, pathArb, fc.anything({ withBigInt: true }), (result, path, garbage) => {
        const message = encodeResultMessage(result) as unknown[];
        let node: unknown[] = message;
        for (let i = 0; i < path.length - 1 && Array.isArray(node[path[i] % node.length]); i++)
          node = node[path[i] % node.length] as unknown[];
        if (node.length > 0) node[path[path.length - 1] % node.length] = garbage;
        const decoded = decodeResultMessage(message);
        if (decoded.ok) expect(decodeResultMessage(encodeResultMessage(decoded.value))).toEqual(decoded);
        else expect(decoded.reason.length).toBeGreaterThan(10);
      }),
      { numRuns: 2000 },
    );
  });

  it("random bytes decoded as CBOR never make a decoder throw", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        let data: unknown;
        try {
          data = decode(bytes);
        } catch {
          return; // the transport fails to parse it: never reaches our decoders
        }
        for (const decodeMessage of decoders) expect(decodeMessage(data).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
