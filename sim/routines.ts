// Routines the firmware checks and the tests run, in one place: a change of the routine's shape or
// limits is made once.
import { DEFAULT_ROUTINE, Routine } from "../common/routine";

/** One 10 s hold a leg and nothing between: a whole session in about 20 s of holding. */
export const ONE_HOLD_A_LEG: Routine = {
  ...DEFAULT_ROUTINE,
  repsPerLeg: 1,
  holdSeconds: 10,
  restSeconds: 0,
  switchSeconds: 0,
  getReadySeconds: 0,
};
