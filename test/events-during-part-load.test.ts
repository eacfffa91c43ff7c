// Events that reach the watch app while one of its parts loads (app/index.ts): the entry has no part
// to hand them to, so it drops them. The load runs on a promise job after the step that asked for it
// (the SDK's `import()` is `Promise.resolve().then(() => require(…))`), so "during a load" is the rest
// of that step; here the event comes in the same simulator step. What each event needs:
// - `newfile` (an ack, a routine): the file waits in the inbox, and home reads the inbox whenever
//   it starts (at a launch and after every session); the session part leaves files to home. So an
//   ack or a routine that arrives while either part loads is handled once home runs.
// - the screen's `change`: each part reads `display.on` when it starts, so it draws (or not) as the
//   screen is now.
// - taps: dropped (the screen they were aimed at is being replaced); back closes the app.
// - `unload`: the part that hands over has saved all it holds first (the ended session in
//   "session.cbor"), so the next launch finishes what the closed app did not.
import { describe, expect, it } from "vitest";
import { encodeAckMessage, encodeRoutineMessage, ROUTINE_FILE } from "../common/protocol";
import { Simulation } from "../sim/simulation";
import { encodeCbor } from "../sim/cbor";
import { robustnessBundle } from "./support/robustness-run";
import { SESSION_MS, SHORT_ROUTINE } from "./support/schedules";
import { pendingResults, userAct, userTap } from "./support/watch-sim";

const bundle = robustnessBundle();

const errorsOf = (sim: Simulation) => sim.events.filter((e) => e.type === "error");
const ackFor = (id: string) => encodeCbor(encodeAckMessage(id));

/** The short routine on the watch, away from the phone; one session played: its result waits. */
async function oneResultWaiting(seed: number): Promise<{ sim: Simulation; id: string }> {
  const sim = new Simulation({ bundle, seed });
  sim.setTimeZone("watch", 0);
  sim.watchState.files.set(ROUTINE_FILE, encodeCbor(encodeRoutineMessage(SHORT_ROUTINE, 1)));
  await sim.act(() => {
    sim.setPhoneInReach(false);
    sim.launchWatch();
  });
  await sim.advance(1000);
  await userTap(sim, "start-button");
  await sim.advance(SESSION_MS + 500);
  await userTap(sim, "done-button");
  const [result] = pendingResults(sim);
  expect(sim.element("sync-text").text).toBe("Waiting for phone · 1 to send");
  return { sim, id: result.id };
}

describe("events while a part of the watch app loads", () => {
  it("an ack that arrives while the session part loads is handled when home loads after the session", async () => {
    const { sim, id } = await oneResultWaiting(51);
    await userAct(sim, () => {
      sim.tap("start-button");
      sim.fileToWatch("ack-" + id + ".cbor", ackFor(id));
    });
    expect(sim.element("phase-title").text).toBe("Hold");
    await sim.advance(SESSION_MS + 500);
    expect(sim.element("phase-title").text).toBe("Done");
    const ids = pendingResults(sim).map((r) => r.id);
    expect(ids).toHaveLength(1);
    expect(ids).not.toContain(id);
    await userTap(sim, "done-button");
    expect(sim.element("sync-text").text).toBe("Waiting for phone · 1 to send");
    expect(sim.watchState.files.has("ack-" + id + ".cbor")).toBe(false);
    expect(errorsOf(sim)).toEqual([]);
  });

  it("an ack that arrives while home loads after a session is handled at once", async () => {
    const { sim, id } = await oneResultWaiting(52);
    await userTap(sim, "start-button");
    await sim.advance(SESSION_MS - 1000); // in the last hold
    await userAct(sim, () => {
      sim.tap("end-hold-button"); // the last hold ends: the session is done, home loads
      sim.fileToWatch("ack-" + id + ".cbor", ackFor(id));
    });
    expect(sim.element("phase-title").text).toBe("Done");
    expect(pendingResults(sim).map((r) => r.id)).not.toContain(id);
    await userTap(sim, "done-button");
    expect(sim.element("sync-text").text).toMatch(/^Waiting for phone · 1 to send$/);
    expect(sim.watchState.files.has("ack-" + id + ".cbor")).toBe(false);
    expect(errorsOf(sim)).toEqual([]);
  });

  it("a routine that arrives while the session part loads applies from the next start", async () => {
    const { sim } = await oneResultWaiting(53);
    const longer = { ...SHORT_ROUTINE, holdSeconds: 7 };
    await userAct(sim, () => {
      sim.tap("start-button");
      sim.fileToWatch(ROUTINE_FILE, encodeCbor(encodeRoutineMessage(longer, 2)));
    });
    await sim.advance(SESSION_MS + 500); // this session keeps the routine it started with
    expect(sim.element("phase-title").text).toBe("Done");
    await userTap(sim, "done-button");
    expect(sim.element("routine-summary").text).toBe("Hamstrings · 1 × 7 s each leg · towel");
    expect(errorsOf(sim)).toEqual([]);
  });

  it("the screen going dark while the session part loads: nothing is redrawn until it is on again", async () => {
    const sim = new Simulation({ bundle, seed: 54 });
    await sim.act(() => {
      sim.setPhoneInReach(false);
      sim.launchWatch();
    });
    await sim.advance(1000);
    await userAct(sim, () => {
      sim.tap("start-button");
      (sim.watch as NonNullable<Simulation["watch"]>).display.on = false;
    });
    expect(sim.element("phase-title").text).toBe("Get ready");
    expect(sim.element("countdown").text).toBe("10");
    await sim.advance(3000);
    expect(sim.element("countdown").text).toBe("10"); // dark: not redrawn every second
    await sim.act(() => sim.wake());
    expect(sim.element("countdown").text).toBe("7");
    await sim.advance(1100);
    expect(sim.element("countdown").text).toBe("6"); // on again: every second
    expect(errorsOf(sim)).toEqual([]);
  });

  it("the app closed while home loads after a session: the next launch stores the session's result", async () => {
    const { sim, id } = await oneResultWaiting(55);
    await userTap(sim, "start-button");
    await sim.advance(SESSION_MS - 1000); // in the last hold
    await userAct(sim, () => sim.pressKey("back"));
    await userAct(sim, () => {
      sim.tap("abandon-yes"); // the session ends: home loads
      sim.pressKey("back"); // no part to keep the app open: it closes, its unload goes nowhere
    });
    expect(sim.watch).toBeNull();
    expect(sim.events.filter((e) => e.type === "app").at(-1)).toMatchObject({ state: "exit", reason: "back" });
    expect(sim.watchState.files.has("session.cbor")).toBe(true); // the ended session, saved before home was asked for

    await sim.act(() => sim.launchWatch());
    expect(sim.element("resume-dialog").isVisible()).toBe(false);
    expect(sim.element("sync-text").text).toBe("Waiting for phone · 2 to send");
    const ended = pendingResults(sim).find((r) => r.id !== id);
    expect(ended?.completed).toBe(false);
    expect(ended?.holds.map((h) => Math.round(h.achievedMs / 1000))).toEqual([5, 4]);
    expect(sim.watchState.files.has("session.cbor")).toBe(false);
    expect(errorsOf(sim)).toEqual([]);
  });
});
