// Names the buzzes a Bangle app made: each cue of the app's table (wearables/bangle/src/cue-table.ts)
// starts with a buzz of its own length and strength, and its later steps follow at known offsets.
import type { Cue } from "../../common/session";
import { CUE_BUZZ } from "../../wearables/bangle/src/cue-table";
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
  let expected: { at: number; ms: number; strength: number }[] = [];
  for (const b of buzzes) {
    const next = expected[0];
    if (next !== undefined && Math.abs(b.t - next.at) <= toleranceMs && b.ms === next.ms && b.strength === next.strength) {
      expected.shift();
      continue;
    }
    const cue = CUES.find((c) => CUE_BUZZ[c].steps[0] === b.ms && CUE_BUZZ[c].strength === b.strength);
    if (cue === undefined) throw new Error(`buzz of ${b.ms} ms at strength ${b.strength} (t=${b.t}) is no cue's`);
    out.push({ t: b.t, cue });
    const steps = CUE_BUZZ[cue].steps;
    expected = [];
    let at = b.t;
    for (let i = 2; i < steps.length; i += 2) {
      at += steps[i - 2] + steps[i - 1];
      expected.push({ at, ms: steps[i], strength: CUE_BUZZ[cue].strength });
    }
  }
  return out;
}
