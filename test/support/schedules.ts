// Seeded random schedules for the robustness tests: a few short sessions on the watch, interleaved
// with what goes wrong in real life — the phone out of reach, the companion or the watch app
// killed (mid-session, right before or right after a session ends), transfers dropped, duplicated
// or overtaken in either direction, and (issue 10) the power lost during a write to the watch's
// storage (torn or not done), writes that fail, either side's clock jumping and time zones changing. `playSchedule` drives the simulator through one schedule, then
// brings the link back and reopens the watch app until nothing is left to send.
import { Routine, DEFAULT_ROUTINE } from "../../common/routine";
import { decodeResultMessage, encodeRoutineMessage, ROUTINE_FILE } from "../../common/protocol";
import { SessionResult, countValidHolds } from "../../common/result";
import { resultOf } from "../../common/session";
import { SavedSession, decodeSavedSession } from "../../common/saved-session";
import { parseHistory } from "../../common/history-store";
import { makeRandom } from "../../model/random";
import { decodeCbor, encodeCbor } from "../../sim/cbor";
import { Direction } from "../../sim/link";
import { Simulation } from "../../sim/simulation";
import { PowerLossMode } from "../../sim/faults";
import { userTap } from "./watch-sim";

/** 1 hold per leg of 5 s, nothing in between: one session is 10 s of virtual time. */
export const SHORT_ROUTINE: Routine = {
  ...DEFAULT_ROUTINE,
  repsPerLeg: 1,
  holdSeconds: 5,
  restSeconds: 0,
  switchSeconds: 0,
  getReadySeconds: 0,
};
export const SESSION_MS = 2 * SHORT_ROUTINE.holdSeconds * 1000;
/** How the watch's home screen names SHORT_ROUTINE. */
export const SHORT_ROUTINE_SUMMARY = "Hamstrings · 1 × 5 s each leg · towel";
/** The phone's settings page holds the same routine (settings keys of common/settings-routine.ts). */
export const SHORT_ROUTINE_SETTINGS = {
  repsPerLeg: 1,
  holdSeconds: 5,
  restSeconds: 0,
  switchSeconds: 0,
  getReadySeconds: 0,
};

export type LinkFault = "drop" | "duplicate" | "reorder";
export type ResumeAnswer = "resume-yes" | "resume-no";

export type ScheduleEvent =
  /** The user opens the app if needed (answering a resume question), leaves a done screen and taps Start. */
  | { at: number; kind: "start"; answer: ResumeAnswer }
  /** Back, then "End this session? Yes": the session ends as partial. */
  | { at: number; kind: "abandon" }
  | { at: number; kind: "phone-away"; until: number }
  | { at: number; kind: "kill-companion" }
  /** The watch app dies without unload and is opened again at `relaunchAt`. */
  | { at: number; kind: "kill-watch"; relaunchAt: number; answer: ResumeAnswer }
  | { at: number; kind: "link-fault"; fault: LinkFault; direction: Direction; count: number }
  /** The watch's power goes during its `atWrite`th storage write from `at`; the app is opened again at `relaunchAt`. */
  | { at: number; kind: "power-loss"; atWrite: number; mode: PowerLossMode; relaunchAt: number; answer: ResumeAnswer }
  /** The next `count` writes of files matching `file` fail (storage full). */
  | { at: number; kind: "write-failure"; file: "pending" | "session" | "stats" | "any"; count: number }
  | { at: number; kind: "clock-jump"; side: "watch" | "phone"; deltaMs: number }
  | { at: number; kind: "time-zone"; side: "watch" | "phone"; utcOffsetMinutes: number };

export interface Schedule {
  seed: number;
  sessions: number;
  events: ScheduleEvent[];
}

const DIRECTIONS: Direction[] = ["watch-to-phone", "phone-to-watch"];
const WRITE_FAILURE_FILES: Array<"pending" | "session" | "stats" | "any"> = ["pending", "session", "stats", "any"];
const DAY_MS = 86400000;
const FAULTS: LinkFault[] = ["drop", "duplicate", "reorder"];
/** The companion's first routine reaches the watch before anything goes wrong. */
const QUIET_START_MS = 3000;

