// The accelerometer during holds. Bangle.js 2 reports samples in g at the poll interval (80 ms,
// 12.5 Hz); with the firmware's powerSave option on, it drops to 800 ms after a minute without
// movement — and a still hold is exactly that. So during a hold powerSave is switched off and the
// interval pinned to 80 ms; afterwards the user's powerSave setting is restored (with it the
// firmware's own 80/800 ms switching, which needs the interval back at 80 ms).
// The rate and filter stay as Espruino sets up the KX023 (12.5 Hz, IIR low-pass at ODR/9), which the
// app undoes in software before the detector, as the benchmark measures 12.5 Hz (docs/bangle.md).
// Samples go into ONE BounceDetector: the handler allocates nothing.
import { BounceDetector, sensorInverseGain } from "../../../common/bounce";
import { Sensitivity } from "../../../common/routine";
import { wholeNow } from "./time";

const G = 9.80665; // m/s² per g: the detector works in m/s²
const POLL_MS = 80;
/** Steadiness changes slowly: refresh it once a second (every 12.5 samples), not per sample. */
const SAMPLES_PER_SCORE = 13;
/**
 * Events are queued by the firmware and may be handled in bursts (while the screen redraws), so the
 * detector gets each sample's nominal time: one poll interval after the last, unless the gap to the
 * wall clock shows samples were lost (then it restarts from now).
 */
const RESYNC_AFTER_MS = 600;
/** Undoes the KX023's ODR/9 low-pass: each axis goes in as y + k (y − y_prev). */
const UNDO_SENSOR_FILTER = sensorInverseGain(1 / 9);

const detector = new BounceDetector("normal");
let listening = false;
/** Sample time in ms since listening began: small numbers keep full precision in the detector's state. */
let sampleAt = 0;
let listeningSince = 0;
let count = 0;
let lastScore = -1;
let savedPowerSave: boolean | null = null;
let onBounce: () => void = () => undefined;
let lastBouncingMs = -1;
/** The previous reading per axis (g), for undoing the sensor's filter. */
let lastX = 0;
let lastY = 0;
let lastZ = 0;
let onSteadiness: (score: number, bouncingMs: number) => void = () => undefined;

function onAccel(a: AccelEvent): void {
  let now = wholeNow() - listeningSince;
  // The wall clock went back (set over the UART): the samples' time line goes on from where it was,
  // or the detector would drop every sample until the clock caught up with its last one.
  if (now < sampleAt) {
    listeningSince -= sampleAt + POLL_MS - now;
    now = sampleAt + POLL_MS;
  }
  const resync = sampleAt < 0 || now - sampleAt - POLL_MS > RESYNC_AFTER_MS;
  sampleAt = resync ? now : sampleAt + POLL_MS;
  // After a start or lost samples there is no previous reading to undo the filter with.
  if (resync) {
    lastX = a.x;
    lastY = a.y;
    lastZ = a.z;
  }
  const k = UNDO_SENSOR_FILTER;
  const x = a.x + k * (a.x - lastX);
  const y = a.y + k * (a.y - lastY);
  const z = a.z + k * (a.z - lastZ);
  lastX = a.x;
  lastY = a.y;
  lastZ = a.z;
  if (detector.push(sampleAt, x * G, y * G, z * G)) onBounce();
  if (++count % SAMPLES_PER_SCORE === 0) {
    const score = detector.steadiness();
    const bouncingMs = detector.bouncingMs();
    if (score >= 0 && (score !== lastScore || bouncingMs !== lastBouncingMs)) {
      lastScore = score;
      lastBouncingMs = bouncingMs;
      onSteadiness(score, bouncingMs);
    }
  }
}

/** The clock was set and moved by `deltaMs`: the detector's time line goes on without a jump. */
export function moveMotionClock(deltaMs: number): void {
  listeningSince += deltaMs;
}

/** The running hold's steadiness (0–100), -1 before a second of samples. */
export function currentSteadiness(): number {
  return listening ? detector.steadiness() : -1;
}

export function setUpMotion(bounce: () => void, steadiness: (score: number, bouncingMs: number) => void): void {
  onBounce = bounce;
  onSteadiness = steadiness;
}

/** Listens during a hold; a new hold (`fresh`) starts the detector over, a resumed one keeps its history. */
export function startMotion(sensitivity: Sensitivity, fresh: boolean): void {
  if (fresh) {
    carryIntoHold(sensitivity, 0, -1);
    listeningSince = wholeNow();
    sampleAt = -1;
  }
  if (listening) return;
  listening = true;
  sampleAt = -1; // a resumed hold goes on on the same time line; the gap restarts the detector's filters
  if (savedPowerSave === null) savedPowerSave = Bangle.getOptions().powerSave !== false;
  Bangle.setOptions({ powerSave: false });
  Bangle.setPollInterval(POLL_MS);
  Bangle.on("accel", onAccel);
}

/** Stops listening and gives the firmware back the user's power saving. */
export function stopMotion(): void {
  if (!listening) return;
  listening = false;
  Bangle.removeListener("accel", onAccel);
  Bangle.setPollInterval(POLL_MS);
  if (savedPowerSave !== null) Bangle.setOptions({ powerSave: savedPowerSave });
  savedPowerSave = null;
}

/**
 * Starts the detector over for the running hold, which already had `bouncingMs` and `score` (-1:
 * none): a hold resumed after the app was closed keeps its part before (this app has a new detector).
 */
export function carryIntoHold(sensitivity: Sensitivity, bouncingMs: number, score: number): void {
  detector.reset(sensitivity, bouncingMs, score);
  lastScore = -1;
  lastBouncingMs = -1;
}
