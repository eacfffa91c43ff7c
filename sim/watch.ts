// One run of the watch app: a realm with fakes of the Fitbit device modules, bound to the
// watch's persistent state (files, received files) that outlives the run.
import { AppHost } from "./host";
import { cborModule, decodeCbor, encodeCbor } from "./cbor";
import { FakeEventTarget, makeEvent } from "./events";
import { Transfer, TransferState } from "./link";
import { HoldMotion } from "./motion";
import { Realm, bytesOf } from "./realm";
import { SideClock, WatchStorageFaults } from "./faults";
import { FakeDocument, FakeElement, ViewFiles } from "./watch-document";

/** The watch of each build target: `device.me.modelName` and screen size. */
const MODELS: Record<string, { name: string; width: number; height: number }> = {
  atlas: { name: "Versa 3", width: 336, height: 336 },
  vulcan: { name: "Sense", width: 336, height: 336 },
  mira: { name: "Versa 2", width: 300, height: 300 },
  meson: { name: "Versa", width: 300, height: 300 },
  gemini: { name: "Versa Lite", width: 300, height: 300 },
  higgs: { name: "Ionic", width: 348, height: 250 },
};

export const VIBRATION_PATTERNS = [
  "alert",
  "bump",
  "confirmation",
  "confirmation-max",
  "nudge",
  "nudge-max",
  "ping",
  "ring",
];
/** The OS closes an app after this long without a tap or button press (appbit docs). */
export const APP_TIMEOUT_MS = 2 * 60 * 1000;
const FILE_PREFIX = /^\/private\/data\//;

export interface WatchState {
  /** The app's files (fs), by name. */
  files: Map<string, Uint8Array>;
  /** Files the phone sent that the app has not taken with `inbox.nextFile()` yet. */
  inbox: Array<{ name: string; bytes: Uint8Array }>;
  /** Power loss and failing writes (sim/faults.ts); they outlive app runs. */
  faults: WatchStorageFaults;
}

export interface WatchHost extends AppHost {
  screenTimeoutMs: number;
  target: string;
  state: WatchState;
  /** The watch's wall clock and time zone. */
  wallClock: SideClock;
  /** The motion of the hold the watch is in now (chosen when the first sample is due). */
  motionForCurrentHold(): HoldMotion;
  /** The hold the watch is in now, named like HoldMotion.hold. */
  currentHold(): string;
  /** The app is gone: `reason` is "exit", "back" or "timeout". */
  onExit(reason: string): void;
}

export class WatchApp {
  readonly realm: Realm;
  readonly owner: string;
  readonly document: FakeDocument;
  readonly display: FakeDisplay;
  readonly appbit: FakeAppbit;
  readonly inbox: FakeWatchInbox;
  private readonly modules: Record<string, Record<string, unknown>>;
  private lastInteraction: number;
  private timeoutId = -1;

