// The flash a session needs on the Bangle, for the routine in force: the room the watch keeps for
// its result before the session starts (wearables/bangle/src/store.ts keepSpare), and the room its
// saves need then (hasRoomForSaves). Pure and ES5-safe: the watch imports it.
import { Routine } from "./routine-shape";
import { MAX_BOUNCES_PER_HOLD } from "./result";

/**
 * Bounce warnings a hold that runs on can have: the detector warns again only after its 4 s
 * refractory time (common/bounce.ts REFRACTORY_S), and a hold lasts at most 60 s. A hold paused and
 * resumed while bouncing can have more (the detector's time runs on in a pause, and a relaunch starts
 * it afresh): the engine keeps up to MAX_BOUNCES_PER_HOLD (common/session.ts, the wire's bound).
 */
export const DETECTOR_WARNINGS_PER_HOLD = 15;

/**
 * Bytes the result of a session of `routine` can take at most, with the most warnings the engine
 * keeps (MAX_BOUNCES_PER_HOLD a hold): its GATT record (28 + an id of at most 32 + per hold 9 + 2 a
 * warning: common/gatt-profile.ts resultRecordLength), or `asJson` (the clock is not set: it waits as
 * `{timeline, result}` JSON) that JSON with every number at its longest (385 B without holds, 133 a
 * hold and 6 a warning; 15 B more for the timeline's digits). test/result-room.test.ts checks both
 * against the real encoders for every routine shape.
 */
export function resultRoomBytes(routine: Routine, asJson: boolean): number {
  const holds = routine.repsPerLeg * 2;
  return asJson ? 400 + holds * (133 + 6 * MAX_BOUNCES_PER_HOLD) : 60 + holds * (9 + 2 * MAX_BOUNCES_PER_HOLD);
}

/**
 * Bytes the largest save of a session of `routine` takes (the Bangle's `{savedAt, state, timeline}`
 * JSON, every number at its longest: 540 B without holds, 132 a hold and 6 a warning) when its holds
 * carry the warnings of holds that run on (DETECTOR_WARNINGS_PER_HOLD). test/result-room.test.ts
 * checks it against the saves of real sessions and the longest state of every routine shape.
 */
export function saveRoomBytes(routine: Routine): number {
  return 540 + routine.repsPerLeg * 2 * (132 + 6 * DETECTOR_WARNINGS_PER_HOLD);
}
