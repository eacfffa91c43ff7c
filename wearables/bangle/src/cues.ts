// Plays the session's cues (the buzz table is common/cue-buzz.ts). Never two at once: a new cue cuts the
// running sequence, and a cue less important than one played under a second ago is dropped (it
// would blur into it) — the same rule as the Fitbit app.
import { CUE_PRIORITY, Cue } from "../../../common/session";
import { BuzzPattern, CUE_BUZZ } from "../../../common/cue-buzz";

const QUIET_AFTER_MS = 1000;

let lastRank = CUE_PRIORITY.length;
let lastAt = -QUIET_AFTER_MS;
let stepTimer = 0;

function playStep(pattern: BuzzPattern, index: number): void {
  stepTimer = 0;
  const on = pattern.steps[index];
  Bangle.buzz(on, pattern.strength);
  if (index + 2 < pattern.steps.length) {
    stepTimer = setTimeout(() => playStep(pattern, index + 2), on + pattern.steps[index + 1]);
  }
}

/** Plays `cue` now (`nowMs` is the engine's clock). */
export function playCue(cue: Cue, nowMs: number): void {
  const rank = CUE_PRIORITY.indexOf(cue);
  // Before lastAt: the clock went back unseen (moveCueClock moves it with every jump the app sees).
  if (nowMs >= lastAt && nowMs - lastAt < QUIET_AFTER_MS && rank > lastRank) return;
  if (stepTimer) clearTimeout(stepTimer);
  lastRank = rank;
  lastAt = nowMs;
  // Screen on and unlocked: a glance shows what the buzz meant, and a tap reaches the app.
  Bangle.setLCDPower(true);
  Bangle.setLocked(false);
  playStep(CUE_BUZZ[cue], 0);
}

/**
 * The clock was set and moved by `deltaMs` (runner.ts moveSession): the last cue's time moves with it,
 * or a clock set back would keep "under a second ago" for as long as it went back and drop every
 * lesser cue (a hold's start buzz) until then.
 */
export function moveCueClock(deltaMs: number): void {
  lastAt += deltaMs;
}