  constructor(
    private readonly host: WatchHost,
    generation: number,
    views: ViewFiles,
    readonly launchArguments: unknown,
  ) {
    this.owner = "watch#" + generation;
    this.realm = new Realm({
      clock: host.clock,
      owner: this.owner,
      jitterMs: host.jitterMs,
      random: host.random,
      // Code that is still running when the power goes dies with the app: what it throws then is not an app error.
      invoke: (what, fn) =>
        host.invoke("watch", what, () => {
          try {
            fn();
          } catch (e) {
            if (this.realm.alive) throw e;
          }
        }),
      log: (level, text) => host.log(level, text),
      wallTime: () => host.wallClock.now(),
      timezoneOffset: () => host.wallClock.timezoneOffset(),
      globals: {
        requestAnimationFrame: (fn: (t: number) => void) => this.realm.context.setTimeout(() => fn(host.clock.now), 16),
        cancelAnimationFrame: (handle: number) => this.realm.context.clearTimeout(handle),
      },
    });
    this.lastInteraction = host.clock.now;
    this.document = new FakeDocument(this.realm, views);
    this.display = new FakeDisplay(this.realm, host, this.owner);
    this.appbit = new FakeAppbit(this.realm, this);
    this.inbox = new FakeWatchInbox(this.realm, host.state);
    const realm = this.realm;
    const clockModule = new FakeClock(realm, host, this.owner, this.display);
    const vibration = {
      start: (pattern: unknown): boolean => {
        if (typeof pattern !== "string" || VIBRATION_PATTERNS.indexOf(pattern) < 0) {
          throw new realm.intrinsics.TypeError(`Invalid vibration pattern: ${String(pattern)}`);
        }
        host.record({ type: "vibrate", pattern });
        return true;
      },
      stop: (): void => undefined,
    };
    const P = realm.intrinsics.Promise;
    const outbox = {
      enqueue: (name: unknown, data: unknown) => {
        const bytes = bytesOf(data);
        if (!realm.alive) return new P(() => undefined); // the power is gone: nothing is queued
        if (typeof name !== "string" || name === "")
          return P.reject(new realm.intrinsics.TypeError("outbox.enqueue: name must be a non-empty string"));
        if (bytes === null)
          return P.reject(
            new realm.intrinsics.TypeError("outbox.enqueue: data must be an ArrayBuffer or a typed array"),
          );
        return P.resolve(this.sendFile(name, bytes));
      },
      enqueueFile: (file: unknown, name?: unknown) => {
        const stored = typeof file === "string" ? host.state.files.get(file.replace(FILE_PREFIX, "")) : undefined;
        if (stored === undefined)
          return P.reject(new realm.intrinsics.Error(`outbox.enqueueFile: no such file ${String(file)}`));
        return P.resolve(
          this.sendFile(typeof name === "string" ? name : String(file).replace(FILE_PREFIX, ""), stored),
        );
      },
      enumerate: () => P.resolve(realm.adopt([]) as unknown[]),
    };
    this.modules = {
      // Modules with a default export are ES modules, as on the watch: SDK 4.3.2 bundles read the
      // default through an interop helper that checks __esModule (SDK 6.1 reads .default directly).
      document: { __esModule: true, default: this.document },
      haptics: { vibration },
      accelerometer: { Accelerometer: makeAccelerometerClass(realm, host, this.owner) },
      display: { display: this.display },
      appbit: { me: this.appbit },
      clock: { __esModule: true, default: clockModule },
      fs: makeFs(realm, host.state, host.wallClock),
      "file-transfer": { inbox: this.inbox, outbox },
      messaging: { peerSocket: host.messaging.socketFor(realm) },
      cbor: cborModule(realm),
      device: {
        me: realm.adopt({
          modelName: (MODELS[host.target] ?? MODELS.atlas).name,
          modelId: "sim-" + host.target,
          type: host.target,
          screen: {
            width: (MODELS[host.target] ?? MODELS.atlas).width,
            height: (MODELS[host.target] ?? MODELS.atlas).height,
          },
          bodyColor: "black",
          firmwareVersion: "simulated",
        }),
      },
      "user-settings": realm.adopt({
        preferences: { clockDisplay: "24h", firstDayOfWeek: 1 },
        locale: { language: "en-US" },
        units: {
          bodyWeight: "metric",
          distance: "metric",
          height: "metric",
          speed: "metric",
          temperature: "C",
          volume: "metric",
          weight: "metric",
        },
        exercise: { poolLength: 25 },
      }) as Record<string, unknown>,
      power: {
        battery: Object.assign(new FakeEventTarget(realm), { chargeLevel: 80, charging: false, timeUntilFull: 0 }),
        charger: Object.assign(new FakeEventTarget(realm), { connected: false, powerIsGood: undefined }),
      },
    };
  }

  /** `require` inside the bundle: only modules the simulator fakes; any other name is a clear error. */
  require(name: string): unknown {
    const module = this.modules[name];
    if (module === undefined) {
      throw this.host.gap(`the watch app requires module "${name}", which the simulator does not provide`);
    }
    return guardModule(name, module, (message) => this.host.gap(message));
  }

  start(code: string): void {
    this.armAppTimeout();
    this.realm.call("app/index.js", () => this.realm.runCommonJs(code, "app/index.js", (name) => this.require(name)));
  }

