// A session whose holds carry more bounce warnings than the detector's 4 s refractory time allows in a
// hold that runs on (15 in 60 s): the user bounces, pauses after each warning and goes on, so the
// detector's time runs on in the pause and it warns again at once (a relaunch starts it afresh too).
// The engine keeps up to 100 a hold (common/session.ts, the wire's bound). Before 0.09 the spare
// kept for the result (store.ts keepSpare) was sized for 15 a hold: on a flash other apps filled in
// the last hold, the larger result did not fit in the spare's room and waited in memory only, and
// holding the button to leave lost it (the next launch kept an older save). Now the spare covers
// what the engine can record.
import { describe, expect, it } from "vitest";
import { generateHold } from "../model/holds";
import { cuesOf } from "../sim/bangle/cues";
import { traceAt } from "../sim/bangle/motion";
import { AccelSample, FakeBangle, loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { pullAll, storageWith } from "./support/bangle-central";
import { BoundedFlash } from "./support/bangle-flash";

const START = Date.UTC(2026, 10, 30, 8, 0, 0);
const ROUTINE = { repsPerLeg: 1, holdSeconds: 60, restSeconds: 0, switchSeconds: 0, getReadySeconds: 0 };
const PAUSE_MS = 4100; // past the detector's 4 s refractory time

/** The wrist bounces all along (2 Hz tugs of 2 cm for 10 minutes), in the app's virtual time. */
function bouncingWrist(): (t: number) => AccelSample {
  const trace = generateHold(7, {
    kind: "bounce",
    bounceHz: 2,
    fsHz: 100,
    tugMetres: 0.02,
    tugDegrees: 3,
    bounceTugs: 1200,
    durationMs: 660000,
  });
  return (t) => traceAt(trace, t) as AccelSample;
}

function cueCount(bangle: FakeBangle, cue: string): number {
  return cuesOf(bangle.buzzes).filter((c) => c.cue === cue).length;
}

function isDone(bangle: FakeBangle): boolean {
  const screen = bangle.screenText().join(" | ");
  return screen.includes("Well done") || screen.includes("Ended");
}

describe("a session with more bounce warnings a hold than the detector's refractory time allows", () => {
  it("is kept whole on a flash other apps filled in its last hold, through the long press", () => {
    const storage = new BoundedFlash(storageWith(ROUTINE));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: START, motion: bouncingWrist() });
    bangle.touch(); // the left hold begins at once
    const warnings = [0, 0]; // bounce cues in the left and the right hold
    let filled = false;
    for (let guard = 0; guard < 2000 && !isDone(bangle); guard++) {
      const inRightHold = () => bangle.screenText().join(" | ").includes("Right");
      if (inRightHold() && !filled) {
        storage.capacity = storage.used(); // another app took every free byte
        filled = true;
      }
      const before = cueCount(bangle, "bounce");
      for (let t = 0; t < 10000 && cueCount(bangle, "bounce") === before && !isDone(bangle); t += 100)
        bangle.advance(100);
      warnings[inRightHold() ? 1 : 0] += cueCount(bangle, "bounce") - before; // seen within 100 ms of it
      if (isDone(bangle)) break;
      bangle.touch(); // pause right after the warning
      bangle.advance(PAUSE_MS);
      bangle.touch(); // and go on, still bouncing
    }
    const doneScreen = bangle.screenText().join(" | ");
    expect(filled).toBe(true);
    expect(Math.max(...warnings)).toBeGreaterThan(15); // more than the old spare was sized for
    bangle.buttonDown(); // the user holds the button to leave
    bangle.advance(1600);
    bangle.buttonUp();

    storage.capacity = Infinity; // room again
    bangle.advance(60000);
    bangle.launch();
    bangle.gatt.connect();
    const pulled = pullAll(bangle);
    const seen = pulled.map((r) => ({
      completed: r.completed,
      heldMs: r.holds.map((h) => h.achievedMs),
      warnings: r.holds.map((h) => h.bounceAtMs.length),
    }));
    expect(seen, doneScreen).toEqual([{ completed: true, heldMs: [60000, 60000], warnings }]);
    expect(doneScreen).toContain("Holds 2/2"); // the figures: the result was kept, nothing to warn about
    expect(bangle.errors).toEqual([]);
  });
});
