import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TraceError, TraceLineReader, parseTraceCsv, traceName } from "../model/trace-csv";
import { generateHold, holdToCsv } from "../model/holds";
import { warningTimes } from "../model/detector-run";
import { BounceDetector } from "../common/bounce";
import { traceFileWarnings } from "../tools/detect-bounce";

function parseError(text: string): string {
  try {
    parseTraceCsv(text, "traces/x.csv");
  } catch (error) {
    expect(error).toBeInstanceOf(TraceError);
    return (error as Error).message;
  }
  throw new Error("expected a TraceError");
}

describe("trace CSV parser", () => {
  it("reads a trace with its name from the file name", () => {
    const trace = parseTraceCsv("t_ms,x,y,z\r\n0,0.1,9.8,-0.2\r\n40,0.2,9.7,-0.1\r\n", "some/dir/dev-001-steady.csv");
    expect(trace).toEqual({ name: "dev-001-steady", t: [0, 40], x: [0.1, 0.2], y: [9.8, 9.7], z: [-0.2, -0.1] });
    expect(traceName("C:\\traces\\a.CSV")).toBe("a");
  });

  it("reads back what the generator writes", () => {
    const hold = generateHold(4);
    const trace = parseTraceCsv(holdToCsv(hold), "g.csv");
    expect(trace.t).toEqual(hold.t);
    expect(trace.x[10]).toBeCloseTo(hold.x[10], 3);
  });

  it("names the file and line of every kind of error", () => {
    expect(parseError("")).toBe('traces/x.csv:1: empty file, expected header "t_ms,x,y,z"');
    expect(parseError("time,x,y,z\n0,1,2,3\n")).toBe('traces/x.csv:1: expected header "t_ms,x,y,z", got "time,x,y,z"');
    expect(parseError("t_ms,x,y,z\n")).toBe("traces/x.csv:2: no samples after the header");
    expect(parseError("t_ms,x,y,z\n0,1,2,3\n40,1,2\n")).toBe("traces/x.csv:3: expected 4 numbers, got 3");
    expect(parseError("t_ms,x,y,z\n0,1,2,3\n40,1,,3\n")).toBe('traces/x.csv:3: y is not a number: ""');
    expect(parseError("t_ms,x,y,z\n0,1,2,3\n40,1,2,abc\n")).toBe('traces/x.csv:3: z is not a number: "abc"');
    expect(parseError("t_ms,x,y,z\n0,1,2,3\n0,1,2,3\n")).toBe(
      "traces/x.csv:3: t_ms must increase strictly (0 after 0)",
    );
    expect(parseError("t_ms,x,y,z\n0,1,2,3\n\n40,1,2,3\n")).toBe("traces/x.csv:3: expected 4 numbers, got 1");
  });
});

describe("trace CSV line by line", () => {
  const folder = mkdtempSync(join(tmpdir(), "trace-lines-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("takes one line at a time: the header gives null, each sample its numbers", () => {
    const reader = new TraceLineReader("a.csv");
    expect(reader.line("\uFEFFt_ms, x, y, z\r")).toBeNull();
    expect(reader.line("0,0.5,9.8,-1\r")).toEqual({ t: 0, x: 0.5, y: 9.8, z: -1 });
    expect(() => reader.line("0,1,1,1")).toThrow("a.csv:3: t_ms must increase strictly (0 after 0)");
    expect(() => new TraceLineReader("b.csv").end()).toThrow('b.csv:1: empty file, expected header "t_ms,x,y,z"');
  });

  it("a streamed file gives the same warnings as the whole text, and bad lines keep their numbers", async () => {
    const hold = generateHold(31, { kind: "bounce", bounceHz: 2, tugMetres: 0.04, tugDegrees: 1, bounceTugs: 8 });
    const file = join(folder, "bounce.csv");
    writeFileSync(file, holdToCsv(hold).replace(/\n/g, "\r\n"));
    const detector = new BounceDetector("normal");
    const streamed = await traceFileWarnings(file, detector);
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed).toEqual(warningTimes(parseTraceCsv(holdToCsv(hold), file), detector));
    const bad = join(folder, "bad.csv");
    writeFileSync(bad, "t_ms,x,y,z\n0,1,2,3\n\n40,1,2,3\n");
    await expect(traceFileWarnings(bad, detector)).rejects.toThrow(`${bad}:3: expected 4 numbers, got 1`);
    const headerOnly = join(folder, "header.csv");
    writeFileSync(headerOnly, "t_ms,x,y,z\n");
    await expect(traceFileWarnings(headerOnly, detector)).rejects.toThrow(
      `${headerOnly}:2: no samples after the header`,
    );
  });
});

describe("detect-bounce command", () => {
  const folder = mkdtempSync(join(tmpdir(), "detect-bounce-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const root = resolve(__dirname, "..");
  const run = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "tools/detect-bounce.ts"), ...args],
      { encoding: "utf8" },
    );

  it("prints one JSON object for the good files, names each bad file (and line) on stderr and exits non-zero", () => {
    const bouncing = generateHold(31, { kind: "bounce", bounceHz: 2, tugMetres: 0.04, tugDegrees: 1, bounceTugs: 8 });
    writeFileSync(join(folder, "good-bounce.csv"), holdToCsv(bouncing));
    writeFileSync(join(folder, "calm.csv"), holdToCsv(generateHold(32, { kind: "steady", durationMs: 20000 })));
    writeFileSync(join(folder, "bad.csv"), "t_ms,x,y,z\n0,1,2,3\n40,1,2\n");
    writeFileSync(join(folder, "labels.csv"), "name,fs,duration_ms,bouts,kind\n");
    const result = run(folder, join(folder, "nope.csv"));
    expect(result.status).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(Object.keys(output).sort()).toEqual(["calm", "good-bounce"]);
    expect(output.calm).toEqual([]);
    expect(output["good-bounce"].length).toBeGreaterThan(0);
    const bout = bouncing.bouts[0];
    expect(output["good-bounce"][0]).toBeGreaterThanOrEqual(bout.startMs);
    expect(output["good-bounce"][0]).toBeLessThanOrEqual(bout.endMs + 2000);
    expect(result.stderr).toContain(`${join(folder, "bad.csv")}:3: expected 4 numbers, got 3`);
    expect(result.stderr).toContain("nope.csv: no such file or folder");
  });

  it("exits 0 when every file is good", () => {
    const result = run(join(folder, "calm.csv"));
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ calm: [] });
    expect(result.stderr).toBe("");
  });

  it("--help prints the usage and exits 0 instead of being taken as a file name", () => {
    const result = run("--help");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: detect-bounce \[--sensitivity low\|normal\|high\] PATH\.\.\./);
    expect(result.stderr).toBe("");
  });

  it("a folder without CSV is an error with exit code 2, not an empty {}", () => {
    const empty = mkdtempSync(join(tmpdir(), "no-csv-"));
    try {
      writeFileSync(join(empty, "labels.csv"), "name\n");
      const result = run(empty);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        `detect-bounce: ${empty}: no .csv trace in this folder\ndetect-bounce: no trace to read\n`,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