  private sendFile(name: string, bytes: Uint8Array): unknown {
    const realm = this.realm;
    const handle = new FakeFileTransfer(realm, name);
    const transfer: Transfer = {
      direction: "watch-to-phone",
      name,
      bytes,
      state: "pending",
      onState: (state: TransferState) => handle.setState(state),
    };
    handle.cancel = () => this.host.link.cancel(transfer);
    this.host.link.send(transfer);
    return handle;
  }

  /** A user's tap or button press: it keeps the app alive and wakes the screen. */
  private interaction(): void {
    this.lastInteraction = this.host.clock.now;
    this.armAppTimeout();
  }

  armAppTimeout(): void {
    if (this.timeoutId >= 0) this.host.clock.cancel(this.timeoutId);
    this.timeoutId = -1;
    if (!this.appbit.appTimeoutEnabled) return;
    this.timeoutId = this.host.clock.schedule(this.lastInteraction + APP_TIMEOUT_MS, this.owner, () => {
      this.timeoutId = -1;
      this.exit("timeout");
    });
  }

  /** Taps element `id`. Returns what happened, for the timeline. */
  tap(id: string): "delivered" | "hidden" | "woke-screen" {
    const element = this.document.getElementById(id) as FakeElement;
    this.interaction();
    if (!this.display.on) {
      this.display.wake();
      return "woke-screen";
    }
    this.display.interacted();
    if (!element.isVisible()) return "hidden";
    const box = element.getBBox();
    element.bubble(
      makeEvent("click", element, { screenX: box.x + box.width / 2, screenY: box.y + box.height / 2 }),
      this.document,
    );
    return "delivered";
  }

  /** Presses a physical button; an unhandled back press closes the app, as on the watch. */
  key(key: "back" | "up" | "down"): "delivered" | "woke-screen" | "exited" {
    this.interaction();
    if (!this.display.on) {
      this.display.wake();
      return "woke-screen";
    }
    this.display.interacted();
    this.document.emit("keydown", { key });
    const press = this.document.emit("keypress", { key });
    this.document.emit("keyup", { key });
    if (key === "back" && !press.defaultPrevented && this.realm.alive) {
      this.exit("back");
      return "exited";
    }
    return "delivered";
  }

  /** The app closes itself or is closed by the OS: `unload` runs first. */
  exit(reason: string): void {
    if (!this.realm.alive) return;
    this.appbit.emit("unload");
    this.document.emit("unload");
    this.kill();
    this.host.onExit(reason);
  }

  /** Gone at once, without `unload` (a crash or the OS reclaiming memory). */
  kill(): void {
    this.realm.kill();
  }

  fileArrived(): void {
    this.inbox.emit("newfile");
  }
}

function guardModule(
  name: string,
  module: Record<string, unknown>,
  gap: (message: string) => Error,
): Record<string, unknown> {
  return new Proxy(module, {
    get(target, property) {
      if (typeof property === "symbol" || property in target || property === "__esModule" || property === "then") {
        return (target as Record<string | symbol, unknown>)[property];
      }
      throw gap(`the watch app uses ${name}.${String(property)}, which the simulator does not provide`);
    },
  });
}

class FakeFileTransfer extends FakeEventTarget {
  readyState: TransferState = "pending";
  cancel: () => void = () => undefined;

  constructor(
    realm: Realm,
    readonly name: string,
  ) {
    super(realm);
  }

  setState(state: TransferState): void {
    this.readyState = state;
    this.emit("change");
  }
}

class FakeWatchInbox extends FakeEventTarget {
  constructor(
    realm: Realm,
    private readonly state: WatchState,
  ) {
    super(realm);
  }

  /** Moves the next received file into the app's files and returns its name. */
  nextFile(name?: string): string | undefined {
    const i = name === undefined ? 0 : this.state.inbox.findIndex((f) => f.name === name);
    if (i < 0 || i >= this.state.inbox.length) return undefined;
    const [file] = this.state.inbox.splice(i, 1);
    this.state.files.set(file.name, file.bytes);
    return file.name;
  }
}

export class FakeDisplay extends FakeEventTarget {
  private isOn = true;
  private autoOffValue = true;
  private offTimer = -1;
  readonly aodAvailable = false;
  readonly aodEnabled = false;
  readonly aodActive = false;
  aodAllowed = false;
  brightnessOverride: string | undefined = undefined;

