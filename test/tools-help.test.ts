// Every command-line tool answers --help with its usage (exit 0) and does nothing else; simulate and
// detect-bounce are checked with their own tests (scenario.test.ts, bounce-cli.test.ts).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const tool = (name: string, ...args: string[]) =>
  spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), [`tools/${name}.ts`, ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });

describe("tools answer --help", () => {
  it("make-traces prints its usage and leaves the scenario traces alone", () => {
    const trace = path.join(ROOT, "scenarios", "traces", "steady.csv");
    const before = fs.statSync(trace).mtimeMs;
    const r = tool("make-traces", "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: make-traces \[--help\]/);
    expect(fs.statSync(trace).mtimeMs).toBe(before);
  });

  it("check-layers prints its usage", () => {
    const help = tool("check-layers", "--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: check-layers \[--help\]/);
  });

  it("heap-margin prints its usage, and names an engine that is not there instead of a stack trace", () => {
    const help = tool("heap-margin", "--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npx tsx tools\/heap-margin.ts \[--help\] \[ENGINE\.\.\.\]/);
    const missing = tool("heap-margin", "/nonexistent/jerry");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^heap-margin: /);
    expect(missing.stderr).not.toMatch(/^\s+at /m); // no stack trace
  });
});
