// The accelerometer during holds: batched samples go through ONE BounceDetector (no allocation per
// sample); a warning becomes a "bounce" event, and each batch refreshes the steadiness score and the
// hold's time spent bouncing. Every hold starts the detector afresh, whether or not the sensor was
// already on (back-to-back holds with no rest keep it running).
import { Accelerometer } from "accelerometer";
import { BounceDetector } from "../common/bounce";
import { Sensitivity } from "../common/routine-shape";
import { SessionEvent } from "../common/session";

const FREQUENCY_HZ = 25;
// 0.4 s batches: a bounce warning reaches the wrist at most 0.4 s after the detector fires.
const BATCH = 10;

/** The one detector, made as the session part loads; each hold resets it. */
const detector = new BounceDetector("normal");
let sensor: Accelerometer | null = null;
// Steadiness changes slowly; only a new score (or bouncing time) is worth a pass through the engine and a redraw.
let lastReport = -1;

/** Hands each batch's events to the session part's `dispatch` (set up with the sensor). */
let dispatchEvent: (event: SessionEvent) => void;

/**
 * Each batch becomes at most one "bounce" event and, when the score or the bouncing time changed,
 * one "steadiness" event.
 */
function onReading(): void {
  // fitbit-sdk-types types the batch as nullable arrays; at run time they are Float32Arrays.
  const r = (sensor as Accelerometer).readings as unknown as {
    timestamp: Float32Array;
    x: Float32Array;
    y: Float32Array;
    z: Float32Array;
  };
  let warned = false;
  for (let i = 0; i < r.timestamp.length; i++) if (detector.push(r.timestamp[i], r.x[i], r.y[i], r.z[i])) warned = true;
  if (warned) dispatchEvent({ type: "bounce" });
  const score = detector.steadiness();
  const bouncingMs = detector.bouncingMs();
  // One number for both: the score is 0–100, the bouncing time a whole number of ms.
  const report = bouncingMs * 101 + score;
  if (score >= 0 && report !== lastReport) {
    lastReport = report;
    dispatchEvent({ type: "steadiness", score: score, bouncingMs: bouncingMs });
  }
}

/** Creates the sensor, once a session part's load; `endMotion` lets it go. */
export function setUpMotion(dispatch: (event: SessionEvent) => void): void {
  if (!Accelerometer) {
    console.warn("motion: no accelerometer"); // holds still run, without bounce warnings
    return;
  }
  dispatchEvent = dispatch;
  sensor = new Accelerometer({ frequency: FREQUENCY_HZ, batch: BATCH });
  sensor.addEventListener("reading", onReading);
}

/** The session is over: the sensor stops and keeps no listener of this part's code. */
export function endMotion(): void {
  stopMotion();
  if (sensor !== null) sensor.removeEventListener("reading", onReading);
  sensor = null;
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
