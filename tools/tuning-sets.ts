// The detector's tuning sets as the round tools (bench-latency, bench-reference, fit-bounce-scorer,
// bench-rhythm) generate them: the seeds no held-out figure uses, one base and one wide set per fold.
import { generateHoldSet, ModelEnvelope, sensorLowPassShare } from "../model/holds";
import { Samples, undoSensorLowPass } from "../model/detector-run";

export const BASE_SEEDS = [1, 3, 5, 7, 9, 11];
export const WIDE_SEEDS = [2, 4, 6, 8, 10, 12];
export const HOLDS_PER_SET = 390;

export type TuningHold = Omit<ReturnType<typeof generateHoldSet>[number], keyof Samples> &
  Samples & { envelope: ModelEnvelope; fold: number };

/**
 * The holds of the first `setCount` folds (base then wide in each), their samples with the
 * sensor's own low-pass undone (the detector runner filters them again as the watch would).
 */
export function tuningHolds(setCount: number): TuningHold[] {
  const holds: TuningHold[] = [];
  for (let fold = 0; fold < setCount; fold++)
    for (const [envelope, seed] of [
      ["base", BASE_SEEDS[fold]],
      ["wide", WIDE_SEEDS[fold]],
    ] as Array<[ModelEnvelope, number]>)
      for (const hold of generateHoldSet(seed, HOLDS_PER_SET, `${envelope}-${seed}`, envelope)) {
        const fed = undoSensorLowPass(hold, sensorLowPassShare(hold.sensorFilter));
        holds.push({ ...hold, ...fed, envelope, fold });
      }
  return holds;
}
