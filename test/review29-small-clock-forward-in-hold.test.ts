// Review 29: the watch's clock set forward by less than the hold has left inflates the hold by the
// whole jump. Session time (common/session.ts readSessionClock) sees a forward jump only once it
// reads later than the armed timer's deadline plus 5 s; a jump that lands before the deadline (here
// +15 s, 5 s into a 30 s hold whose next deadline, the last-seconds cue, is 22 s away) is taken as
// time that passed. Whatever the user does before the timer wakes (end the hold, pause, abandon)
// closes the hold at the jumped time.
// docs/data-safety.md and the README promise "never a negative or inflated hold" with "a forward
// jump under 5 s goes unseen" as the only limit.
// What the user sees: the countdown drops by 15 at once; a hold they end after 7 s is recorded as 22 s
// held, on the done screen ("… 0:22 held") and in the phone's history for good. (A hold's end by its
// own timer is right: only what the user does before that timer wakes is moved.)
// Suggested fix: arm the clock's deadline for every timer the session part reads the clock after
// (the redraw's second, the 5 s checkpoint), or cap a read at the last read plus the longest timer
// interval armed, so a jump is seen within one short interval.
import { describe, expect, it } from "vitest";
import { Simulation } from "../sim/simulation";
import { robustnessBundle } from "./support/robustness-run";
import { phoneHistory } from "./support/schedules";
import { userTap } from "./support/watch-sim";

const bundle = robustnessBundle();
/** The default routine (3 × 30 s a leg) started at 1 s: get ready 10 s, the first hold from 11 s. */
const FIRST_HOLD_AT = 11000;

describe("review29: the watch clock set 15 s forward 5 s into a 30 s hold", () => {
  it("does not count the 15 s as held", async () => {
    const sim = new Simulation({ bundle, seed: 294 });
    sim.setTimeZone("watch", 0);
    sim.setTimeZone("phone", 0);
    await sim.act(() => sim.launchWatch());
    await sim.advance(1000);
    await userTap(sim, "start-button");
    await sim.runUntil(FIRST_HOLD_AT + 5000);
    await sim.act(() => sim.jumpClock("watch", 15000)); // the phone sets the watch's clock
    await sim.advance(2000);
    await userTap(sim, "end-hold-button"); // 7 s really held
    await sim.act(() => {
      sim.wake();
      sim.pressKey("back");
    });
    await userTap(sim, "abandon-yes");
    await sim.advance(30000);
    const [result] = phoneHistory(sim);
    expect(result.holds).toHaveLength(1); // precondition: the session reached the phone
    // 7 s held, and at most the documented 5 s of an unseen jump on top.
    expect(result.holds[0].achievedMs).toBeLessThanOrEqual(7000 + 5000);
  });
});
