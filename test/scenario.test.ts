// Scenario files a newcomer writes: mistakes are rejected or named instead of passing silently, and the
// timeline tells the story (dialogs, wakes, what a rest leads to). Plays the real build/app.fba.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadBundle } from "../sim/bundle";
import { idleActions, parseScenario, parseTime, playScenario, simulationFor } from "../sim/scenario";
import { Simulation } from "../sim/simulation";
import { formatTimeline } from "../sim/timeline";
import { actionResults, ofType } from "./support/events";

const ROOT = path.resolve(__dirname, "..");
const FBA = path.join(ROOT, "build", "app.fba");
/** Scenario files resolve traces relative to themselves: pretend they sit in scenarios/. */
const IN_SCENARIOS = path.join(ROOT, "scenarios", "test.json");

async function play(raw: Record<string, unknown>): Promise<Simulation> {
  if (!fs.existsSync(FBA)) throw new Error(`${FBA} is missing: run "npm run build" (npm test does it first)`);
  const scenario = parseScenario(raw, IN_SCENARIOS);
  const sim = simulationFor(scenario, loadBundle(FBA, scenario.target));
  await playScenario(sim, scenario);
  return sim;
}

const SHORT = { repsPerLeg: 2, holdSeconds: 5, restSeconds: 3, switchSeconds: 4, getReadySeconds: 2 };

describe("scenario times", () => {
  it('rejects "99:99" and minutes past 59 after the hours, which used to run as other times', () => {
    expect(() => parseTime("99:99", "at")).toThrow('at: "99:99" has 99 seconds; seconds go up to 59.99');
    expect(() => parseTime("00:60", "at")).toThrow("seconds go up to 59.99");
    expect(() => parseTime("1:60:00", "at")).toThrow(
      'at: "1:60:00" has 60 minutes after the hours; minutes go up to 59',
    );
    expect(() => parseScenario({ actions: [{ at: "99:99", tap: "start-button" }] }, "s.json")).toThrow(
      's.json: action 1 "at": "99:99" has 99 seconds',
    );
  });

  it("still takes minutes past 59 without hours, and hundredths", () => {
    expect(parseTime("100:39", "at")).toBe(6039000);
    expect(parseTime("00:59.99", "at")).toBe(59990);
    expect(parseTime("2:59:59", "at")).toBe(10799000);
  });
});

describe("scenario traces", () => {
  it("rejects a trace for a hold the routine never reaches", () => {
    expect(() => parseScenario({ traces: { "left-4": "traces/steady.csv" } }, IN_SCENARIOS)).toThrow(
      'trace "left-4" is for a hold the routine never reaches (3 holds per leg; set "routine": {"repsPerLeg": 4} to play it)',
    );
    expect(() =>
      parseScenario({ routine: { repsPerLeg: 2 }, traces: { "right-3": "traces/steady.csv" } }, IN_SCENARIOS),
    ).toThrow("(2 holds per leg;");
  });

  it("takes keys the starting routine or a later phone change reaches, and *", () => {
    expect(
      Object.keys(
        parseScenario({ routine: { repsPerLeg: 4 }, traces: { "left-4": "traces/steady.csv" } }, IN_SCENARIOS).traces,
      ),
    ).toEqual(["left-4"]);
    const later = {
      traces: { "right-5": "traces/bounce.csv", "*": "traces/steady.csv" },
      actions: [{ at: "10:00", phone: { repsPerLeg: 5 } }],
    };
    expect(Object.keys(parseScenario(later, IN_SCENARIOS).traces).sort()).toEqual(["*", "right-5"]);
  });
});

describe("scripted actions that do nothing", () => {
  it("are named with their time and why: a tap that only woke the screen, a hidden element, no app running", async () => {
    const sim = await play({
      routine: SHORT,
      screenTimeoutMs: 5000,
      actions: [
        { at: "00:01", tap: "abandon-yes" },
        { at: "00:08", tap: "start-button" },
        { at: "00:09", kill: "watch" },
        { at: "00:10", tap: "start-button" },
      ],
    });
    expect(actionResults(sim.events)).toEqual([
      "tap abandon-yes → hidden",
      "tap start-button → woke-screen",
      "tap start-button → app not running",
    ]);
    expect(idleActions(sim.events)).toEqual([
      "00:01.00 tap abandon-yes: the element is hidden on the screen shown then, so nothing happened",
      '00:08.00 tap start-button: the screen was dark, so it only woke the screen (add a "wake" action before it)',
      '00:10.00 tap start-button: the watch app was not running (add {"launch": "watch"} before it)',
    ]);
  });

  it("a wake before the tap makes it count, and the wake is in the timeline", async () => {
    const sim = await play({
      routine: SHORT,
      screenTimeoutMs: 5000,
      actions: [
        { at: "00:07.50", wake: true },
        { at: "00:08", tap: "start-button" },
      ],
    });
    expect(actionResults(sim.events)).toEqual(["wake → delivered", "tap start-button → delivered"]);
    expect(idleActions(sim.events)).toEqual([]);
    expect(formatTimeline(sim.events)).toContain("00:07.50  you      raise the wrist (screen on)");
  });
});

