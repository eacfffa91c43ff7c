// Every Bangle.js 2 screen stands clear: no text over another, none out of the 176×176 screen or in
// the widget bar. The fake's font metrics (sim/bangle/runtime.ts: 6x8 exact; Vector about 0.6 of its
// height a character and 0.9 of it tall, as measured on the firmware) catch lines stacked onto each
// other, not a stray pixel.
import { describe, expect, it } from "vitest";
import { holdOrder, tracesByHold } from "../sim/bangle/motion";
import { FakeBangle, loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { generateHold } from "../model/holds";
import { storageWith } from "./support/bangle-central";
import { FullFlash } from "./support/bangle-flash";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const ROUTINE = { repsPerLeg: 2, holdSeconds: 10, restSeconds: 3, switchSeconds: 3, getReadySeconds: 3 };
/** Before 2020: the clock was never set, so results wait for the time. */
const UNSET_CLOCK_START = 5 * 3600 * 1000;

/** Runs `bangle` for `ms` in steps of `stepMs`: the clashes seen (each with its screen) go to `clashes`, every screen to `screens`. */
function watch(bangle: FakeBangle, ms: number, clashes: string[], screens: string[], stepMs = 250): void {
  for (let t = 0; t < ms; t += stepMs) {
    bangle.advance(stepMs);
    const screen = bangle.screenText().join(" | ");
    screens.push(screen);
    for (const clash of bangle.textClashes()) clashes.push(clash + " on [" + screen + "]");
  }
}

describe("the Bangle app's screens stand clear", () => {
  it("home, and a whole session bouncing in every hold, paused in one, to its done screen", () => {
    let bangle: FakeBangle | null = null;
    const order = holdOrder("left", ROUTINE.repsPerLeg);
    const holds = Object.fromEntries(
      order.map((key, i) => [
        key,
        generateHold(40 + i, { kind: "bounce-all", bounceHz: 2, fsHz: 100, tugMetres: 0.03, durationMs: 10000 }),
      ]),
    );
    const motion = tracesByHold(() => bangle as FakeBangle, holds, order);
    bangle = loadBangleApp(BANGLE_APP_FILE, { motion, storage: storageWith(ROUTINE) });
    const clashes = bangle.textClashes();
    const screens: string[] = [];
    bangle.touch();
    watch(bangle, 9000, clashes, screens); // get ready, into the first hold
    bangle.touch(); // pause
    watch(bangle, 2000, clashes, screens);
    bangle.touch(); // go on
    watch(bangle, 60000, clashes, screens);
    // The screens checked include bouncing, paused, rest, switch legs and done.
    for (const shown of ["Bouncing!", "Paused", "Rest", "Button: exit"])
      expect(
        screens.some((screen) => screen.includes(shown)),
        shown,
      ).toBe(true);
    expect([...new Set(clashes)]).toEqual([]);
    expect(bangle.errors).toEqual([]);
  });

  it("home with results to sync, waiting for the time, kept aside, and the last session not kept", () => {
    const storage = new FullFlash(storageWith(ONE_HOLD_A_LEG));
    storage.set("steadyhold.xold-0001", "{damaged"); // kept aside, never sent
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: UNSET_CLOCK_START });
    bangle.touch();
    bangle.advance(21000); // a session on the unset clock: its result waits for the time
    bangle.touch(); // home
    bangle.touch(); // the next session, whose result the full flash refuses
    bangle.advance(10500);
    storage.refusing = /^steadyhold\./;
    bangle.advance(10000);
    bangle.touch(); // home
    const screen = bangle.screenText().join(" | ");
    for (const line of ["to sync", "for the time", "kept, not sent", "Last session not kept", "Tap to start"])
      expect(screen).toContain(line); // every status line is there
    expect(bangle.textClashes()).toEqual([]);
    expect(bangle.errors).toEqual([]);
  });
});
