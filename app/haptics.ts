// Plays the session's cues. Never two at once: a new cue stops the running pattern first, and a
// cue less important than one played under a second ago is dropped (it would blur into it).
// Every cue wakes the screen so a glance shows what the buzz meant.
import { display } from "display";
import { vibration } from "haptics";
import { CUE_PRIORITY, Cue, PATTERN_BY_RANK } from "../common/session";

const QUIET_AFTER_MS = 1000;

// Until the first cue lastAt is too long ago for lastRank to matter (session time is never negative).
let lastRank = 0;
let lastAt = -QUIET_AFTER_MS;

export function playCue(cue: Cue, nowMs: number): void {
  display.poke();
  const rank = CUE_PRIORITY.indexOf(cue);
  if (nowMs - lastAt < QUIET_AFTER_MS && rank > lastRank) return;
  vibration.stop();
  vibration.start(PATTERN_BY_RANK[rank]);
  lastRank = rank;
  lastAt = nowMs;
}
