// The accelerometer during holds: batched samples go through ONE BounceDetector (no allocation per
// sample); a warning becomes a "bounce" event, and each batch refreshes the steadiness score and the
// hold's time spent bouncing. Every hold starts the detector afresh, whether or not the sensor was
// already on (back-to-back holds with no rest keep it running).
import { Accelerometer } from "accelerometer";
import { BounceDetector } from "../common/bounce";
import { Sensitivity } from "../common/routine";
import { SessionEvent } from "../common/session";

const FREQUENCY_HZ = 25;
// 0.4 s batches: a bounce warning reaches the wrist at most 0.4 s after the detector fires.
const BATCH = 10;

/** The one detector, made as the app starts (every launch sets up motion anyway); each hold resets it. */
const detector = new BounceDetector("normal");
let sensor: Accelerometer | null = null;
// Steadiness changes slowly; only a new score (or bouncing time) is worth a pass through the engine and a redraw.
let lastReport = -1;

/**
 * Creates the sensor once. Each batch becomes at most one "bounce" event and, when the score or
 * the bouncing time changed, one "steadiness" event, handed to `dispatch` (the session runner's).
 */
export function setUpMotion(dispatch: (event: SessionEvent) => void): void {
  if (!Accelerometer) {
    console.warn("motion: no accelerometer"); // holds still run, without bounce warnings
    return;
  }
  const s = new Accelerometer({ frequency: FREQUENCY_HZ, batch: BATCH });
  s.addEventListener("reading", () => {
    // fitbit-sdk-types types the batch as nullable arrays; at run time they are Float32Arrays.
    const r = s.readings as unknown as { timestamp: Float32Array; x: Float32Array; y: Float32Array; z: Float32Array };
    let warned = false;
    for (let i = 0; i < r.timestamp.length; i++)
      if (detector.push(r.timestamp[i], r.x[i], r.y[i], r.z[i])) warned = true;
    if (warned) dispatch({ type: "bounce" });
    const score = detector.steadiness();
    const bouncingMs = detector.bouncingMs();
    // One number for both: the score is 0–100, the bouncing time a whole number of ms.
    const report = bouncingMs * 101 + score;
    if (score >= 0 && report !== lastReport) {
      lastReport = report;
      dispatch({ type: "steadiness", score: score, bouncingMs: bouncingMs });
    }
  });
  sensor = s;
}

/**
 * Listens during a hold; a new hold (`fresh`) starts the detector over, a resumed one keeps its
 * history. Called at every hold start, also when the sensor is already on.
 */
export function startMotion(sensitivity: Sensitivity, fresh: boolean): void {
  if (fresh) carryIntoHold(sensitivity, 0, -1);
  if (sensor !== null && !sensor.activated) sensor.start(); // the sensor's own flag: no copy of it here
}

export function stopMotion(): void {
  if (sensor !== null && sensor.activated) sensor.stop();
}

/** Starts the detector over for the running hold, which already had `bouncingMs` and `score` (-1: none). */
export function carryIntoHold(sensitivity: Sensitivity, bouncingMs: number, score: number): void {
  detector.reset(sensitivity, bouncingMs, score);
  lastReport = -1;
}
