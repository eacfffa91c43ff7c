// The heap tool's parts that do not need JerryScript (npm test must not depend on ../shared):
// the worst routine really is the worst valid one, a missing engine is one clear error, and the
// budget check flags exactly the failed runs and the worst-routine runs over 58,000 B.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { IntegerField, Routine, parseRoutine, routineField } from "../common/routine";
import { KEPT_DAYS, localDayNumber, parseStats, summarizeDay } from "../common/daily";
import {
  EngineMissing,
  HEAP_BUDGET_BYTES,
  PACKAGES,
  PackageFigures,
  WORST_ROUTINE,
  describeRun,
  findEngine,
  fullStatsFile,
  findRoomyEngine,
  parseStorage,
  problems,
  renderMarkdown,
} from "../tools/watch-heap";

const integer = (key: keyof Routine) => routineField(key) as IntegerField;

function figures(
  cases: Array<{ name: string; peakBytes: number; ok: boolean; neededBytes?: number }>,
): PackageFigures[] {
  return [
    {
      pkg: PACKAGES[0],
      bundleBytes: 1000,
      parsePeakBytes: 3000,
      parsedCodeBytes: 2000,
      cases: cases.map((c) => ({
        neededBytes: NaN,
        ...c,
        runtimeBytes: 18000,
        note: c.ok ? "session: 10 holds" : "OUT OF MEMORY: hold 3",
      })),
      modules: [{ file: "common/session.ts", bytecodeBytes: 300, stringBytes: 200 }],
      retained: [
        { hold: 1, retainedBytes: 50000 },
        { hold: 3, retainedBytes: 50600 },
      ],
    },
  ];
}