export function makeSchedule(seed: number): Schedule {
  const random = makeRandom(seed);
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  const chance = (p: number) => random() < p;
  const answer = (): ResumeAnswer => (chance(0.5) ? "resume-yes" : "resume-no");
  const events: ScheduleEvent[] = [];
  const sessions = between(1, 3);
  let start = QUIET_START_MS + between(0, 5000);
  for (let i = 0; i < sessions; i++) {
    events.push({ at: start, kind: "start", answer: answer() });
    const end = start + SESSION_MS;
    if (chance(0.15)) events.push({ at: between(start + 500, end - 500), kind: "abandon" });
    if (chance(0.4)) {
      // Mid-session, or within a few ms of the end: before or after the result is stored and enqueued.
      const at = chance(0.5) ? between(start + 100, end - 100) : between(end - 20, end + 40);
      const away = chance(0.1) ? between(5 * 60000, 7 * 60000) : between(300, 90000);
      events.push({ at, kind: "kill-watch", relaunchAt: at + away, answer: answer() });
    }
    start = end + between(1000, 40000);
  }
  const span = start;
  for (let i = between(0, 2); i > 0; i--) {
    const at = between(0, span);
    events.push({ at, kind: "phone-away", until: at + between(1000, 120000) });
  }
  for (let i = between(0, 2); i > 0; i--) events.push({ at: between(QUIET_START_MS, span), kind: "kill-companion" });
  for (let i = between(0, 4); i > 0; i--) {
    events.push({
      at: between(QUIET_START_MS, span),
      kind: "link-fault",
      fault: pick(FAULTS),
      direction: pick(DIRECTIONS),
      count: between(1, 2),
    });
  }
  if (chance(0.3)) {
    const at = between(QUIET_START_MS, span);
    events.push({
      at,
      kind: "power-loss",
      atWrite: between(1, 6),
      mode: chance(0.5) ? "torn" : "unwritten",
      relaunchAt: at + between(2000, 8 * 60000),
      answer: answer(),
    });
  }
  if (chance(0.25))
    events.push({
      at: between(QUIET_START_MS, span),
      kind: "write-failure",
      file: pick(WRITE_FAILURE_FILES),
      count: between(1, 2),
    });
  if (chance(0.25)) {
    const size = pick([-DAY_MS, -10 * 60000, -61000, 30000, 3600000, DAY_MS]);
    events.push({
      at: between(QUIET_START_MS, span),
      kind: "clock-jump",
      side: chance(0.7) ? "watch" : "phone",
      deltaMs: size,
    });
  }
  if (chance(0.15))
    events.push({
      at: between(QUIET_START_MS, span),
      kind: "time-zone",
      side: chance(0.7) ? "watch" : "phone",
      utcOffsetMinutes: pick([-720, -300, 0, 60, 330, 720]),
    });
  events.sort((a, b) => a.at - b.at);
  return { seed, sessions, events };
}

/** Faults that can cost a result its transfer: each may need one more opening of the watch app to resend. */
export function lossyEvents(schedule: Schedule): number {
  let n = 0;
  for (const e of schedule.events) {
    if (e.kind === "kill-companion") n++;
    if (e.kind === "link-fault" && e.fault === "drop") n += e.count;
    if (e.kind === "power-loss" || e.kind === "write-failure" || e.kind === "clock-jump") n++;
  }
  return n;
}

// ---- playing a schedule ----

/**
 * The watch's files, remembering every result it ever stored for sending ("pending-<id>.cbor") and,
 * per session, the most holds of 5 s or more any durable "session.cbor" ever held: what a crash
 * or a power loss may not lose.
 */
export class RecordingFiles extends Map<string, Uint8Array> {
  readonly stored = new Map<string, Uint8Array>();
  readonly savedValidHolds = new Map<string, number>();

  set(name: string, bytes: Uint8Array): this {
    const m = /^pending-(.+)\.cbor$/.exec(name);
    if (m !== null) this.stored.set(m[1], bytes);
    if (name === "session.cbor") this.recordSession(bytes);
    return super.set(name, bytes);
  }

  private recordSession(bytes: Uint8Array): void {
    let saved: SavedSession | null;
    try {
      saved = decodeSavedSession(decodeCbor(bytes));
    } catch {
      return; // not durable data (the schedules never tear the final name)
    }
    if (saved === null) return;
    const state = saved.state;
    if (state.phase === "idle") return;
    const result = state.phase === "done" ? resultOf(state, state.endedAt) : resultOf(state, saved.savedAt);
    const valid = countValidHolds(result);
    this.savedValidHolds.set(state.id, Math.max(valid, this.savedValidHolds.get(state.id) ?? 0));
  }
}

export interface Outcome {
  /** Every result the watch stored (completed or partial), by session id. */
  stored: Map<string, SessionResult>;
  /** The phone's history (localStorage), in stored order. */
  phoneHistory: SessionResult[];
  /** Session ids on the phone once the link was back, before the watch app was opened again. */
  arrivedBeforeReopen: string[];
  /** Watch app openings after the link came back until nothing was left to send. */
  reopens: number;
  /** Results the companion received again and acknowledged without storing them twice. */
  duplicatesSuppressed: number;
}

const SETTLE_MS = 60000;

export function newScheduleSimulation(options: ConstructorParameters<typeof Simulation>[0]): {
  sim: Simulation;
  files: RecordingFiles;
} {
  const sim = new Simulation({ ...options, phoneSettings: SHORT_ROUTINE_SETTINGS });
  const files = new RecordingFiles();
  sim.watchState.files = files;
  // The watch already runs the short routine: no session may fall back to the 5-minute default.
  files.set(ROUTINE_FILE, encodeCbor(encodeRoutineMessage(SHORT_ROUTINE, 1)));
  return { sim, files };
}

