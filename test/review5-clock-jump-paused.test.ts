// Review 5: a wall-clock jump forward while a session is paused. The session clock
// (common/session.ts readSessionClock) sees a forward jump only against the armed timer's
// deadline, and while paused no timer is armed (dueAtMs -1): the whole jump counts as pause time.
// The result's duration then includes it; beyond two days the phone's decoder rejects the
// result (duration outside 0–2 days), keeps it raw and acknowledges it, so the watch deletes it
// and the session never appears in the history. A watch whose clock was wrong (reset after a
// drained battery) gets it set by the phone at any moment, also during a pause.
import { describe, expect, it } from "vitest";
import { robustnessBundle } from "./support/robustness-run";
import { SESSION_MS, newScheduleSimulation, pendingIds, phoneHistory } from "./support/schedules";
import { userTap } from "./support/watch-sim";

const bundle = robustnessBundle();
const DAY = 86400000;

describe("review 5 — clock set forward during a pause", () => {
  it("the session still reaches the phone's history, with the time actually spent", async () => {
    const { sim, files } = newScheduleSimulation({ bundle, seed: 52 });
    await sim.act(() => sim.launchWatch());
    await sim.advance(5000);
    await userTap(sim, "start-button");
    await sim.advance(2000); // 2 s into the left leg's hold
    await userTap(sim, "session-tap"); // pause
    await sim.advance(3000);
    await sim.act(() => sim.jumpClock("watch", 3 * DAY)); // the phone sets the watch's wrong clock
    await sim.advance(3000);
    await userTap(sim, "session-tap"); // resume
    await sim.advance(SESSION_MS + 30000);
    expect(sim.element("done").isVisible()).toBe(true);
    expect(pendingIds(files)).toEqual([]); // the watch let go of it: the phone acknowledged it
    const history = phoneHistory(sim);
    expect(history.map((r) => r.id)).toEqual([...files.stored.keys()]);
    expect(history[0].endedAt - history[0].startedAt).toBeLessThan(60000);
  });
});
