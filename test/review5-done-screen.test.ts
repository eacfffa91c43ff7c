// Review 5: the done screen's "not saved" warning. app/session-runner.ts describeResult decides
// "⚠ Not saved yet: storage full" from `ids` (results waiting for the phone's ack), but an ack
// removes the id from that list: once the phone has the result, the next redraw of the done
// screen (the user raises the wrist) says the session was NOT saved.
import { describe, expect, it } from "vitest";
import { robustnessBundle } from "./support/robustness-run";
import { SESSION_MS, newScheduleSimulation, pendingIds, phoneHistory } from "./support/schedules";
import { userTap } from "./support/watch-sim";

const bundle = robustnessBundle();

describe("review 5 — done screen after the phone's ack", () => {
  it("a result stored and acknowledged by the phone is not shown as 'Not saved yet' when the screen comes back on", async () => {
    const { sim, files } = newScheduleSimulation({ bundle, seed: 51 });
    await sim.act(() => sim.launchWatch());
    await sim.advance(5000);
    await userTap(sim, "start-button");
    await sim.advance(SESSION_MS + 500);
    expect(sim.element("done").isVisible()).toBe(true);
    expect(sim.element("done-summary").text).not.toMatch(/Not saved/); // right after the end: stored
    await sim.advance(20000); // sent, stored by the phone, acknowledged; the screen went dark meanwhile
    expect(phoneHistory(sim)).toHaveLength(1);
    expect(pendingIds(files)).toEqual([]);
    expect(sim.element("done").isVisible()).toBe(true); // within the done screen's 2-minute grace
    await sim.act(() => sim.wake()); // the user looks at the result
    expect(sim.element("done-summary").text).not.toMatch(/Not saved/);
  });
});
