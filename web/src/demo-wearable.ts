// "Try it with a simulated watch": the wearable side of the profile, running in the page.
// The session engine (common/session.ts) plays the routine; modelled holds (model/holds.ts) feed
// the bounce detector (common/bounce.ts) sample by sample as the hold's time passes; results are
// stored as profile records and served by the shared peripheral logic (common/gatt-peripheral.ts).
// Nothing here touches the DOM: the same class runs in Node for the unit tests.
import { BounceDetector } from "../../common/bounce";
import { GattPeripheral, PeripheralHost, applySessionCommand, liveFieldsOf } from "../../common/gatt-peripheral";
import { SessionCommand, encodeResultRecord } from "../../common/gatt-profile";
import { makeSessionId } from "../../common/result";
import { DEFAULT_ROUTINE, Routine, copyRoutine } from "../../common/routine";
import { SessionEvent, SessionState, Step, isSessionActive, newSession, reduceSession } from "../../common/session";
import { GeneratedHold, HoldKind, generateHold } from "../../model/holds";
import { GattPeripheralBackend } from "./peripheral-backend";

export interface DemoClock {
  now(): number;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  /** Minutes east of UTC at `ms`. */
  utcOffsetMinutes(ms: number): number;
}

export const BROWSER_CLOCK: DemoClock = {
  now: () => Date.now(),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
  utcOffsetMinutes: (ms) => -new Date(ms).getTimezoneOffset(),
};

/** The engine and the detector advance in steps this long while a session runs. */
export const DEMO_STEP_MS = 100;
/** The live state shows "bouncing now" this long after a warning. */
const BOUNCING_SHOWN_MS = 1500;
/** Accelerometer rate of the modelled watch. */
const DEMO_SAMPLE_HZ = 25;

export class DemoWearable implements PeripheralHost {
  readonly peripheral: GattPeripheral;
  readonly backend: GattPeripheralBackend;
  private routineInForce: Routine = copyRoutine(DEFAULT_ROUTINE);
  private session: SessionState | null = null;
  private records: { id: string; bytes: Uint8Array }[] = [];
  private timer: unknown = null;
  private detector = new BounceDetector(DEFAULT_ROUTINE.sensitivity);
  private hold: GeneratedHold | null = null;
  private holdIndex = -1;
  private sampleIndex = 0;
  private lastWarningAt = -Infinity;
  private lastSteadiness = -1;
  private lastBouncingMs = 0;
  private bounceNext = false;
  private seed: number;
  private clockOffsetMinutes: number | null = null;
  readonly logLines: string[] = [];

  constructor(
    private readonly clock: DemoClock = BROWSER_CLOCK,
    seed = 1,
  ) {
    this.seed = seed;
    this.peripheral = new GattPeripheral(this);
    this.backend = new GattPeripheralBackend(this.peripheral, () => this.clock.now());
  }

  /** The next hold the user starts will be a bouncing one (the detector should warn). */
  bounceNextHold(): void {
    this.bounceNext = true;
  }

  get willBounce(): boolean {
    return this.bounceNext;
  }

  get storedResults(): number {
    return this.records.length;
  }

  /** Stops the engine's timer (page closed, demo left). */
  dispose(): void {
    this.stopTimer();
  }

  // ---- PeripheralHost

  resultIds(): string[] {
    return this.records.map((r) => r.id);
  }

  readResult(id: string): Uint8Array | null {
    for (const r of this.records) if (r.id === id) return r.bytes;
    return null;
  }

  deleteResult(id: string): void {
    this.records = this.records.filter((r) => r.id !== id);
  }

  setAsideResult(id: string, reason: string): void {
    this.log("result " + id + " set aside: " + reason);
    this.deleteResult(id);
  }

  routine(): Routine {
    return this.routineInForce;
  }

  setRoutine(routine: Routine): void {
    this.routineInForce = copyRoutine(routine);
    if (this.session === null || !isSessionActive(this.session)) this.updateLive();
  }

  /** The profile's rules (applySessionCommand), as on the Bangle.js app: e.g. PAUSE after the session ran out is refused. */
  control(command: SessionCommand, nowMs: number): number {
    const outcome = applySessionCommand(this.session, command, nowMs, () =>
      newSession(this.routineInForce, makeSessionId(nowMs, Math.random())),
    );
    if (outcome.step === null) return outcome.code;
    if (command === "start") this.detector.reset(this.routineInForce.sensitivity);
    this.applyStep(outcome.step);
    if (command === "start") this.startTimer();
    return outcome.code;
  }

