import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadBundle } from "../sim/bundle";
import { parseScenario, loadScenario, parseTime } from "../sim/scenario";
import { ScenarioError, Simulation, SimulatorGapError } from "../sim/simulation";
import { formatTime } from "../sim/timeline";
import { ofType } from "./support/events";
import {
  removeFixtureFbas,
  sessionFixture,
  SESSION_CSS,
  SESSION_VIEW,
  writeFixtureFba,
} from "./fixtures/fixture-bundle";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

function sim(fba = sessionFixture(), options: Partial<ConstructorParameters<typeof Simulation>[0]> = {}): Simulation {
  return new Simulation({ bundle: loadBundle(fba, "atlas"), ...options });
}

const tmp: string[] = [];
function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steady-scn-"));
  tmp.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
afterEach(() => {
  for (const d of tmp.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
afterAll(removeFixtureFbas);

describe("simulator runtime on a fixture app", () => {
  it("plays a session on virtual time: phases from the screen, buzzes, and the result reaches the phone", async () => {
    const s = sim();
    s.launchWatch();
    await s.advance(1000);
    await s.act(() => s.tap("start-button"));
    await s.advance(30000);
    const phases = ofType(s.events, "phase").map((e) => [e.t_ms, e.phase, e.leg, e.rep]);
    expect(phases).toEqual([
      [1000, "get-ready", "left", 1],
      [4000, "hold", "left", 1],
      [9000, "rest", "left", 2],
      [11000, "hold", "left", 2],
      [16000, "done", "left", 2],
    ]);
    expect(ofType(s.events, "vibrate").map((e) => [e.t_ms, e.pattern])).toEqual([
      [4000, "nudge-max"],
      [9000, "confirmation-max"],
      [11000, "nudge-max"],
      [16000, "confirmation-max"],
      [16000, "ping"],
    ]);
    const sync = ofType(s.events, "sync");
    expect(sync).toHaveLength(1);
    expect(sync[0]).toMatchObject({ t_ms: 18000, direction: "watch-to-phone", ok: true });
    expect(s.phone().history).toEqual([{ id: expect.any(String), bounces: 0, holdMs: 5000 }]);
    expect(s.phone().page).toContain(
      "  Session " + (s.phone().history as Array<{ id: string }>)[0].id + " — 0 bounce warnings",
    );
  });

  it("timers fire late by at most the jitter, reproducibly for a seed", async () => {
    const run = async (seed: number) => {
      const s = sim(undefined, { jitterMs: 40, seed });
      s.launchWatch();
      await s.act(() => s.tap("start-button"));
      await s.advance(30000);
      return ofType(s.events, "phase").map((e) => e.t_ms);
    };
    const a = await run(7);
    expect(await run(7)).toEqual(a);
    const ideal = [0, 3000, 8000, 10000, 15000];
    expect(a).toHaveLength(ideal.length);
    a.forEach((t, i) => {
      expect(t).toBeGreaterThanOrEqual(ideal[i]);
      expect(t - ideal[i]).toBeLessThanOrEqual(40 * i);
    });
  });

  it("feeds the accelerometer from the trace of the running hold and reports a bounce with its hold", async () => {
    const t: number[] = [],
      x: number[] = [],
      y: number[] = [],
      z: number[] = [];
    for (let i = 0; i < 250; i++) {
      t.push(i * 20);
      x.push(i === 150 ? 25 : 0.5);
      y.push(6);
      z.push(7.5);
    }
    const s = sim(undefined, { traces: { "left-2": { name: "spike", t, x, y, z } } });
    s.launchWatch();
    await s.act(() => s.tap("start-button"));
    await s.advance(13200);
    const bounces = ofType(s.events, "bounce");
    // Hold 2 starts at 10 s; sample 150 is at 3 s into it and arrives with its batch of 10 (at 3.18 s).
    expect(bounces).toEqual([{ t_ms: 13180, type: "bounce", leg: "left", rep: 2 }]);
    expect(s.element("bounce-text").isVisible()).toBe(true);
  });

  it("keeps the watch's files across a kill and relaunch, and drops the killed app's timers", async () => {
    const s = sim();
    s.launchWatch();
    await s.act(() => s.tap("start-button"));
    await s.advance(3500);
    s.killWatch();
    await s.advance(60000);
    expect(ofType(s.events, "vibrate")).toHaveLength(1); // only the first hold-start buzz
    s.phoneSet("holdSeconds", 20);
    await s.advance(5000);
    s.launchWatch();
    await s.advance(100);
    // The routine file arrived while the app was closed; the relaunched app finds it with nextFile().
    expect(s.watchState.inbox.map((f) => f.name)).toEqual(["routine.cbor"]);
  });

  it("queues transfers while the phone is out of reach and delivers them when it is back", async () => {
    const s = sim();
    s.launchWatch();
    await s.act(() => s.tap("start-button"));
    s.setPhoneInReach(false);
    await s.advance(40000);
    expect(s.phone().history).toBeNull();
    s.setPhoneInReach(true);
    await s.advance(3000);
    const sync = ofType(s.events, "sync").map((e) => [e.ok, e.reason ?? ""]);
    expect(sync).toEqual([[true, ""]]);
    expect(s.phone().history).toHaveLength(1);
  });

  it("a dropped transfer fails with readyState error and is not retried by the system", async () => {
    const s = sim();
    s.launchWatch();
    s.dropNextTransfers("watch-to-phone", 1);
    await s.act(() => s.tap("start-button"));
    await s.advance(40000);
    expect(ofType(s.events, "sync").map((e) => [e.ok, e.reason])).toEqual([[false, "dropped"]]);
    expect(s.phone().history).toBeNull();
  });

  it("relaunches a killed companion for an arriving file, with launchReasons.fileTransfer", async () => {
    const s = sim();
    s.launchWatch();
    s.killCompanion();
    await s.act(() => s.tap("start-button"));
    await s.advance(40000);
    expect(ofType(s.events, "companion").map((e) => [e.state, e.reasons])).toEqual([
      ["launched", ["peerAppLaunched"]],
      ["killed", undefined],
      ["launched", ["fileTransfer"]],
    ]);
    expect(s.phone().history).toHaveLength(1);
    expect(s.phoneState.local.items.get("launches")).toBe("2");
  });

  it("sends settings-page changes to the running companion as change events, but not its own writes", async () => {
    const s = sim(undefined, { phoneSettings: { holdSeconds: 8 } });
    expect(s.phoneState.settings.items.get("holdSeconds")).toBe("8");
    s.launchWatch();
    await s.advance(100);
    expect(ofType(s.events, "sync")).toHaveLength(0); // initial settings were already stored: no event
    s.phoneSet("holdSeconds", 12);
    s.phoneSet("firstLeg", "right");
    await s.advance(3000);
    expect(ofType(s.events, "sync").map((e) => e.file)).toEqual(["routine.cbor"]);
    expect(s.phoneState.settings.items.get("firstLeg")).toBe(
      '{"selected":[1],"values":[{"name":"Right","value":"right"}]}',
    );
    expect(s.phone().page).toContain("  Hold seconds [slider at 12]");
    expect(() => s.phoneSet("colour", "red")).toThrow('the settings page has no setting "colour"');
    expect(() => s.phoneSet("holdSeconds", 99)).toThrow("outside the slider's 5–60");
  });

  it("closes the app on an unhandled back press and after two minutes without interaction", async () => {
    const s = sim();
    s.launchWatch();
    await s.act(() => s.pressKey("back"));
    expect(s.events.filter((e) => e.type === "app").map((e) => e.state)).toEqual(["launched", "exit"]);
    s.launchWatch();
    await s.advance(119999);
    expect(s.watch).not.toBeNull();
    await s.advance(1);
    expect(s.events.at(-1)).toMatchObject({ type: "app", state: "exit", reason: "timeout", t_ms: 120000 });
  });

  it("turns the screen off after the timeout; a tap on a dark screen only wakes it", async () => {
    const s = sim(undefined, { screenTimeoutMs: 8000 });
    s.launchWatch();
    await s.advance(8000);
    expect(s.watch!.display.on).toBe(false);
    await s.act(() => s.tap("start-button"));
    expect(ofType(s.events, "phase")).toHaveLength(0);
    expect(s.events.at(-1)).toMatchObject({ type: "screen", on: true });
    await s.act(() => s.tap("start-button"));
    expect(ofType(s.events, "phase")).toHaveLength(1);
  });

  it("records app exceptions and rejects invalid vibration patterns like the typed API", async () => {
    const fba = writeFixtureFba({
      view: SESSION_VIEW,
      css: SESSION_CSS,
      device: `"use strict"\nvar h=require("haptics"),d=require("document")\nd.default.getElementById("start-button").onclick=function(){h.vibration.start("buzz")}`,
    });
    const s = sim(fba);
    s.launchWatch();
    await s.act(() => s.tap("start-button"));
    expect(ofType(s.events, "error")).toEqual([
      expect.objectContaining({ side: "watch", message: "Invalid vibration pattern: buzz" }),
    ]);
  });
});

describe("simulator errors are clear", () => {
  it("a tap on an element the view does not have", async () => {
    const s = sim();
    s.launchWatch();
    expect(() => s.tap("start-btn")).toThrow(new ScenarioError(`the watch app's view has no element "start-btn"`));
  });

  it("a module or member the simulator does not fake", async () => {
    const gapModule = writeFixtureFba({ view: SESSION_VIEW, device: `"use strict"\nrequire("exercise")` });
    const s1 = sim(gapModule);
    await expect(s1.act(() => s1.launchWatch())).rejects.toThrow(
      new SimulatorGapError(`the watch app requires module "exercise", which the simulator does not provide`),
    );
    const gapMember = writeFixtureFba({
      view: SESSION_VIEW,
      device: `"use strict"\nvar f=require("fs");f.openSync("x","r")`,
    });
    const s2 = sim(gapMember);
    await expect(s2.act(() => s2.launchWatch())).rejects.toThrow(
      "the watch app uses fs.openSync, which the simulator does not provide",
    );
  });

  it("a missing build or target", () => {
    expect(() => loadBundle("/nonexistent/app.fba", "atlas")).toThrow(
      '/nonexistent/app.fba not found: build the app first with "npm run build"',
    );
    expect(() => loadBundle(sessionFixture(), "mira")).toThrow('has no build for target "mira" (it has: atlas)');
  });

  it("unreadable scenarios and traces", () => {
    expect(() => loadScenario("/nonexistent/s.json")).toThrow("cannot read scenario /nonexistent/s.json: ENOENT");
    expect(() => loadScenario(tempFile("bad.json", "{ nope"))).toThrow(/bad\.json is not valid JSON/);
    const badTrace = tempFile("t.csv", "t_ms,x,y,z\n0,1,2,3\n20,1,x,3\n");
    const scn = path.join(path.dirname(badTrace), "s.json");
    fs.writeFileSync(scn, JSON.stringify({ traces: { "left-1": "t.csv" } }));
    expect(() => loadScenario(scn)).toThrow(`bad trace ${badTrace}:3: y is not a number: "x"`);
    expect(() => parseScenario({ actions: [{ at: "00:01", tap: "a", key: "back" }] }, "s.json")).toThrow(
      "s.json: action 1 needs exactly one of",
    );
    expect(() => parseScenario({ traces: { left: "x.csv" } }, "s.json")).toThrow(
      'trace key "left" must look like "left-1"',
    );
    expect(() => parseScenario({ speed: 2 }, "s.json")).toThrow('unknown field "speed"');
  });

  it("times are mm:ss, mm:ss.cc, h:mm:ss or milliseconds; the timeline prints mm:ss.cc", () => {
    expect(parseTime("01:10", "x")).toBe(70000);
    expect(parseTime("00:01.25", "x")).toBe(1250);
    expect(parseTime("1:00:00", "x")).toBe(3600000);
    expect(parseTime(1500, "x")).toBe(1500);
    expect(() => parseTime("1m", "at")).toThrow('at: "1m" is not a time');
    expect(formatTime(0)).toBe("00:00.00");
    expect(formatTime(71234)).toBe("01:11.23");
    expect(formatTime(3600000)).toBe("60:00.00");
  });
});