describe("npm run heap", () => {
  const saved = process.env.STEADY_HOLD_JERRYSCRIPT;
  afterEach(() => {
    if (saved === undefined) delete process.env.STEADY_HOLD_JERRYSCRIPT;
    else process.env.STEADY_HOLD_JERRYSCRIPT = saved;
  });

  it("plays the worst valid routine: most and longest holds, no waits, most cues, most sensitive", () => {
    expect(parseRoutine(WORST_ROUTINE).errors).toEqual([]);
    expect(WORST_ROUTINE.repsPerLeg).toBe(integer("repsPerLeg").max);
    expect(WORST_ROUTINE.holdSeconds).toBe(integer("holdSeconds").max);
    expect([WORST_ROUTINE.restSeconds, WORST_ROUTINE.switchSeconds, WORST_ROUTINE.getReadySeconds]).toEqual([0, 0, 0]);
    expect(WORST_ROUTINE.lastSecondsCue).toBe(5);
    expect(WORST_ROUTINE.sensitivity).toBe("high");
  });

  it("starts the worst case after weeks of use: day stats as full as the watch keeps them, and valid", () => {
    const now = 30 * 86400000 + 3600000;
    const parsed = parseStats(JSON.parse(fullStatsFile(now, 3)["stats.cbor"]));
    expect(parsed.error).toBe("");
    expect(parsed.stats.days).toHaveLength(KEPT_DAYS * 3); // day, count, goal per day
    expect(parsed.stats.counted).toHaveLength(8);
    expect(summarizeDay(parsed.stats, localDayNumber(now, 0), 3).streak).toBe(KEPT_DAYS + 7);
  });

  it("reads the storage an earlier-result run printed a file at a time, and nothing from a run that stopped before it", () => {
    const output = [
      "hold 1 at 1000 ms",
      "STORAGE-CLOCK 2592060000",
      "STORAGE-FILE routine.cbor",
      '[2,"routine",1,["left",5]]',
      "STORAGE-FILE pending-a.cbor",
      '[2,"result","a"]',
      "STORAGE-END",
      "session: 10 holds",
    ].join("\n");
    expect(parseStorage(output)).toEqual({
      storage: {
        clockMs: 2592060000,
        files: { "routine.cbor": '[2,"routine",1,["left",5]]', "pending-a.cbor": '[2,"result","a"]' },
      },
      rest: "hold 1 at 1000 ms\nsession: 10 holds",
    });
    expect(parseStorage(output.replace("STORAGE-END", ""))).toBeNull(); // ran out while printing
    expect(parseStorage("hold 1 at 1000 ms")).toBeNull();
  });

  it("names the missing engine's folder instead of failing later", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-jerry-"));
    const before = process.env.STEADY_HOLD_JERRYSCRIPT;
    process.env.STEADY_HOLD_JERRYSCRIPT = empty;
    try {
      expect(() => findEngine()).toThrow(EngineMissing);
      expect(() => findEngine()).toThrow(empty);
    } finally {
      // Neither the folder nor the setting outlives the test.
      if (before === undefined) delete process.env.STEADY_HOLD_JERRYSCRIPT;
      else process.env.STEADY_HOLD_JERRYSCRIPT = before;
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it("flags failed runs and worst-routine peaks over the budget, nothing else", () => {
    const bad = problems(
      figures([
        { name: "default session", peakBytes: HEAP_BUDGET_BYTES + 100, ok: true },
        { name: "worst routine: 5 × 60 s", peakBytes: HEAP_BUDGET_BYTES + 1, ok: true },
        { name: "  same, 1 hold a leg", peakBytes: NaN, ok: false },
      ]),
    );
    expect(bad).toHaveLength(2);
    expect(bad[0]).toMatch(/worst routine.*over 58000 B/);
    expect(bad[1]).toMatch(/same, 1 hold a leg: OUT OF MEMORY/);
    expect(problems(figures([{ name: "worst routine: 5 × 60 s", peakBytes: HEAP_BUDGET_BYTES, ok: true }]))).toEqual(
      [],
    );
  });

  it("names an exhausted heap as such, also when JerryScript had no room left for the error object", () => {
    const run = (exitCode: number, output: string) => ({ ok: exitCode === 0, exitCode, peakBytes: 62000, output });
    expect(describeRun(run(10, "hold 1 at 2000 ms"))).toBe("OUT OF MEMORY: hold 1 at 2000 ms");
    expect(describeRun(run(1, "Unhandled exception: null"))).toMatch(
      /^OUT OF MEMORY \(no room left for the error object\)/,
    );
    expect(
      describeRun(
        run(
          1,
          "hold 1 at 2000 ms\nhold 2 at 9000 ms\nUnhandled exception: RangeError: Cannot allocate memory for ArrayBuffer\n 0: app.js:94:72",
        ),
      ),
    ).toBe("OUT OF MEMORY (no room for an ArrayBuffer): hold 1 at 2000 ms / hold 2 at 9000 ms");
    expect(describeRun(run(1, "Unhandled exception: TypeError: x is undefined"))).toMatch(
      /^failed \(exit 1\): Unhandled exception: TypeError/,
    );
  });

  it("writes every figure into the generated page", () => {
    const page = renderMarkdown(figures([{ name: "worst routine: 5 × 60 s", peakBytes: 57000, ok: true }]));
    expect(page).toMatch(/^<!-- Generated by `npm run heap`/);
    expect(page).toContain("| worst routine: 5 × 60 s | 57000 | 18000 | 39000 | 57000 |");
    expect(page).toContain('Column "needs": not measured');
    expect(page).toContain("| 3 | 50600 | 300 |");
    expect(page).toContain("| common/session.ts | 300 | 200 |");
    expect(page).toContain("Parsing it alone peaks at 3000 B (3.00 B per byte");
    expect(page).toContain("leaves 2000 B of bytecode and literal strings (2.00 B per byte)");
    expect(
      renderMarkdown(figures([{ name: "launch to the home screen, 3 results unsent", peakBytes: 0, ok: false }])),
    ).toContain(
      // (58000 − 18000 runtime) ÷ 3 B per byte
      "only with a bundle of at most 13333 B",
    );
  });

  it("shows what a run that ran out of 64 KB needs, measured in the roomier engine, and how closely the engines agree", () => {
    const page = renderMarkdown(
      figures([{ name: "worst routine: 5 × 60 s", peakBytes: 61000, ok: false, neededBytes: 75088 }]),
      { realBytes: 18888, roomyBytes: 18880 },
    );
    // The run that ran out shows no peak of its own (what the engine printed is not one); its share is what it needs beyond the runtime.
    expect(page).toMatch(/\| worst routine: 5 × 60 s \| – \| 18000 \| 57088 \| 75088 \| OUT OF MEMORY: hold 3 \|/);
    expect(page).toContain("peaks at 18888 B in the 64 KB engine and 18880 B in the roomier one");
  });

  it("takes the roomier engine only from STEADY_HOLD_JERRYSCRIPT_ROOMY, and names a wrong path", () => {
    const saved = process.env.STEADY_HOLD_JERRYSCRIPT_ROOMY;
    try {
      delete process.env.STEADY_HOLD_JERRYSCRIPT_ROOMY;
      expect(findRoomyEngine()).toBeNull();
      process.env.STEADY_HOLD_JERRYSCRIPT_ROOMY = "/nowhere/jerry";
      expect(() => findRoomyEngine()).toThrow("/nowhere/jerry");
    } finally {
      if (saved === undefined) delete process.env.STEADY_HOLD_JERRYSCRIPT_ROOMY;
      else process.env.STEADY_HOLD_JERRYSCRIPT_ROOMY = saved;
    }
  });
});