  setClock(_nowMs: number, utcOffsetMinutes: number): void {
    // The page's clock is this device's clock already; only the offset is kept for the records.
    this.clockOffsetMinutes = utcOffsetMinutes;
  }

  log(message: string): void {
    this.logLines.push(message);
    if (this.logLines.length > 200) this.logLines.shift();
  }

  // ---- engine

  /** One engine step at the current time: phases advance, the detector takes the hold's new samples. */
  step(): void {
    const now = this.clock.now();
    if (this.session === null) return;
    this.apply({ type: "tick" }, now);
    this.feedDetector(now);
    if (!isSessionActive(this.session)) this.stopTimer();
  }

  private apply(event: SessionEvent, nowMs: number): void {
    if (this.session === null) return;
    this.applyStep(reduceSession(this.session, event, nowMs));
  }

  private applyStep(step: Step): void {
    this.session = step.state;
    const result = step.result;
    if (result !== null) {
      result.utcOffsetMinutes =
        this.clockOffsetMinutes !== null ? this.clockOffsetMinutes : this.clock.utcOffsetMinutes(result.startedAt);
      const record = encodeResultRecord(result);
      if (record.ok) {
        this.records.push({ id: result.id, bytes: record.value });
        this.peripheral.resultsChanged();
      } else this.log("result " + result.id + " not stored: " + record.reason);
    }
    this.updateLive();
  }

  /** Starts a modelled hold when the engine has entered a new one; pushes the samples that are due. */
  private feedDetector(now: number): void {
    const s = this.session;
    if (s === null || s.phase !== "hold" || s.pausedAt >= 0) return;
    if (s.holds.length - 1 !== this.holdIndex) this.beginHold(s);
    const hold = this.hold as GeneratedHold;
    const heldMs = now - s.phaseStartedAt;
    let warned = false;
    while (this.sampleIndex < hold.t.length && hold.t[this.sampleIndex] <= heldMs) {
      const i = this.sampleIndex++;
      if (this.detector.push(hold.t[i], hold.x[i], hold.y[i], hold.z[i])) warned = true;
    }
    if (warned) {
      this.lastWarningAt = now;
      this.apply({ type: "bounce" }, now);
    }
    const score = this.detector.steadiness();
    const bouncingMs = Math.round(this.detector.bouncingMs());
    if ((score !== this.lastSteadiness && score >= 0) || bouncingMs !== this.lastBouncingMs) {
      // As on the watch: the score and the hold's bouncing time go to the engine only when they change.
      this.lastSteadiness = score;
      this.lastBouncingMs = bouncingMs;
      this.apply({ type: "steadiness", score, bouncingMs }, now);
    } else {
      this.updateLive();
    }
  }

  private beginHold(s: SessionState): void {
    this.holdIndex = s.holds.length - 1;
    const kind: HoldKind = this.bounceNext ? "bounce-all" : "steady";
    this.bounceNext = false;
    this.seed++;
    this.hold = generateHold(this.seed, { kind, fsHz: DEMO_SAMPLE_HZ, durationMs: s.routine.holdSeconds * 1000 });
    this.sampleIndex = 0;
    this.lastSteadiness = -1;
    this.lastBouncingMs = 0;
    this.detector.reset(s.routine.sensitivity);
  }

  private updateLive(): void {
    const now = this.clock.now();
    const bouncingNow = now - this.lastWarningAt < BOUNCING_SHOWN_MS;
    const fields = liveFieldsOf(this.session, this.routineInForce, now, {
      bouncingNow,
      steadiness: this.lastSteadiness,
    });
    if (this.peripheral.setLive(fields)) this.backend.notify(["live"]);
  }

  private startTimer(): void {
    this.stopTimer();
    this.holdIndex = -1;
    this.timer = this.clock.setInterval(() => this.step(), DEMO_STEP_MS);
  }

  private stopTimer(): void {
    if (this.timer !== null) this.clock.clearInterval(this.timer);
    this.timer = null;
  }
}
