// Prints the size of a full phone history (HISTORY_LIMITS.maxEntries sessions), typical and worst
// case, for docs/data-safety.md: npx tsx test/support/history-size.ts
import { DEFAULT_ROUTINE } from "../../common/routine";
import { serializeHistory, HISTORY_LIMITS } from "../../common/history-store";
import { SessionResult } from "../../common/result";
const worst = { ...DEFAULT_ROUTINE, repsPerLeg: 5, holdSeconds: 60 };
const typical = DEFAULT_ROUTINE;
function session(i: number, routine: typeof DEFAULT_ROUTINE, bounces: number): SessionResult {
  const holds = [];
  for (const leg of ["left", "right"] as const)
    for (let rep = 1; rep <= routine.repsPerLeg; rep++)
      holds.push({
        leg,
        rep,
        targetSeconds: routine.holdSeconds,
        achievedMs: routine.holdSeconds * 1000 - 1,
        endedEarly: false,
        bounceAtMs: Array.from({ length: bounces }, (_, k) => routine.holdSeconds * 1000 - 1 - k),
        steadiness: 100,
        bouncingMs: 0,
      });
  return {
    id: "mjuq8w00-" + (1000 + i).toString(36),
    startedAt: 1767225600000 + i * 28800000,
    endedAt: 1767225600000 + i * 28800000 + 3600000,
    completed: true,
    routine,
    holds,
    utcOffsetMinutes: -720,
  };
}
const n = HISTORY_LIMITS.maxEntries;
const t = serializeHistory(Array.from({ length: n }, (_, i) => session(i, typical, 0)));
const w = serializeHistory(Array.from({ length: n }, (_, i) => session(i, worst, 100)));
console.log(
  `history of ${n} sessions: typical (3 × 30 s, no bounce warnings) ${t.length} characters; worst case (5 × 60 s, 100 bounce warnings per hold) ${w.length} characters`,
);