  constructor(
    realm: Realm,
    private readonly host: WatchHost,
    private readonly owner: string,
  ) {
    super(realm);
    this.armOff();
  }

  get on(): boolean {
    return this.isOn;
  }
  set on(value: boolean) {
    this.setOn(Boolean(value));
    if (value) this.armOff();
  }
  get autoOff(): boolean {
    return this.autoOffValue;
  }
  set autoOff(value: boolean) {
    this.autoOffValue = Boolean(value);
    this.armOff();
  }
  poke(): void {
    this.setOn(true);
    this.armOff();
  }

  /** Wrist raise or a button press while dark. */
  wake(): void {
    this.poke();
  }

  interacted(): void {
    this.armOff();
  }

  private setOn(on: boolean): void {
    if (this.isOn === on) return;
    this.isOn = on;
    this.host.record({ type: "screen", on });
    this.emit("change");
  }

  private armOff(): void {
    if (this.offTimer >= 0) this.host.clock.cancel(this.offTimer);
    this.offTimer = -1;
    if (!this.autoOffValue || !this.isOn) return;
    this.offTimer = this.host.clock.schedule(this.host.clock.now + this.host.screenTimeoutMs, this.owner, () => {
      this.offTimer = -1;
      this.setOn(false);
    });
  }
}

class FakeAppbit extends FakeEventTarget {
  readonly applicationId = "5c1e7a3e-4b8f-4f0e-9d0a-2f6f1c9b7a11";
  readonly buildId = "simulated";
  readonly permissions = { granted: () => true };
  private timeoutEnabled = true;

  constructor(
    realm: Realm,
    private readonly app: WatchApp,
  ) {
    super(realm);
  }

  get launchArguments(): unknown {
    return this.app.launchArguments;
  }
  get appTimeoutEnabled(): boolean {
    return this.timeoutEnabled;
  }
  set appTimeoutEnabled(value: boolean) {
    this.timeoutEnabled = Boolean(value);
    this.app.armAppTimeout();
  }
  exit(): void {
    this.app.exit("exit");
  }
}

const GRANULARITY_MS: Record<string, number> = { seconds: 1000, minutes: 60000, hours: 3600000 };

/** `tick` on each second/minute/hour boundary of wall time, and only while the screen is on (as on the watch). */
class FakeClock extends FakeEventTarget {
  private value = "off";
  private timer = -1;

  constructor(
    realm: Realm,
    private readonly host: WatchHost,
    private readonly owner: string,
    private readonly display: FakeDisplay,
  ) {
    super(realm);
    display.addEventListener("change", () => this.arm());
  }

  get granularity(): string {
    return this.value;
  }
  set granularity(value: string) {
    this.value = value;
    this.arm();
    // The watch delivers a first tick right away when ticks are switched on.
    if (GRANULARITY_MS[value] && this.display.on)
      this.host.clock.schedule(this.host.clock.now, this.owner, () => this.tick());
  }

  private tick(): void {
    this.emit("tick", { date: new this.realm.intrinsics.Date(this.host.wallClock.now()) });
  }

  private arm(): void {
    if (this.timer >= 0) this.host.clock.cancel(this.timer);
    this.timer = -1;
    const period = GRANULARITY_MS[this.value];
    if (!period || !this.display.on) return;
    const wall = this.host.wallClock.now();
    const next = this.host.clock.now + (period - (wall % period));
    this.timer = this.host.clock.schedule(next, this.owner, () => {
      this.timer = -1;
      this.tick();
      this.arm();
    });
  }
}