export async function playSchedule(sim: Simulation, files: RecordingFiles, schedule: Schedule): Promise<Outcome> {
  await sim.act(() => sim.launchWatch());
  let lastAt = 0;
  const timed: Array<{ at: number; run: () => Promise<void> }> = [];
  for (const e of schedule.events) {
    timed.push({ at: e.at, run: () => perform(sim, e) });
    if (e.kind === "phone-away") timed.push({ at: e.until, run: () => sim.act(() => sim.setPhoneInReach(true)) });
    if (e.kind === "kill-watch" || e.kind === "power-loss")
      timed.push({ at: e.relaunchAt, run: () => openApp(sim, e.answer) });
  }
  timed.sort((a, b) => a.at - b.at);
  for (const t of timed) {
    await sim.runUntil(t.at);
    await t.run();
    lastAt = t.at;
  }
  // The link returns for good.
  await sim.runUntil(lastAt + SESSION_MS);
  await sim.act(() => sim.setPhoneInReach(true));
  await sim.advance(SETTLE_MS);
  const arrivedBeforeReopen = phoneHistory(sim).map((r) => r.id);
  // A watch app only acts while it runs: results whose transfer failed are resent when it opens.
  let reopens = 0;
  const maxReopens = 1 + lossyEvents(schedule);
  while (reopens < maxReopens && (reopens === 0 || pendingIds(files).length > 0)) {
    await closeApp(sim);
    await openApp(sim, "resume-no");
    await sim.advance(SETTLE_MS);
    reopens++;
  }
  const stored = new Map<string, SessionResult>();
  for (const [id, bytes] of files.stored) {
    const decoded = decodeResultMessage(decodeCbor(bytes));
    if (!decoded.ok) throw new Error(`seed ${schedule.seed}: the watch stored an unreadable result: ${decoded.reason}`);
    stored.set(id, decoded.value);
  }
  const duplicatesSuppressed = sim.logs.filter(
    (l) => l.side === "companion" && /was already stored; acknowledging again/.test(l.text),
  ).length;
  return { stored, phoneHistory: phoneHistory(sim), arrivedBeforeReopen, reopens, duplicatesSuppressed };
}

export function phoneHistory(sim: Simulation): SessionResult[] {
  const parsed = parseHistory(sim.phoneState.local.items.get("history") ?? null);
  if (parsed.errors.length > 0)
    throw new Error("the phone's history has unreadable entries: " + parsed.errors.join("; "));
  return parsed.history;
}

/** Results the watch still keeps because no ack came: the "pending-<id>.cbor" files are the list. */
export function pendingIds(files: Map<string, Uint8Array>): string[] {
  return [...files.keys()].filter((n) => /^pending-.+\.cbor$/.test(n));
}

function visible(sim: Simulation, id: string): boolean {
  return sim.watch !== null && sim.element(id).isVisible();
}

async function openApp(sim: Simulation, answer: ResumeAnswer): Promise<void> {
  if (sim.watch === null) await sim.act(() => sim.launchWatch());
  if (visible(sim, "resume-dialog")) await userTap(sim, answer);
}

/** Leaves the app the way a user does: off the done screen, then back from home. */
async function closeApp(sim: Simulation): Promise<void> {
  if (sim.watch === null) return;
  if (visible(sim, "resume-dialog")) await userTap(sim, "resume-no");
  if (visible(sim, "session")) await sim.advance(SESSION_MS + 1000); // a resumed session plays to its end
  if (visible(sim, "done")) await userTap(sim, "done-button");
  await sim.act(() => {
    sim.wake();
    sim.pressKey("back");
  });
}

async function perform(sim: Simulation, e: ScheduleEvent): Promise<void> {
  switch (e.kind) {
    case "start":
      await openApp(sim, e.answer);
      if (visible(sim, "done")) await userTap(sim, "done-button");
      if (visible(sim, "home")) await userTap(sim, "start-button");
      return;
    case "abandon":
      if (!visible(sim, "session")) return;
      await sim.act(() => {
        sim.wake();
        sim.pressKey("back");
      });
      await userTap(sim, "abandon-yes");
      return;
    case "phone-away":
      return sim.act(() => sim.setPhoneInReach(false));
    case "kill-companion":
      return sim.act(() => sim.killCompanion());
    case "kill-watch":
      return sim.act(() => sim.killWatch());
    case "power-loss":
      return sim.act(() => sim.powerLossAtWrite(e.atWrite, { mode: e.mode }));
    case "write-failure":
      return sim.act(() => sim.failWatchWrites(e.file === "any" ? /./ : new RegExp("^" + e.file), e.count));
    case "clock-jump":
      return sim.act(() => sim.jumpClock(e.side, e.deltaMs));
    case "time-zone":
      return sim.act(() => sim.setTimeZone(e.side, e.utcOffsetMinutes));
    case "link-fault":
      return sim.act(() => {
        if (e.fault === "drop") sim.dropNextTransfers(e.direction, e.count);
        else if (e.fault === "duplicate") sim.duplicateNextTransfers(e.direction, e.count);
        else sim.reorderNextTransfers(e.direction, e.count);
      });
  }
}
