// End-to-end tests of the watch app's controls and robustness, through the simulator running the
// built bundle (build/app.fba; `npm test` builds it first): screen off, pause, end a hold early,
// abandon, kill and relaunch, damaged files. Element ids are the README's automation contract.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "../common/protocol";
import { CUE_PATTERN } from "../common/session";
import { loadBundle } from "../sim/bundle";
import { decodeCbor, encodeCbor } from "../sim/cbor";
import { Simulation, TimelineEvent } from "../sim/simulation";
import { ofType } from "./support/events";
import { pendingResults } from "./support/watch-sim";

const FBA = path.resolve(__dirname, "..", "build", "app.fba");
const JITTER_MS = 40;
const HOLD_MS = 30000;
const GET_READY_MS = 10000;

function simulation(): Simulation {
  if (!fs.existsSync(FBA)) throw new Error(`${FBA} is missing: run "npm run build" (npm test does it first)`);
  return new Simulation({ bundle: loadBundle(FBA, "atlas"), jitterMs: JITTER_MS, seed: 7 });
}

const of = (sim: Simulation, type: string): TimelineEvent[] => ofType(sim.events, type);
const buzzes = (sim: Simulation, cue: keyof typeof CUE_PATTERN): TimelineEvent[] =>
  of(sim, "vibrate").filter((e) => e.pattern === CUE_PATTERN[cue]);
const phases = (sim: Simulation): TimelineEvent[] => of(sim, "phase");
const text = (sim: Simulation, id: string): string => sim.element(id).text;
const visible = (sim: Simulation, id: string): boolean => sim.element(id).isVisible();

/** Counts the timers the running app sets from now on. */
function countTimers(sim: Simulation): { count: number } {
  const context = sim.watch!.realm.context as {
    setTimeout: (...a: unknown[]) => number;
    setInterval: (...a: unknown[]) => number;
  };
  const counter = { count: 0 };
  const setTimeoutOriginal = context.setTimeout;
  const setIntervalOriginal = context.setInterval;
  context.setTimeout = (...a) => (counter.count++, setTimeoutOriginal(...a));
  context.setInterval = (...a) => (counter.count++, setIntervalOriginal(...a));
  return counter;
}

/** Launches the app (phone out of reach, so results stay on the watch) and taps Start at virtual 1 s. */
async function startSession(phoneInReach = false): Promise<Simulation> {
  const sim = simulation();
  await sim.act(() => {
    sim.setPhoneInReach(phoneInReach);
    sim.launchWatch();
  });
  await sim.advance(1000);
  await sim.act(() => sim.tap("start-button"));
  return sim;
}

/** A user action on a possibly dark screen: raise the wrist first, as a user would. */
async function userTap(sim: Simulation, id: string): Promise<void> {
  await sim.act(() => {
    sim.wake();
    sim.tap(id);
  });
}

async function pressBack(sim: Simulation): Promise<void> {
  await sim.act(() => {
    sim.wake();
    sim.pressKey("back");
  });
}

const FIRST_HOLD_AT = 1000 + GET_READY_MS;

