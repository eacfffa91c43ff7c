// A part of the watch app that fails to load (app/index.ts; on a real watch its parse can run out of
// heap, or its file can be damaged): before, the failure was only logged and the app sat there dead,
// the screen frozen on whatever was shown last. Now the entry loads it once more, and when that fails
// too it shows "load-failed" (over every screen, with a Close button; back closes as well), and the
// session in progress is kept: it is on storage ("session.cbor"), so the next launch carries on.
// The simulator's `failChunkLoads` makes the watch's loads of a part's file fail (sim/faults.ts).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBundle, packagePath } from "../sim/bundle";
import { Simulation } from "../sim/simulation";
import { formatTimeline } from "../sim/timeline";
import { robustnessBundle } from "./support/robustness-run";
import { userAct, userTap } from "./support/watch-sim";

const bundle = robustnessBundle();
const SESSION_PART = /^session-runner-/;
const HOME_PART = /^home-/;

const visible = (sim: Simulation, id: string) => sim.watch !== null && sim.element(id).isVisible();
const errorsOf = (sim: Simulation) => sim.events.filter((e) => e.type === "error");
const loadFailures = (sim: Simulation) => sim.events.filter((e) => e.type === "load-failed");

function failureShown(sim: Simulation): void {
  expect(visible(sim, "load-failed")).toBe(true);
  expect(visible(sim, "close-button")).toBe(true);
  const texts = sim
    .element("load-failed")
    .getElementsByTagName("textarea")
    .map((t) => t.text);
  expect(texts.join(" ")).toMatch(/could not load.*open it again/);
}

/** The default routine (3 × 30 s a leg), away from the phone; the app dies 20 s into the first hold (just saved: every 5 s of a hold). */
async function leftInFirstHold(): Promise<{ sim: Simulation; saved: Uint8Array }> {
  const sim = new Simulation({ bundle, seed: 31 });
  await sim.act(() => {
    sim.setPhoneInReach(false);
    sim.launchWatch();
  });
  await sim.advance(1000);
  await userTap(sim, "start-button");
  await sim.advance(30000); // get ready 10 s, then 20 s of the first hold
  expect(sim.element("phase-title").text).toBe("Hold");
  await sim.act(() => sim.killWatch());
  const saved = sim.watchState.files.get("session.cbor");
  if (saved === undefined) throw new Error("precondition: the session is saved");
  return { sim, saved };
}

describe("a part of the watch app that fails to load", () => {
  it("is loaded once more: a single failure goes unnoticed", async () => {
    const sim = new Simulation({ bundle, seed: 32 });
    await sim.act(() => {
      sim.setPhoneInReach(false);
      sim.launchWatch();
    });
    await sim.advance(1000);
    sim.failChunkLoads(SESSION_PART, 1);
    await userTap(sim, "start-button");
    expect(loadFailures(sim)).toHaveLength(1);
    expect(formatTimeline(sim.events).join("\n")).toMatch(
      /watch {4}LOAD FAILED app\/session-runner-\w+\.js \(out of memory\)/,
    );
    expect(visible(sim, "load-failed")).toBe(false);
    expect(sim.element("phase-title").text).toBe("Get ready");
    await sim.advance(12000);
    expect(sim.element("phase-title").text).toBe("Hold");
    expect(errorsOf(sim)).toEqual([]);
  });

  it("that fails twice says so and closes; the session left is resumed at the next launch, none of it lost", async () => {
    const { sim, saved } = await leftInFirstHold();
    await sim.advance(60000);
    await sim.act(() => sim.launchWatch());
    expect(visible(sim, "resume-dialog")).toBe(true);

    sim.failChunkLoads(SESSION_PART, 2);
    await userTap(sim, "resume-yes");
    expect(loadFailures(sim)).toHaveLength(2);
    failureShown(sim);
    expect(sim.watchState.files.get("session.cbor")).toEqual(saved); // untouched
    expect(sim.logs.some((l) => l.level === "error" && /^app: session: /.test(l.text))).toBe(true);

    await userTap(sim, "close-button");
    expect(sim.watch).toBeNull();
    expect(sim.events.filter((e) => e.type === "app").at(-1)).toMatchObject({ state: "exit", reason: "exit" });

    await sim.advance(30000);
    await sim.act(() => sim.launchWatch());
    expect(visible(sim, "resume-dialog")).toBe(true);
    await userTap(sim, "resume-yes");
    expect(sim.element("phase-title").text).toBe("Hold");
    expect(sim.element("rep-text").text).toBe("Left · 1/3");
    // It goes on from its save 20 s into the hold: 10 s left.
    expect(Number(sim.element("countdown").text)).toBe(10);
    for (let i = 0; i < 400 && !visible(sim, "done"); i++) await sim.advance(1000);
    expect(sim.element("done-summary").text).toMatch(/^Holds 6\/6 · 3:00 held/);
    expect(errorsOf(sim)).toEqual([]);
  });

  it("lets the OS close the app, and back closes it too", async () => {
    const sim = new Simulation({ bundle, seed: 33 });
    sim.failChunkLoads(HOME_PART, 2);
    await sim.act(() => {
      sim.setPhoneInReach(false);
      sim.launchWatch();
    });
    failureShown(sim);
    await sim.advance(2 * 60 * 1000 + 1000);
    expect(sim.watch).toBeNull();
    expect(sim.events.filter((e) => e.type === "app").at(-1)).toMatchObject({ state: "exit", reason: "timeout" });

    sim.failChunkLoads(HOME_PART, 2);
    await sim.act(() => sim.launchWatch());
    failureShown(sim);
    await userAct(sim, () => sim.pressKey("back"));
    expect(sim.watch).toBeNull();
  });

  it("after a session ended: its result is stored at the next launch", async () => {
    const sim = new Simulation({ bundle, seed: 34 });
    sim.setTimeZone("watch", 0);
    await sim.act(() => {
      sim.setPhoneInReach(false);
      sim.launchWatch();
    });
    await sim.advance(1000);
    await userTap(sim, "start-button");
    await sim.advance(15000); // 4 s into the first hold
    await userAct(sim, () => sim.pressKey("back"));
    sim.failChunkLoads(HOME_PART, 2);
    await userTap(sim, "abandon-yes");
    failureShown(sim);
    await userTap(sim, "close-button");

    await sim.act(() => sim.launchWatch());
    expect(visible(sim, "resume-dialog")).toBe(false);
    expect(sim.element("sync-text").text).toBe("Waiting for phone · 1 to send");
    expect(sim.watchState.files.has("session.cbor")).toBe(false);
    const pending = [...sim.watchState.files.keys()].filter((n) => /^pending-.*\.cbor$/.test(n));
    expect(pending).toHaveLength(1);
    expect(errorsOf(sim)).toEqual([]);
  });

  // The older watches' views (legacy/resources: 300×300 and Ionic's 348×250) have the screen too.
  for (const target of ["mira", "higgs"]) {
    it(`${target}: says so and closes`, async () => {
      const sim = new Simulation({ bundle: loadBundle(packagePath(path.resolve(__dirname, ".."), target), target) });
      sim.failChunkLoads(HOME_PART, 2);
      await sim.act(() => {
        sim.setPhoneInReach(false);
        sim.launchWatch();
      });
      failureShown(sim);
      await userTap(sim, "close-button");
      expect(sim.watch).toBeNull();
    });
  }
});
