// Names the buzzes a Bangle app made: each cue of the app's table (common/cue-buzz.ts)
// starts with a buzz of its own length and strength, and its later steps follow at known offsets.
import type { Cue } from "../../common/session";
import { CUE_BUZZ } from "../../common/cue-buzz";
import type { Buzz } from "./runtime";

export interface CueAt {
  t: number;
  cue: Cue;
}

const CUES = Object.keys(CUE_BUZZ) as Cue[];
/** Timer slack when matching a later step of a sequence. */
const STEP_TOLERANCE_MS = 5;

/**
 * The cues behind a list of buzzes; a buzz that fits no cue is reported as an error. `toleranceMs`:
 * how late a later step of a sequence may come (a runtime that runs timers only every so often).
 */
export function cuesOf(buzzes: Buzz[], toleranceMs = STEP_TOLERANCE_MS): CueAt[] {
  const out: CueAt[] = [];
  // The running sequence: its strength, the steps still to come, and when the last buzz began.
  let running: { strength: number; steps: number[]; at: number; index: number } | null = null;
  for (const b of buzzes) {
    if (running !== null && running.index < running.steps.length) {
      // Each step is timed from the one before it (the app chains timers), so lateness does not add up.
      const expectedAt = running.at + running.steps[running.index - 2] + running.steps[running.index - 1];
      if (
        Math.abs(b.t - expectedAt) <= toleranceMs &&
        b.ms === running.steps[running.index] &&
        b.strength === running.strength
      ) {
        running.at = b.t;
        running.index += 2;
        continue;
      }
    }
    const cue = CUES.find((c) => CUE_BUZZ[c].steps[0] === b.ms && CUE_BUZZ[c].strength === b.strength);
    if (cue === undefined) throw new Error(`buzz of ${b.ms} ms at strength ${b.strength} (t=${b.t}) is no cue's`);
    out.push({ t: b.t, cue });
    running = { strength: CUE_BUZZ[cue].strength, steps: CUE_BUZZ[cue].steps, at: b.t, index: 2 };
  }
  return out;
}
