// Wearables for the browser tests: the demo wearable's peripheral logic in Node, either on a clock
// the test moves (sessions played ahead of time, results waiting) or on the real clock.
import { DEMO_STEP_MS, DemoWearable } from "../../../web/src/demo-wearable";
import { DEFAULT_ROUTINE, Routine } from "../../../common/routine";
import { RESPONSE_CODE } from "../../../common/gatt-profile";
import { ManualClock } from "../../support/manual-clock";

/** A demo wearable holding `sessions` finished results (each a full routine of `routine`), the given ones bouncing. */
export function wearableWithResults(
  sessions: number,
  routine: Routine,
  bouncingSessions: number[] = [],
): { wearable: DemoWearable; clock: ManualClock } {
  const clock = new ManualClock(Date.UTC(2026, 10, 27, 7, 30, 0));
  const wearable = new DemoWearable(clock, 11);
  wearable.setRoutine(routine);
  const sessionMs =
    2 * routine.repsPerLeg * (routine.holdSeconds + routine.restSeconds) * 1000 +
    (routine.getReadySeconds + routine.switchSeconds) * 1000 +
    1000;
  for (let i = 0; i < sessions; i++) {
    if (bouncingSessions.indexOf(i) >= 0) wearable.bounceNextHold();
    if (wearable.control("start", clock.now()) !== RESPONSE_CODE.SUCCESS)
      throw new Error("the demo wearable refused START");
    for (let t = 0; t < sessionMs; t += DEMO_STEP_MS) {
      clock.ms += DEMO_STEP_MS;
      wearable.step();
    }
    clock.ms += 20 * 3600 * 1000; // next session the next day
  }
  if (wearable.storedResults !== sessions)
    throw new Error("expected " + sessions + " stored results, the wearable has " + wearable.storedResults);
  return { wearable, clock };
}

export const FIVE_HOLDS_EACH: Routine = {
  ...DEFAULT_ROUTINE,
  repsPerLeg: 5,
  holdSeconds: 10,
  restSeconds: 0,
  switchSeconds: 0,
  getReadySeconds: 0,
};
