// A routine's shape: its fields, their order in rows (saved sessions, wire messages) and the legs.
// Its own small module, so the watch's session part (app/parts.ts) needs nothing else of
// ./routine.ts. Pure and ES5-safe: the watch imports it.
export type Leg = "left" | "right";
export type Aid = "towel" | "band" | "none" | "seated";
export type Sensitivity = "low" | "normal" | "high";
export type LastSecondsCue = 0 | 3 | 5;

export interface Routine {
  firstLeg: Leg;
  repsPerLeg: number;
  holdSeconds: number;
  restSeconds: number;
  switchSeconds: number;
  getReadySeconds: number;
  lastSecondsCue: LastSecondsCue;
  aid: Aid;
  sensitivity: Sensitivity;
  dailyGoal: number;
}

export const ROUTINE_KEYS: Array<keyof Routine> = [
  "firstLeg",
  "repsPerLeg",
  "holdSeconds",
  "restSeconds",
  "switchSeconds",
  "getReadySeconds",
  "lastSecondsCue",
  "aid",
  "sensitivity",
  "dailyGoal",
];

export function otherLeg(leg: Leg): Leg {
  return leg === "left" ? "right" : "left";
}
