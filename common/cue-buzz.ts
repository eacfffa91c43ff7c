// The session's cues as Bangle.buzz sequences: one row per Cue of the engine's table
// (common/session.ts), each a distinct rhythm so the wrist can tell them apart without looking.
// Pure data (no Espruino globals): the Bangle app plays it, the fake runtime names the buzzes it sees.
import { Cue } from "./session";

export interface BuzzPattern {
  /** Motor strength 0–1. */
  strength: number;
  /** Alternating ms on, ms off, ms on, …; starts and ends with a buzz. Each buzz ≤ 5000 ms (firmware limit). */
  steps: number[];
}

/** Fitbit's pattern for the same cue in brackets: the rhythm mirrors its character. */
export const CUE_BUZZ: { [C in Cue]: BuzzPattern } = {
  // [nudge-max] one long firm buzz: the hold starts
  "hold-start": { strength: 1, steps: [400] },
  // [bump] one light tick per second of the countdown
  "last-seconds": { strength: 0.6, steps: [60] },
  // [confirmation-max] two firm buzzes: done, well held
  "hold-complete": { strength: 1, steps: [150, 100, 150] },
  // [alert] four quick sharp buzzes: you are bouncing
  bounce: { strength: 1, steps: [60, 60, 60, 60, 60, 60, 60] },
  // [ring] long-short-long: change legs
  "switch-legs": { strength: 0.8, steps: [300, 150, 100, 150, 300] },
  // [ping] a rising run of three: session over
  "session-done": { strength: 0.7, steps: [100, 120, 200, 120, 400] },
};
