// Scenario files: the routine the phone holds, a motion trace per hold, and what the user and the
// world do when. Every problem is reported as one readable ScenarioError.
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_ROUTINE } from "../common/routine";
import { parseTraceCsv, Trace, TraceError } from "../model/trace-csv";
import { AppBundle } from "./bundle";
import { Direction } from "./link";
import { ScenarioError, Simulation, TimelineEvent } from "./simulation";
import { formatTime } from "./timeline";

export type Action =
  | { at: number; tap: string }
  | { at: number; key: "back" | "up" | "down" }
  | { at: number; wake: true }
  | { at: number; link: "phone-away"; until: number }
  | { at: number; link: "drop"; direction: Direction; count: number }
  | { at: number; kill: "watch" | "companion" }
  | { at: number; launch: "watch" }
  | { at: number; phone: Record<string, unknown> }
  // Fault injection (docs/data-safety.md):
  | {
      at: number;
      powerLoss: "watch";
      atWrite: number;
      file: string | undefined;
      mode: "torn" | "unwritten";
      tornAtByte: number | undefined;
    }
  | { at: number; failWrites: string; count: number }
  | { at: number; clock: "watch" | "phone"; jumpMs: number | undefined; utcOffsetMinutes: number | undefined }
  | { at: number; phoneQuota: number }
  | { at: number; inboxFile: string; text: string };

export interface Scenario {
  name: string;
  target: string;
  routine: Record<string, unknown>;
  traces: Record<string, Trace>;
  actions: Action[];
  seed: number;
  jitterMs: number;
  screenTimeoutMs: number;
  transferDelayMs: number;
  /** Virtual ms to stop at; undefined: when the session is over and the phone is synced. */
  end: number | undefined;
}

/** The simulation a scenario sets up (seed, timings, motion traces, the phone's routine), running `bundle`. */
export function simulationFor(scenario: Scenario, bundle: AppBundle): Simulation {
  return new Simulation({
    bundle,
    seed: scenario.seed,
    jitterMs: scenario.jitterMs,
    screenTimeoutMs: scenario.screenTimeoutMs,
    transferDelayMs: scenario.transferDelayMs,
    traces: scenario.traces,
    phoneSettings: scenario.routine,
  });
}