function makeAccelerometerClass(realm: Realm, host: WatchHost, owner: string): unknown {
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

/**
 * The device `fs` over the watch's files, with the storage faults of sim/faults.ts: a write can
 * fail (nothing changes, the call throws) or the power can go during it (the file is torn or left
 * as it was, and the app dies). After the power is gone nothing reaches the files any more.
 */
function makeFs(realm: Realm, state: WatchState, wallClock: SideClock): Record<string, unknown> {
  const files = state.files;
  const faults = state.faults;
  const mtimes = new Map<string, number>();
  const E = realm.intrinsics.Error;
  const fileName = (name: unknown): string => {
    if (typeof name !== "string" || name === "")
      throw new realm.intrinsics.TypeError("fs: file name must be a non-empty string");
    return name.replace(FILE_PREFIX, "");
  };
  const alive = (): void => {
    if (!realm.alive) throw new E("fs: the device is off");
  };
  const read = (name: unknown): Uint8Array => {
    alive();
    const key = fileName(name);
    const bytes = files.get(key);
    if (bytes === undefined) throw new E(`Couldn't find file: ${key}`);
    return bytes;
  };
  const set = (key: string, bytes: Uint8Array) => {
    files.set(key, bytes);
    mtimes.set(key, wallClock.now());
  };
  const write = (key: string, bytes: Uint8Array) => {
    alive();
    const failure = faults.writeFailure(key);
    if (failure !== null) throw new E(`${failure}: ${key}`);
    const loss = faults.powerLossDuring("write", key);
    if (loss !== null) {
      if (loss.mode === "torn")
        set(
          key,
          bytes.slice(0, Math.max(0, Math.min(bytes.length - 1, loss.tornAtByte ?? Math.floor(bytes.length / 2)))),
        );
      throw new E("power lost");
    }
    set(key, bytes);
  };
  /** A rename or delete: during a power loss it is simply not done. */
  const change = (operation: string, key: string, apply: () => void) => {
    if (faults.powerLossDuring(operation, key) !== null) throw new E("power lost");
    apply();
  };
  return {
    existsSync: (name: unknown) => {
      alive();
      return files.has(fileName(name));
    },
    writeFileSync: (name: unknown, data: unknown, encoding?: unknown) => {
      const key = fileName(name);
      if (encoding === "cbor") return write(key, encodeCbor(data));
      if (encoding === "json") return write(key, new TextEncoder().encode(JSON.stringify(data)));
      if (encoding === "utf-8" || encoding === "ascii") {
        if (typeof data !== "string")
          throw new realm.intrinsics.TypeError(`fs.writeFileSync: ${encoding} data must be a string`);
        return write(key, new TextEncoder().encode(data));
      }
      if (encoding !== undefined)
        throw new realm.intrinsics.TypeError(`fs.writeFileSync: unknown encoding ${String(encoding)}`);
      const bytes = bytesOf(data);
      if (bytes === null)
        throw new realm.intrinsics.TypeError(
          "fs.writeFileSync: data must be an ArrayBuffer or a typed array without an encoding",
        );
      write(key, bytes);
    },
    readFileSync: (name: unknown, encoding?: unknown) => {
      const bytes = read(name);
      if (encoding === "cbor") {
        try {
          return realm.adopt(decodeCbor(bytes));
        } catch {
          throw new E(`Invalid CBOR in file ${fileName(name)}`);
        }
      }
      if (encoding === "json") {
        try {
          return realm.adopt(JSON.parse(new TextDecoder().decode(bytes)));
        } catch {
          throw new E(`Invalid JSON in file ${fileName(name)}`);
        }
      }
      if (encoding === "utf-8" || encoding === "ascii") return new TextDecoder().decode(bytes);
      if (encoding !== undefined)
        throw new realm.intrinsics.TypeError(`fs.readFileSync: unknown encoding ${String(encoding)}`);
      return realm.arrayBuffer(bytes);
    },
    // Replaces an existing target, as rename does on the device's POSIX-like file system.
    renameSync: (from: unknown, to: unknown) => {
      const bytes = read(from);
      const target = fileName(to);
      change("rename", target, () => {
        files.delete(fileName(from));
        set(target, bytes);
      });
    },
    unlinkSync: (name: unknown) => {
      read(name);
      const key = fileName(name);
      change("delete", key, () => files.delete(key));
    },
    statSync: (name: unknown) => {
      const bytes = read(name);
      return realm.adopt({ size: bytes.length, mtime: new Date(mtimes.get(fileName(name)) ?? wallClock.now()) });
    },
    listDirSync: (path: unknown) => {
      alive();
      if (path !== "/private/data" && path !== "/private/data/")
        throw new E(`Couldn't open directory: ${String(path)}`);
      const names = [...files.keys()];
      let i = 0;
      return { next: () => (i < names.length ? { done: false, value: names[i++] } : { done: true, value: undefined }) };
    },
  };
}