describe("the timeline", () => {
  it("shows the abandon and resume dialogs opening and closing, and rests as the next hold", async () => {
    const sim = await play({
      routine: SHORT,
      actions: [
        { at: "00:03", tap: "start-button" },
        { at: "00:12", key: "back" },
        { at: "00:13", tap: "abandon-no" },
        { at: "00:14", kill: "watch" },
        { at: "00:16", launch: "watch" },
        { at: "00:17", tap: "resume-yes" },
      ],
    });
    expect(ofType(sim.events, "dialog").map((e) => `${String(e.dialog)} ${String(e.state)}`)).toEqual([
      "abandon-dialog shown",
      "abandon-dialog closed",
      "resume-dialog shown",
      "resume-dialog closed",
    ]);
    const lines = formatTimeline(sim.events);
    expect(lines).toContain('00:12.00  watch    dialog: "End this session? Holds so far are kept."');
    expect(lines).toContain('00:16.00  watch    dialog: "Resume the session you left?"');
    expect(lines).toContain("00:17.00  watch    dialog closed");
    expect(lines.some((l) => /▶ Rest — next: left leg, rep 2$/.test(l))).toBe(true);
    expect(lines.some((l) => /▶ Switch legs — next: right leg, rep 1$/.test(l))).toBe(true);
    expect(idleActions(sim.events)).toEqual([]);
  });
});

describe("the phone's settings page after a session", () => {
  it("shows the history first, steadiness on its scale, and no internal revision number", async () => {
    const sim = await play({ routine: SHORT, actions: [{ at: "00:03", tap: "start-button" }] });
    const page = sim.phone().page.map((l) => l.trim());
    const history = page.indexOf("## Steady Hold — recent sessions");
    expect(history).toBe(0);
    expect(history).toBeLessThan(page.indexOf("## Routine"));
    expect(page[1]).toBe("Steadiness runs from 0 to 100: 100 is a perfectly still hold.");
    expect(page.some((l) => /steadiness \d+\/100/.test(l))).toBe(true);
    expect(page).toContain("Today: 1 session — daily goal of 1 met");
    expect(page.filter((l) => /revision/i.test(l))).toEqual([]);
  });
});

describe("simulate CLI", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "simulate-cli-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const simulate = (...args: string[]) =>
    spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["tools/simulate.ts", ...args], {
      cwd: ROOT,
      encoding: "utf8",
    });

  it("--help prints the usage and exits 0", () => {
    const r = simulate("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: simulate \[SCENARIO\.json\] \[--json\] \[--out FILE\]/);
  });

  it("fails (exit 1) when a scripted action did nothing, after printing the run; --warn-idle only warns; --out writes pretty JSON", () => {
    const scenario = path.join(dir, "idle.json");
    fs.writeFileSync(scenario, JSON.stringify({ routine: SHORT, actions: [{ at: "00:01", tap: "done-button" }] }));
    const failing = simulate(scenario);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain("00:01.00  you      tap done-button → hidden");
    expect(failing.stderr).toBe(
      "simulate: 00:01.00 tap done-button: the element is hidden on the screen shown then, so nothing happened\n" +
        "simulate: 1 scripted action(s) did nothing (--warn-idle to allow)\n",
    );
    const out = path.join(dir, "out.json");
    const warned = simulate(scenario, "--warn-idle", "--json", "--out", out);
    expect(warned.status).toBe(0);
    expect(warned.stdout).toBe("");
    expect(warned.stderr).toContain("simulate: warning: 00:01.00 tap done-button");
    const text = fs.readFileSync(out, "utf8");
    expect(text.split("\n").length).toBeGreaterThan(20);
    expect(JSON.parse(text).events[0]).toEqual({ t_ms: 0, type: "app", state: "launched" });
  });
});
