// Review 20: after the clock is set back mid-session, the next hold starts without its buzz.
// cues.ts drops a cue less important than one played under a second before (`nowMs - lastAt <
// QUIET_AFTER_MS && rank > lastRank`). `lastAt` is a wall-clock time, and unlike the session's own
// times (runner.ts moveSession) it does not move when the clock is set. Set back by a central's
// SET_CLOCK (the web companion syncs the time when it connects, e.g. to a watch running fast) or by
// setTime over the UART, `nowMs - lastAt` stays negative — "under a second ago" — for as long as
// the clock went back, and every cue ranked below the last one played is dropped until then.
// What the user sees (feels): the clock is corrected by 10 minutes during the rest after a hold;
// the last cue was "hold complete", so the next hold's start buzz, its bounce warnings and its
// last-seconds countdown are all silent. A user stretching with the watch out of sight never
// learns that the hold began (the coach's whole point), and bouncing goes unwarned.
// Suggested fix: move cues.ts's lastAt with the clock (clockMoved), or treat `nowMs < lastAt` as
// long ago.
import { describe, expect, it } from "vitest";
import { RESPONSE_CODE } from "../common/gatt-profile";
import { loadBangleApp } from "../sim/bangle/runtime";
import { cuesOf } from "../sim/bangle/cues";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { command, storageWith } from "./support/bangle-central";

const START = Date.UTC(2026, 10, 30, 8, 0, 0);
const ROUTINE = { repsPerLeg: 2, holdSeconds: 10, restSeconds: 20, switchSeconds: 10, getReadySeconds: 5 };

describe("review20: the clock set back during a rest", () => {
  it("still buzzes the start of the next hold", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage: storageWith(ROUTINE), clockStart: START });
    bangle.touch(); // get ready 5 s, hold 10 s, rest 20 s, hold 2 …
    bangle.advance(5000 + 10000 + 5000); // 5 s into the rest: "hold complete" was the last cue
    bangle.gatt.connect();
    const back = bangle.wallTime() - 10 * 60 * 1000; // the watch ran 10 minutes fast
    expect(command(bangle, { op: "set-clock", nowMs: back, utcOffsetMinutes: 0 })).toBe(RESPONSE_CODE.SUCCESS);
    const before = bangle.buzzes.length;
    bangle.advance(16000); // the rest's 15 s left, and 1 s into the second hold
    expect(bangle.screenText()[0]).toBe("Hold"); // precondition: the second hold began on time
    expect(cuesOf(bangle.buzzes.slice(before)).map((c) => c.cue)).toContain("hold-start");
    expect(bangle.errors).toEqual([]);
  });
});
