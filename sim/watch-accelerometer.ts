// The watch's `accelerometer` module: readings come from the scenario's motion for the hold the
// watch is in (WatchHost.motionForCurrentHold), batched as the app asked.
import { FakeEventTarget } from "./events";
import { HoldMotion } from "./motion";
import { Realm } from "./realm";
import { WatchHost } from "./watch-host";

export function makeAccelerometerClass(realm: Realm, host: WatchHost, owner: string): unknown {
  /** Batched readings from the scenario's motion for the running hold, at the motion's own sample times. */
  class Accelerometer extends FakeEventTarget {
    activated = false;
    x: number | null = null;
    y: number | null = null;
    z: number | null = null;
    timestamp: number | null = null;
    readings: { timestamp: Float32Array; x: Float32Array; y: Float32Array; z: Float32Array };
    private frequency: number;
    private batch: number;
    private timer = -1;
    private motion: HoldMotion | null = null;
    private next = 0;
    private startedAt = 0;

    constructor(options?: { frequency?: number; batch?: number }) {
      super(realm);
      const frequency = options?.frequency ?? 100;
      const batch = options?.batch ?? 1;
      if (typeof frequency !== "number" || !(frequency > 0) || frequency > 100) {
        throw new realm.intrinsics.RangeError(`Accelerometer: frequency must be in (0, 100], got ${String(frequency)}`);
      }
      if (typeof batch !== "number" || Math.floor(batch) !== batch || batch < 1) {
        throw new realm.intrinsics.RangeError(
          `Accelerometer: batch must be a positive whole number, got ${String(batch)}`,
        );
      }
      this.frequency = frequency;
      this.batch = batch;
      this.readings = this.emptyReadings();
    }

    private emptyReadings() {
      const F = realm.intrinsics.Float32Array;
      return { timestamp: new F(this.batch), x: new F(this.batch), y: new F(this.batch), z: new F(this.batch) };
    }

    setOptions(options: { frequency?: number }): void {
      if (options && typeof options.frequency === "number" && options.frequency > 0) this.frequency = options.frequency;
    }

    start(): void {
      if (this.activated) return;
      this.activated = true;
      this.motion = null;
      this.next = 0;
      this.startedAt = host.clock.now;
      host.clock.schedule(host.clock.now, owner, () => this.emit("activate"));
      this.armBatch();
    }

    stop(): void {
      this.activated = false;
      if (this.timer >= 0) host.clock.cancel(this.timer);
      this.timer = -1;
    }

    /** Sample times of the current motion; the motion is chosen once the watch's screen shows the hold. */
    private sampleTime(i: number): number {
      if (this.motion === null) return this.startedAt + (i + 1) * (1000 / this.frequency);
      return this.startedAt + this.motion.sample(i).t;
    }

    private armBatch(): void {
      const due = this.sampleTime(this.next + this.batch - 1);
      this.timer = host.clock.schedule(Math.max(due, host.clock.now), owner, () => this.deliver());
    }

    private deliver(): void {
      this.timer = -1;
      if (this.motion !== null && this.motion.hold !== host.currentHold()) {
        // A new hold with the sensor still on: its motion starts with this batch, one period after the last sample.
        this.startedAt = (this.timestamp ?? this.startedAt) + 1000 / this.frequency;
        this.next = 0;
        this.motion = null;
      }
      if (this.motion === null) this.motion = host.motionForCurrentHold();
      const r = this.emptyReadings();
      for (let k = 0; k < this.batch; k++) {
        const s = this.motion.sample(this.next + k);
        r.timestamp[k] = this.startedAt + s.t;
        r.x[k] = s.x;
        r.y[k] = s.y;
        r.z[k] = s.z;
      }
      this.next += this.batch;
      this.readings = r;
      const last = this.batch - 1;
      this.x = r.x[last];
      this.y = r.y[last];
      this.z = r.z[last];
      this.timestamp = r.timestamp[last];
      this.armBatch();
      this.emit("reading");
    }
  }
  return Accelerometer;
}
