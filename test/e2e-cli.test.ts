// The simulate CLI as users run it: the --json shape the README documents, and one-line errors.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");

function simulate(...args: string[]) {
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["tools/simulate.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("simulate CLI", () => {
  it("--json prints one object with events and the phone's history for the default scenario", () => {
    const r = simulate("--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      events: Array<Record<string, unknown>>;
      phone: { history: { recent: unknown[] }; settings: Record<string, string>; page: string[] };
    };
    for (const e of out.events) {
      expect(typeof e.t_ms).toBe("number");
      expect(typeof e.type).toBe("string");
    }
    const phases = out.events.filter((e) => e.type === "phase");
    expect(phases.map((e) => `${e.phase} ${e.leg} ${e.rep}`)).toEqual([
      "get-ready left 1",
      "hold left 1",
      "rest left 2",
      "hold left 2",
      "rest left 3",
      "hold left 3",
      "switch right 1",
      "hold right 1",
      "rest right 2",
      "hold right 2",
      "rest right 3",
      "hold right 3",
      "done right 3",
    ]);
    expect(out.events.some((e) => e.type === "vibrate" && typeof e.pattern === "string")).toBe(true);
    expect(out.events.filter((e) => e.type === "bounce").every((e) => e.leg === "left" && e.rep === 2)).toBe(true);
    expect(out.events.filter((e) => e.type === "sync").map((e) => [e.direction, e.ok])).toContainEqual([
      "watch-to-phone",
      true,
    ]);
    expect(out.phone.history.recent).toHaveLength(1);
    expect(typeof out.phone.settings.history).toBe("string");
  });

  it("prints a readable timeline with mm:ss.cc times and the phone's page", () => {
    const r = simulate();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^00:02\.00 {2}you {6}tap start-button$/m);
    expect(r.stdout).toMatch(/^\d\d:\d\d\.\d\d {2}WARNING {2}bounce — left leg, rep 2/m);
    expect(r.stdout).toContain("Phone — the settings page now shows:");
  });

  it("fails with one clear line and exit code 2, never a stack trace", () => {
    const r = simulate("no-such-scenario.json");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("simulate: cannot read scenario no-such-scenario.json: ENOENT\n");
  });
});