describe("watch app, end to end", () => {
  it("plays the whole default session with the screen off, every hold-complete buzz on target", async () => {
    const sim = await startSession(true);
    // While the screen is dark in the 30 s between legs (no sensor runs), the app sets no timers.
    await sim.runUntil(121000 + 12000);
    expect(phases(sim).at(-1)).toMatchObject({ phase: "switch" });
    expect(sim.watch!.display.on).toBe(false);
    const timers = countTimers(sim);
    await sim.runUntil(121000 + 29000);
    expect(timers.count).toBe(0);
    await sim.runUntil(270000); // the session ends at 261 s
    const holds = phases(sim).filter((e) => e.phase === "hold");
    expect(holds).toHaveLength(6);
    // Start 1 s, get ready 10 s, holds of 30 s, rests of 10 s, 30 s between legs. The last hold of
    // a leg ends with the switch-legs cue, the last of the session with session-done.
    const at = (cue: keyof typeof CUE_PATTERN) => buzzes(sim, cue).map((e) => e.t_ms);
    const near = (times: number[], expected: number[]) => {
      expect(times).toHaveLength(expected.length);
      times.forEach((t, i) => expect(t - expected[i]).toBeGreaterThanOrEqual(0));
      times.forEach((t, i) => expect(t - expected[i]).toBeLessThanOrEqual(50));
    };
    near(at("hold-complete"), [41000, 81000, 181000, 221000]);
    near(at("switch-legs"), [121000]);
    near(at("session-done"), [261000]);
    near(at("hold-start"), [11000, 51000, 91000, 151000, 191000, 231000]);
    expect(at("last-seconds")).toHaveLength(18);
    // The screen was dark between cues (10 s screen timeout) and each cue woke it.
    expect(of(sim, "screen").filter((e) => e.on === false).length).toBeGreaterThanOrEqual(6);
    sim.events.forEach((e, i) => {
      if (e.type !== "vibrate") return;
      const screenBefore = sim.events
        .slice(0, i)
        .filter((s) => s.type === "screen")
        .at(-1);
      expect(screenBefore?.on ?? true).toBe(true);
    });
    // Nobody touched the watch for minutes, yet the OS did not close it mid-session.
    expect(of(sim, "app").filter((e) => e.state === "exit")).toEqual([]);
    expect(phases(sim).at(-1)).toMatchObject({ phase: "done" });
    expect(visible(sim, "done-summary")).toBe(true);
    expect(text(sim, "done-summary")).toMatch(/^Holds 6\/6 · 3:00 held/);
    // The result went to the phone and was acknowledged: nothing is left pending.
    expect(
      of(sim, "sync").filter((e) => e.direction === "watch-to-phone" && /^result-/.test(String(e.file)) && e.ok),
    ).toHaveLength(1);
    expect(pendingResults(sim)).toEqual([]);
    // After the done screen's grace period the normal app timeout closes the idle app.
    await sim.advance(5 * 60 * 1000);
    expect(
      of(sim, "app")
        .filter((e) => e.state === "exit")
        .map((e) => e.reason),
    ).toEqual(["timeout"]);
    expect(of(sim, "error")).toEqual([]);
  });

  it("does no timer work while idle on the home screen", async () => {
    const sim = simulation();
    await sim.act(() => sim.launchWatch());
    const timers = countTimers(sim);
    await sim.advance(100000);
    expect(timers.count).toBe(0);
    expect(text(sim, "routine-summary")).toBe("Hamstrings · 3 × 30 s each leg · towel");
    expect(text(sim, "today-text")).toBe("Today 0/1 · streak 0 days");
    await userTap(sim, "start-button");
    expect(timers.count).toBeGreaterThan(0); // the counting sees the app's timers once a session runs
  });

  it("pauses with a tap: time stops, no cues, and the hold finishes its remaining time after resuming", async () => {
    const sim = await startSession();
    await sim.runUntil(FIRST_HOLD_AT + 10000);
    await userTap(sim, "session-tap");
    const pausedAt = sim.now;
    expect(text(sim, "phase-instruction")).toMatch(/Paused/);
    const countdown = text(sim, "countdown");
    const cuesBefore = of(sim, "vibrate").length;
    await sim.advance(60000);
    expect(of(sim, "vibrate").length).toBe(cuesBefore);
    expect(text(sim, "countdown")).toBe(countdown);
    expect(phases(sim).at(-1)).toMatchObject({ phase: "hold", leg: "left", rep: 1 });
    await userTap(sim, "session-tap");
    const resumedAt = sim.now;
    await sim.advance(30000);
    const heldBeforePause = pausedAt - phases(sim).find((e) => e.phase === "hold")!.t_ms;
    const complete = buzzes(sim, "hold-complete")[0];
    expect(Math.abs(complete.t_ms - (resumedAt + HOLD_MS - heldBeforePause))).toBeLessThanOrEqual(JITTER_MS + 5);
  });

  it("ends a hold early, keeps the achieved seconds, and skips the rest", async () => {
    const sim = await startSession();
    await sim.runUntil(FIRST_HOLD_AT + 12000);
    expect(text(sim, "end-hold-label")).toBe("End hold");
    await userTap(sim, "end-hold-button");
    expect(phases(sim).at(-1)).toMatchObject({ phase: "rest", leg: "left", rep: 2 });
    expect(buzzes(sim, "hold-complete")).toEqual([]);
    expect(text(sim, "end-hold-label")).toBe("Skip");
    await userTap(sim, "end-hold-button");
    expect(phases(sim).at(-1)).toMatchObject({ phase: "hold", leg: "left", rep: 2 });
    // Abandon to get the result written, then read what the watch stored.
    await pressBack(sim);
    await userTap(sim, "abandon-yes");
    const [result] = pendingResults(sim);
    expect(result.completed).toBe(false);
    expect(result.holds[0]).toMatchObject({ leg: "left", rep: 1, endedEarly: true });
    expect(Math.abs(result.holds[0].achievedMs - 12000)).toBeLessThanOrEqual(JITTER_MS + 5);
  });

  it("asks before abandoning on the back button; 'Go on' continues, 'End' keeps a partial result", async () => {
    const sim = await startSession();
    await sim.runUntil(FIRST_HOLD_AT + 5000);
    await pressBack(sim);
    expect(sim.watch).not.toBeNull();
    expect(visible(sim, "abandon-dialog")).toBe(true);
    await userTap(sim, "abandon-no");
    expect(visible(sim, "abandon-dialog")).toBe(false);
    await sim.runUntil(FIRST_HOLD_AT + HOLD_MS + 100);
    expect(buzzes(sim, "hold-complete")).toHaveLength(1); // the session went on meanwhile
    await sim.runUntil(FIRST_HOLD_AT + HOLD_MS + 10000 + 8000); // 8 s into the second hold
    await pressBack(sim);
    await userTap(sim, "abandon-yes");
    expect(phases(sim).at(-1)).toMatchObject({ phase: "done" });
    expect(visible(sim, "done")).toBe(true);
    expect(text(sim, "done-summary")).toMatch(/^Holds 2\/6 · 0:38 held/);
    expect(buzzes(sim, "session-done")).toEqual([]); // an abandoned session is not celebrated
    // Stored on the watch before any attempt to send (the phone is away) ...
    const [result] = pendingResults(sim);
    expect(result).toMatchObject({ completed: false });
    expect(result.holds.map((h) => h.achievedMs)).toEqual([30000, expect.any(Number)]);
    expect(of(sim, "sync").filter((e) => e.direction === "watch-to-phone" && /^result-/.test(String(e.file)))).toEqual(
      [],
    );
    // ... and delivered, then deleted on the phone's ack, once the phone is back.
    await sim.act(() => sim.setPhoneInReach(true));
    await sim.advance(30000);
    expect(
      of(sim, "sync").filter((e) => e.direction === "watch-to-phone" && /^result-/.test(String(e.file)) && e.ok).length,
    ).toBeGreaterThanOrEqual(1);
    expect(pendingResults(sim)).toEqual([]);
    await userTap(sim, "done-button");
    expect(visible(sim, "home")).toBe(true);
    expect(text(sim, "today-text")).toBe("Today 0/1 · streak 0 days"); // partial sessions do not count
  });

  it("abandoned during get-ready, or killed then and not resumed, leaves no session: nothing stored, sent or left behind", async () => {
    const sim = await startSession(true);
    await sim.runUntil(FIRST_HOLD_AT - 5000);
    await pressBack(sim);
    await userTap(sim, "abandon-yes");
    expect(visible(sim, "done")).toBe(true);
    await userTap(sim, "done-button");
    await sim.advance(30000);
    expect(pendingResults(sim)).toEqual([]);
    // Started again and killed in its get-ready: the next launch offers it; "No" keeps nothing either.
    await userTap(sim, "start-button");
    await sim.advance(3000);
    await sim.act(() => sim.killWatch());
    await sim.advance(60000);
    await sim.act(() => sim.launchWatch());
    expect(visible(sim, "resume-dialog")).toBe(true);
    await userTap(sim, "resume-no");
    await sim.advance(30000);
    expect(pendingResults(sim)).toEqual([]);
    expect(sim.watchState.files.has("session.cbor")).toBe(false);
    expect((sim.phone().history as { recent: unknown[] }).recent).toEqual([]);
  });

  it("retries a failed result transfer by itself while the app stays open", async () => {
    const sim = simulation();
    await sim.act(() => {
      sim.setPhoneInReach(true);
      sim.launchWatch();
    });
    // The routine arrives and is confirmed on the home screen (files from the phone wait while a
    // session runs: the home part reads them), so the next transfers from the watch are the result's.
    await sim.advance(10000);
    await userTap(sim, "start-button");
    await sim.advance(FIRST_HOLD_AT + 5000 - 1000);
    await sim.act(() => sim.dropNextTransfers("watch-to-phone", 2));
    await pressBack(sim);
    await userTap(sim, "abandon-yes");
    await sim.advance(5000);
    const attempts = () =>
      of(sim, "sync").filter((e) => e.direction === "watch-to-phone" && /^result-/.test(String(e.file)));
    expect(attempts().map((e) => e.ok)).toEqual([false]);
    expect(pendingResults(sim)).toHaveLength(1);
    await sim.advance(30000); // first retry after 30 s: dropped again
    expect(attempts().map((e) => e.ok)).toEqual([false, false]);
    await sim.advance(70000); // the pause doubles to 60 s; this one gets through and is acknowledged
    expect(attempts().map((e) => e.ok)).toEqual([false, false, true]);
    expect(pendingResults(sim)).toEqual([]);
    expect(Object.keys(sim.phone().history as object).length).toBeGreaterThan(0);
  });

  it("offers to resume after being killed mid-hold, and finishes the hold from the saved point", async () => {
    const sim = await startSession();
    await sim.runUntil(FIRST_HOLD_AT + 10000);
    await sim.act(() => sim.killWatch());
    await sim.advance(60000);
    await sim.act(() => sim.launchWatch());
    expect(visible(sim, "resume-dialog")).toBe(true);
    await userTap(sim, "resume-yes");
    const resumedAt = sim.now;
    expect(phases(sim).at(-1)).toMatchObject({ phase: "hold", leg: "left", rep: 1 });
    // Killed without unload: the last save was the checkpoint 5 s into the hold; the seconds held
    // count, and the resumed hold announces itself with the hold-start cue.
    expect(text(sim, "countdown")).toBe("25");
    expect(buzzes(sim, "hold-start").at(-1)!.t_ms).toBe(resumedAt);
    await sim.advance(HOLD_MS + 1000);
    const complete = buzzes(sim, "hold-complete");
    expect(complete).toHaveLength(1);
    expect(Math.abs(complete[0].t_ms - (resumedAt + HOLD_MS - 5000))).toBeLessThanOrEqual(JITTER_MS + 5);
  });

  it("lets the OS close a forgotten pause after 2 minutes, keeping the session to resume", async () => {
    const sim = await startSession();
    await sim.runUntil(FIRST_HOLD_AT + 10000);
    await userTap(sim, "session-tap");
    const countdown = text(sim, "countdown");
    await sim.advance(150000);
    expect(of(sim, "app").filter((e) => e.state === "exit")).toMatchObject([{ reason: "timeout" }]);
    expect(sim.watchState.files.has("session.cbor")).toBe(true);
    await sim.act(() => sim.launchWatch());
    expect(visible(sim, "resume-dialog")).toBe(true);
    await userTap(sim, "resume-yes");
    expect(text(sim, "countdown")).toBe(countdown);
  });

  it("resumes from the moment it was closed when the OS closed it with unload", async () => {
    const sim = await startSession();
    await sim.runUntil(FIRST_HOLD_AT + 10000);
    await sim.act(() => sim.watch!.exit("killed"));
    await sim.advance(120000);
    await sim.act(() => sim.launchWatch());
    await userTap(sim, "resume-yes");
    expect(Number(text(sim, "countdown"))).toBeGreaterThanOrEqual(19);
    expect(Number(text(sim, "countdown"))).toBeLessThanOrEqual(20);
  });

  it("keeps an old interrupted session as a partial result instead of offering to resume it", async () => {
    const sim = await startSession(true);
    await sim.runUntil(FIRST_HOLD_AT + 10000);
    await sim.act(() => sim.killWatch());
    await sim.advance(10 * 60 * 1000);
    await sim.act(() => sim.launchWatch());
    expect(visible(sim, "resume-dialog")).toBe(false);
    expect(visible(sim, "home")).toBe(true);
    await sim.advance(30000);
    expect(
      of(sim, "sync").filter((e) => e.direction === "watch-to-phone" && /^result-/.test(String(e.file)) && e.ok),
    ).toHaveLength(1);
    expect(sim.watchState.files.has("session.cbor")).toBe(false);
  });

  it("keeps the interrupted session as partial when the user declines to resume", async () => {
    const sim = await startSession();
    await sim.runUntil(FIRST_HOLD_AT + 10000);
    await sim.act(() => sim.watch!.exit("killed"));
    await sim.advance(30000);
    await sim.act(() => sim.launchWatch());
    await userTap(sim, "resume-no");
    expect(visible(sim, "home")).toBe(true);
    const [result] = pendingResults(sim);
    expect(result.completed).toBe(false);
    expect(Math.abs(result.holds[0].achievedMs - 10000)).toBeLessThanOrEqual(JITTER_MS + 5);
  });

  it("applies a routine from the phone only between sessions", async () => {
    const sim = await startSession(true);
    await sim.runUntil(FIRST_HOLD_AT + 5000);
    await sim.act(() => sim.phoneSet("holdSeconds", 20));
    await sim.advance(10000);
    expect(
      of(sim, "sync").filter((e) => e.direction === "phone-to-watch" && e.file === "routine.cbor" && e.ok).length,
    ).toBeGreaterThanOrEqual(1);
    await sim.runUntil(FIRST_HOLD_AT + HOLD_MS + 100);
    expect(buzzes(sim, "hold-complete")).toHaveLength(1); // the running session keeps its 30 s holds
    await pressBack(sim);
    await userTap(sim, "abandon-yes");
    await userTap(sim, "done-button");
    expect(text(sim, "routine-summary")).toBe("Hamstrings · 3 × 20 s each leg · towel");
    await userTap(sim, "start-button");
    const started = sim.now;
    await sim.advance(GET_READY_MS + 20000 + 100);
    const complete = buzzes(sim, "hold-complete").at(-1)!;
    expect(complete.t_ms - (started + GET_READY_MS)).toBeGreaterThanOrEqual(20000);
    expect(complete.t_ms - (started + GET_READY_MS)).toBeLessThanOrEqual(20000 + 50);
  });

  it("survives damaged files: a corrupt saved session, a bad routine and a forged ack", async () => {
    const sim = simulation();
    sim.watchState.files.set("session.cbor", new Uint8Array([0xff, 0x00, 0x13]));
    sim.watchState.files.set("stats.cbor", encodeCbor({ day: "x" }));
    sim.watchState.inbox.push({ name: "routine.cbor", bytes: encodeCbor([1, "routine", 3, ["left", 99]]) });
    sim.watchState.inbox.push({ name: "ack-zzz.cbor", bytes: encodeCbor([1, "ack", "other"]) });
    await sim.act(() => {
      sim.setPhoneInReach(false);
      sim.launchWatch();
    });
    expect(of(sim, "error")).toEqual([]);
    expect(visible(sim, "home")).toBe(true);
    expect(visible(sim, "resume-dialog")).toBe(false);
    expect(sim.watchState.files.has("session.cbor.bad")).toBe(true); // kept for inspection, not lost
    expect(sim.watchState.files.has("stats.cbor.bad")).toBe(true);
    expect(text(sim, "today-text")).toBe("Today 0/1 · streak 0 days");
    expect(text(sim, "routine-summary")).toBe("Hamstrings · 3 × 30 s each leg · towel");
    const errors = sim.logs.filter((l) => l.level === "error").map((l) => l.text);
    expect(errors.some((t) => /routine: rejected/.test(t))).toBe(true);
    expect(errors.some((t) => /inbox: rejected ack-zzz\.cbor/.test(t))).toBe(true);
    // The routine in use was written back over the bad file.
    expect(decodeCbor(sim.watchState.files.get("routine.cbor")!)).toEqual([
      PROTOCOL_VERSION,
      "routine",
      0,
      expect.any(Array),
    ]);
    await sim.act(() => sim.tap("start-button"));
    await sim.advance(GET_READY_MS + 100);
    expect(phases(sim).at(-1)).toMatchObject({ phase: "hold" });
  });
});