/** "mm:ss", "mm:ss.cc", "h:mm:ss" or a number of ms. Minutes may pass 59 only without hours; seconds never. */
export function parseTime(value: unknown, where: string): number {
  if (typeof value === "number" && isFinite(value) && value >= 0) return Math.round(value);
  if (typeof value === "string") {
    const m = /^(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(value.trim());
    if (m) {
      const seconds = Number(m[3]);
      const minutes = Number(m[2]);
      // "99:99" would otherwise run silently as 100:39.
      if (seconds >= 60)
        throw new ScenarioError(`${where}: ${JSON.stringify(value)} has ${m[3]} seconds; seconds go up to 59.99`);
      if (m[1] !== undefined && minutes >= 60)
        throw new ScenarioError(
          `${where}: ${JSON.stringify(value)} has ${m[2]} minutes after the hours; minutes go up to 59`,
        );
      return Math.round(((Number(m[1] ?? 0) * 60 + minutes) * 60 + seconds) * 1000);
    }
  }
  throw new ScenarioError(`${where}: ${JSON.stringify(value)} is not a time (use "mm:ss", "mm:ss.cc" or milliseconds)`);
}

/** A clock jump: "-10:00" (back ten minutes), "1:00:00", or a number of ms (negative: back). */
function parseSignedTime(value: unknown, where: string): number {
  if (typeof value === "string" && value.trim().charAt(0) === "-") return -parseTime(value.trim().slice(1), where);
  return parseTime(value, where);
}

const TRACE_KEY = /^(left|right)-[1-9]\d*$|^\*$/;
const ACTION_KINDS = [
  "tap",
  "key",
  "wake",
  "link",
  "kill",
  "launch",
  "phone",
  "powerLoss",
  "failWrites",
  "clock",
  "phoneQuota",
  "inboxFile",
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ScenarioError(
      `cannot read scenario ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  return parseScenario(raw, file);
}

export function parseScenario(raw: unknown, file: string): Scenario {
  if (!isObject(raw)) throw new ScenarioError(`${file}: a scenario is a JSON object`);
  const known = [
    "target",
    "routine",
    "traces",
    "actions",
    "seed",
    "jitterMs",
    "screenTimeoutMs",
    "transferDelayMs",
    "end",
    "description",
  ];
  for (const key of Object.keys(raw)) {
    if (known.indexOf(key) < 0) throw new ScenarioError(`${file}: unknown field "${key}" (known: ${known.join(", ")})`);
  }
  const num = (key: string, fallback: number, min: number): number => {
    const v = raw[key];
    if (v === undefined) return fallback;
    if (typeof v !== "number" || !isFinite(v) || v < min)
      throw new ScenarioError(`${file}: "${key}" must be a number ≥ ${min}`);
    return v;
  };
  if (raw.target !== undefined && typeof raw.target !== "string")
    throw new ScenarioError(`${file}: "target" must be a string such as "atlas"`);
  if (raw.routine !== undefined && !isObject(raw.routine))
    throw new ScenarioError(`${file}: "routine" must be an object of phone settings`);
  const traces: Record<string, Trace> = {};
  if (raw.traces !== undefined) {
    if (!isObject(raw.traces))
      throw new ScenarioError(`${file}: "traces" must map holds ("left-1", "right-2", "*") to CSV files`);
    for (const [key, value] of Object.entries(raw.traces)) {
      if (!TRACE_KEY.test(key))
        throw new ScenarioError(`${file}: trace key "${key}" must look like "left-1", "right-2" or "*"`);
      if (typeof value !== "string") throw new ScenarioError(`${file}: trace "${key}" must be a file name`);
      traces[key] = readTrace(path.resolve(path.dirname(file), value));
    }
  }
  if (raw.actions !== undefined && !Array.isArray(raw.actions))
    throw new ScenarioError(`${file}: "actions" must be a list`);
  const actions = ((raw.actions as unknown[]) ?? []).map((a, i) => parseAction(a, `${file}: action ${i + 1}`));
  checkTraceKeysReachable(Object.keys(traces), raw.routine, actions, file);
  return {
    name: path.basename(file),
    target: (raw.target as string | undefined) ?? "atlas",
    routine: (raw.routine as Record<string, unknown> | undefined) ?? {},
    traces,
    actions,
    seed: num("seed", 1, 0),
    jitterMs: num("jitterMs", 0, 0),
    screenTimeoutMs: num("screenTimeoutMs", 10000, 1000),
    transferDelayMs: num("transferDelayMs", 2000, 0),
    end: raw.end === undefined ? undefined : parseTime(raw.end, `${file}: "end"`),
  };
}

/**
 * A trace for "left-4" when every routine in the scenario has 3 holds per leg would never play: the
 * run would pass while testing nothing. The most holds per leg any routine in the scenario reaches
 * (the starting one or one set by a `phone` action) bounds the keys.
 */
function checkTraceKeysReachable(keys: string[], routine: unknown, actions: Action[], file: string): void {
  const repsOf = (settings: unknown): number | undefined => {
    const value = isObject(settings) ? settings.repsPerLeg : undefined;
    return typeof value === "number" ? value : undefined;
  };
  let maxReps = repsOf(routine) ?? DEFAULT_ROUTINE.repsPerLeg;
  for (const action of actions) {
    if ("phone" in action) maxReps = Math.max(maxReps, repsOf(action.phone) ?? 0);
  }
  for (const key of keys) {
    const rep = key === "*" ? 0 : Number(key.slice(key.indexOf("-") + 1));
    if (rep > maxReps) {
      throw new ScenarioError(
        `${file}: trace "${key}" is for a hold the routine never reaches (${maxReps} holds per leg; set "routine": {"repsPerLeg": ${rep}} to play it)`,
      );
    }
  }
}

function readTrace(file: string): Trace {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ScenarioError(`cannot read trace ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return parseTraceCsv(text, file);
  } catch (e) {
    if (e instanceof TraceError) throw new ScenarioError(`bad trace ${e.message}`);
    throw e;
  }
}

function parseAction(raw: unknown, where: string): Action {
  if (!isObject(raw)) throw new ScenarioError(`${where} must be an object`);
  const kinds = Object.keys(raw).filter((k) => ACTION_KINDS.indexOf(k) >= 0);
  if (kinds.length !== 1) throw new ScenarioError(`${where} needs exactly one of ${ACTION_KINDS.join(", ")}`);
  const at = parseTime(raw.at, `${where} "at"`);
  const kind = kinds[0];
  const value = raw[kind];
  switch (kind) {
    case "tap":
      if (typeof value !== "string" || value === "") throw new ScenarioError(`${where}: "tap" names an element id`);
      return { at, tap: value };
    case "key":
      if (value !== "back" && value !== "up" && value !== "down")
        throw new ScenarioError(`${where}: "key" is "back", "up" or "down"`);
      return { at, key: value };
    case "wake":
      return { at, wake: true };
    case "link":
      if (value === "phone-away") {
        const until = parseTime(raw.until, `${where} "until"`);
        if (until <= at) throw new ScenarioError(`${where}: "until" must be after "at"`);
        return { at, link: "phone-away", until };
      }
      if (value === "drop") {
        const direction = raw.direction;
        if (direction !== "watch-to-phone" && direction !== "phone-to-watch")
          throw new ScenarioError(`${where}: "direction" is "watch-to-phone" or "phone-to-watch"`);
        const count = raw.count ?? 1;
        if (typeof count !== "number" || count < 1 || Math.floor(count) !== count)
          throw new ScenarioError(`${where}: "count" is a whole number ≥ 1`);
        return { at, link: "drop", direction, count };
      }
      throw new ScenarioError(`${where}: "link" is "phone-away" or "drop"`);
    case "kill":
      if (value !== "watch" && value !== "companion")
        throw new ScenarioError(`${where}: "kill" is "watch" or "companion"`);
      return { at, kill: value };
    case "launch":
      if (value !== "watch") throw new ScenarioError(`${where}: "launch" is "watch"`);
      return { at, launch: "watch" };
    case "powerLoss": {
      if (value !== "watch") throw new ScenarioError(`${where}: "powerLoss" is "watch"`);
      const atWrite = raw.atWrite ?? 1;
      if (typeof atWrite !== "number" || atWrite < 1 || Math.floor(atWrite) !== atWrite)
        throw new ScenarioError(`${where}: "atWrite" is a whole number ≥ 1`);
      const mode = raw.mode ?? "torn";
      if (mode !== "torn" && mode !== "unwritten") throw new ScenarioError(`${where}: "mode" is "torn" or "unwritten"`);
      if (raw.file !== undefined && typeof raw.file !== "string")
        throw new ScenarioError(`${where}: "file" is a regular expression for file names`);
      if (raw.tornAtByte !== undefined && (typeof raw.tornAtByte !== "number" || raw.tornAtByte < 0))
        throw new ScenarioError(`${where}: "tornAtByte" is a number ≥ 0`);
      return {
        at,
        powerLoss: "watch",
        atWrite,
        file: raw.file as string | undefined,
        mode,
        tornAtByte: raw.tornAtByte as number | undefined,
      };
    }
    case "failWrites": {
      if (typeof value !== "string" || value === "")
        throw new ScenarioError(`${where}: "failWrites" is a regular expression for file names`);
      const count = raw.count ?? 1;
      if (typeof count !== "number" || count < 1) throw new ScenarioError(`${where}: "count" is a number ≥ 1`);
      return { at, failWrites: value, count };
    }
    case "clock": {
      if (value !== "watch" && value !== "phone") throw new ScenarioError(`${where}: "clock" is "watch" or "phone"`);
      const jump =
        raw.jump === undefined
          ? undefined
          : typeof raw.jump === "number"
            ? raw.jump
            : parseSignedTime(raw.jump, `${where} "jump"`);
      const zone = raw.utcOffsetMinutes;
      if (zone !== undefined && (typeof zone !== "number" || Math.abs(zone) > 14 * 60))
        throw new ScenarioError(`${where}: "utcOffsetMinutes" is minutes east of UTC (−840…840)`);
      if (jump === undefined && zone === undefined)
        throw new ScenarioError(`${where}: "clock" needs "jump" and/or "utcOffsetMinutes"`);
      return { at, clock: value, jumpMs: jump, utcOffsetMinutes: zone as number | undefined };
    }
    case "phoneQuota":
      if (typeof value !== "number" || value < 0)
        throw new ScenarioError(`${where}: "phoneQuota" is a number of characters`);
      return { at, phoneQuota: value };
    case "inboxFile":
      if (typeof value !== "string" || value === "") throw new ScenarioError(`${where}: "inboxFile" is a file name`);
      if (typeof raw.text !== "string") throw new ScenarioError(`${where}: "text" is the file's content`);
      return { at, inboxFile: value, text: raw.text };
    default:
      if (!isObject(value)) throw new ScenarioError(`${where}: "phone" maps settings keys to new values`);
      return { at, phone: value };
  }
}

function perform(sim: Simulation, action: Action): void {
  if ("tap" in action) sim.tap(action.tap);
  else if ("key" in action) sim.pressKey(action.key);
  else if ("wake" in action) sim.wake();
  else if ("link" in action && action.link === "phone-away") {
    sim.setPhoneInReach(false);
    sim.at(action.until, () => sim.setPhoneInReach(true));
  } else if ("link" in action) sim.dropNextTransfers(action.direction, action.count);
  else if ("kill" in action) {
    if (action.kill === "watch") sim.killWatch();
    else sim.killCompanion();
  } else if ("launch" in action) sim.launchWatch();
  else if ("powerLoss" in action)
    sim.powerLossAtWrite(action.atWrite, {
      file: action.file === undefined ? undefined : new RegExp(action.file),
      mode: action.mode,
      tornAtByte: action.tornAtByte,
    });
  else if ("failWrites" in action) sim.failWatchWrites(new RegExp(action.failWrites), action.count);
  else if ("clock" in action) {
    if (action.jumpMs !== undefined) sim.jumpClock(action.clock, action.jumpMs);
    if (action.utcOffsetMinutes !== undefined) sim.setTimeZone(action.clock, action.utcOffsetMinutes);
  } else if ("phoneQuota" in action) sim.setPhoneStorageQuota(action.phoneQuota);
  else if ("inboxFile" in action) sim.fileToWatch(action.inboxFile, new TextEncoder().encode(action.text));
  else for (const [key, value] of Object.entries(action.phone)) sim.phoneSet(key, value);
}

/** Why each scripted action that changed nothing did nothing, with its time ("00:05.00 tap start-button: …"). */
export function idleActions(events: TimelineEvent[]): string[] {
  const problems: string[] = [];
  for (const e of events) {
    if (e.type !== "action") continue;
    const what = `${formatTime(e.t_ms)} ${String(e.action)}`;
    if (e.result === "woke-screen")
      problems.push(`${what}: the screen was dark, so it only woke the screen (add a "wake" action before it)`);
    else if (e.result === "hidden")
      problems.push(`${what}: the element is hidden on the screen shown then, so nothing happened`);
    else if (e.result === "app not running")
      problems.push(`${what}: the watch app was not running (add {"launch": "watch"} before it)`);
  }
  return problems;
}

const SETTLE_MS = 30000;
const MAX_SCENARIO_MS = 4 * 3600 * 1000;

/** Plays a scenario: the watch app is launched at 0 and the actions happen at their times. */
export async function playScenario(sim: Simulation, scenario: Scenario): Promise<void> {
  sim.at(0, () => sim.launchWatch());
  for (const action of scenario.actions) sim.at(action.at, () => perform(sim, action));
  if (scenario.end !== undefined) {
    await sim.runUntil(scenario.end);
    return;
  }
  const lastAction = scenario.actions.reduce((t, a) => Math.max(t, a.at, "until" in a ? a.until : 0), 0);
  for (let t = 1000; t <= MAX_SCENARIO_MS; t += 1000) {
    await sim.runUntil(t);
    if (t >= lastAction + SETTLE_MS && isSettled(sim, t)) return;
  }
}

/** Nothing more will happen: no session running, nothing in transit, and a quiet half-minute. */
function isSettled(sim: Simulation, t: number): boolean {
  const phase = sim.currentPhase();
  if (phase !== null && phase.phase !== "done" && sim.watch !== null) return false;
  if (sim.link.hasPending()) return false;
  const last = lastNotable(sim.events);
  return t - last >= SETTLE_MS;
}

function lastNotable(events: TimelineEvent[]): number {
  for (let i = events.length - 1; i >= 0; i--) if (events[i].type !== "screen") return events[i].t_ms;
  return 0;
}
