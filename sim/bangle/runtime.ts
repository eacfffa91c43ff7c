// The project's own fake Bangle.js 2 runtime: runs the BUILT app (wearables/bangle/steadyhold.app.js)
// in a Node vm realm with the parts of Espruino 2v29 it uses — Bangle (events, buzz, poll interval and
// power saving as the firmware does them), g (drawing recorded, text readable), E, Storage (in
// memory, survives a reload), setWatch, timers on a virtual clock, and NRF services whose
// characteristics Node can read, write and subscribe to. The real firmware (../shared/bangle-emu)
// keeps it honest: tools/bangle-emu-check.ts runs the same file there and compares.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { makeRandom } from "../../model/random";
import { VirtualClock } from "../clock";
import { Realm, bytesOf } from "../realm";

/** The built app (tools/build-bangle.ts writes it; `npm run build` checks it is current). */

/** An event handler the app registered (called with whatever the event carries). */
type Listener = (...args: unknown[]) => unknown;
/** A setWatch on the button: the edges it asks for, and the pin's last change it has seen (s). */
interface ButtonWatch {
  fn: (e: unknown) => void;
  edge: "rising" | "falling" | "both";
  lastTime: number | null;
}
export const BUILT_BANGLE_APP = path.resolve(__dirname, "..", "..", "wearables", "bangle", "steadyhold.app.js");
/**
 * The app as version 0.02 shipped it: the built file committed at 1a49a62 (the last 0.02 before
 * the whole-ms clock of 0.03), run to leave the files a watch updated from 0.02 holds.
 */
export const BANGLE_APP_0_02 = path.resolve(__dirname, "steadyhold-0.02.app.js");

/** Firmware constants (Espruino libs/banglejs/jswrap_bangle.c). */
export const DEFAULT_POLL_MS = 80;
export const POWER_SAVE_POLL_MS = 800;
const POWER_SAVE_TIMEOUT_MS = 60000;
/**
 * BTN1 held this long loads the clock (the firmware's btnLoadTimeout: Bangle.getOptions() on 2v29
 * says 1500; the emulator does not run the firmware's button poll that acts on it).
 */
export const BTN_LOAD_TIMEOUT_MS = 1500;
/** How long press() holds the button: a short press. */
const SHORT_PRESS_MS = 100;
/** Movement (change of acceleration between samples, in g) that ends power saving: 8192 × 0.2 raw. */
const POWER_SAVE_MIN_DIFF_G = 0.2;
/**
 * The KX023 as Espruino sets it up (ODCNTL 0x00): 12.5 Hz output behind its first-order IIR low-pass
 * at ODR/9 ≈ 1.39 Hz. The fake runs that filter on the motion it reads at each poll (per elapsed
 * time, so the 800 ms power-saving polls see the same filter), and so does the real-firmware check
 * (tools/bangle-emu-check.ts) on the samples it injects; the app undoes it.
 */
export class Kx023LowPass {
  private static readonly CORNER_HZ = 12.5 / 9;
  private last: AccelSample | null = null;
  private lastAt = 0;

  /** The sensor's reading at `nowMs` when the wrist's acceleration is `raw` (g). */
  reading(nowMs: number, raw: AccelSample): AccelSample {
    const last = this.last;
    const gain =
      last === null ? 1 : 1 - Math.exp((-2 * Math.PI * Kx023LowPass.CORNER_HZ * (nowMs - this.lastAt)) / 1000);
    const reading =
      last === null
        ? { x: raw.x, y: raw.y, z: raw.z }
        : {
            x: last.x + gain * (raw.x - last.x),
            y: last.y + gain * (raw.y - last.y),
            z: last.z + gain * (raw.z - last.z),
          };
    this.last = reading;
    this.lastAt = nowMs;
    return reading;
  }
}
/** The fraction of a millisecond past the wall time that the app's Date.now() reads (Espruino's clock is fractional). */
export const ESPRUINO_CLOCK_FRACTION_MS = 0.27;
/**
 * Storage file names are at most 28 characters: the firmware cuts a longer name to its first 28
 * (jsfNameFromString; on the firmware emulator `writeJSON("steadyhold.xmx2z9q80.9py14i-52yn", …)`
 * lists as "steadyhold.xmx2z9q80.9py14i-", and read, erase and writeJSON of the long name reach that
 * file), so the fake does the same and notes each name it cut (`truncatedNames`).
 */
const MAX_FILE_NAME = 28;

export interface Buzz {
  /** Virtual ms since the runtime started. */
  t: number;
  ms: number;
  strength: number;
}

export interface AccelSample {
  x: number;
  y: number;
  z: number;
}

/** Where the wrist is at virtual time `t` (ms), in g. */
export type MotionSource = (t: number) => AccelSample;

export interface DrawnText {
  text: string;
  x: number;
  y: number;
  /** Where its ink is, by the fake's font metrics (6x8 exact; Vector about 0.6 of its height a character, 0.9 of it tall). */
  box?: { left: number; right: number; top: number; bottom: number };
}

export interface Notification {
  t: number;
  uuid: string;
  value: Uint8Array;
}

interface Characteristic {
  uuid: string;
  value: Uint8Array;
  maxLen: number;
  readable: boolean;
  writable: boolean;
  notify: boolean;
  onWrite: ((evt: unknown) => void) | null;
}

export interface BangleAppOptions {
  /** Wall-clock time (ms since 1970) at virtual 0. */
  clockStart?: number;
  /** Files from an earlier run (shared, not copied: the app's writes land in it). */
  storage?: Map<string, string>;
  /** The wrist's motion; default a still wrist with faint noise. */
  motion?: MotionSource;
  /** Hours east of UTC for the app's Date. */
  timeZoneHours?: number;
  /** The firmware's power saving has already slowed the accelerometer (the watch lay still). */
  startInPowerSave?: boolean;
  seed?: number;
}

export class GattError extends Error {}

/** A still wrist, screen up, with sensor-level noise: well under the firmware's movement threshold. */
export function stillWrist(seed = 1): MotionSource {
  const noise = makeRandom(seed);
  return () => ({
    x: 0.09 + (noise() - 0.5) * 0.004,
    y: 0.63 + (noise() - 0.5) * 0.004,
    z: -0.77 + (noise() - 0.5) * 0.004,
  });
}

/** Loads the built app file and starts it, as the launcher's load("steadyhold.app.js") would. */
export function loadBangleApp(file: string = BUILT_BANGLE_APP, options: BangleAppOptions = {}): FakeBangle {
  const code = fs.readFileSync(file, "utf8");
  const bangle = new FakeBangle(code, file, options);
  bangle.launch();
  return bangle;
}

export class FakeBangle {
  readonly clock: VirtualClock;
  readonly storage: Map<string, string>;
  readonly buzzes: Buzz[] = [];
  readonly logs: string[] = [];
  /** Uncaught exceptions in app code (a test expects none). */
  readonly errors: string[] = [];
  /** Every Bangle.setPollInterval / setOptions call, with its virtual time. */
  readonly sensorCalls: { t: number; call: string; value: unknown }[] = [];
  /** Accelerometer events delivered to the app, with their virtual times. */
  readonly accelTimes: number[] = [];
  readonly notifications: Notification[] = [];
  /** Each launch's exit: "load" (the app called load()), "reload", "long press" (buttonDown held) or "crash". */
  readonly exits: string[] = [];
  /** File names the app used that the firmware cut to 28 characters (see MAX_FILE_NAME). */
  readonly truncatedNames: string[] = [];
  motion: MotionSource;
  lcdOn = true;
  timeZoneHours: number;

  private realm: Realm | null = null;
  private launches = 0;
  private listeners = new Map<string, Listener[]>(); // "Bangle.accel", "E.kill", "NRF.connect", …
  private watches = new Map<number, ButtonWatch>();
  /** Virtual ms when the button went down (buttonDown), -1 while it is up. */
  private buttonDownAt = -1;
  private nextWatch = 1;
  private texts: DrawnText[] = [];
  private services = new Map<string, Characteristic>();
  private advertised: string[] = [];
  private notifyListeners: ((uuid: string, value: Uint8Array) => void)[] = [];
  private connected = false;
  private wallOffset = 0;
  // Firmware state of the accelerometer.
  private pollMs = DEFAULT_POLL_MS;
  private powerSave = true;
  private powerSaveTimer = 0;
  private lastSample: AccelSample | null = null;
  private readonly sensorFilter = new Kx023LowPass();
  private pollTimer = -1;

  constructor(
    private code: string,
    private fileName: string,
    options: BangleAppOptions,
  ) {
    this.clock = new VirtualClock(options.clockStart ?? Date.UTC(2026, 0, 5, 7, 30, 0));
    this.storage = options.storage ?? new Map();
    this.motion = options.motion ?? stillWrist(options.seed ?? 1);
    this.timeZoneHours = options.timeZoneHours ?? 0;
    if (options.startInPowerSave) {
      this.pollMs = POWER_SAVE_POLL_MS;
      this.powerSaveTimer = POWER_SAVE_TIMEOUT_MS;
    }
    this.schedulePoll();
  }

  // ---------------------------------------------------------------- driving the watch

  /** Virtual ms since the runtime started. */
  now(): number {
    return this.clock.now;
  }

  /** Wall-clock ms the app sees (Date.now()). */
  wallTime(): number {
    return this.clock.wallTime() + this.wallOffset;
  }

  /** Sets the wall clock as a phone over the UART does (Gadgetbridge, the App Loader: `setTime`); timers keep their delays. */
  setWallTime(ms: number): void {
    this.wallOffset = ms - this.clock.wallTime();
  }

  /** Runs everything due in the next `ms` virtual milliseconds. */
  advance(ms: number): void {
    const until = this.clock.now + ms;
    for (;;) {
      const run = this.clock.takeDue(until);
      if (run === null) break;
      run();
    }
    this.clock.now = until;
  }

  /**
   * A short press of the button that ends now: down 100 ms ago, up now. Each watch gets the edges
   * its `edge` option asks for, with the firmware's fields (checked on the emulator:
   * tools/bangle-emu-button.ts): `state`, `time` (s), and `lastTime`, the pin's previous change seen
   * since the watch was set (null before any) — for a falling edge, when the button went down.
   */
  press(): void {
    const t = this.wallTime() / 1000;
    this.buttonEdge(true, t - SHORT_PRESS_MS / 1000);
    this.buttonEdge(false, t);
  }

  /**
   * The button goes down now and stays down (buttonUp releases it). Held BTN_LOAD_TIMEOUT_MS, the
   * firmware loads the clock (E's "kill" event runs): the long press that leaves any app.
   */
  buttonDown(): void {
    if (this.buttonDownAt >= 0) return;
    const at = this.clock.now;
    this.buttonDownAt = at;
    this.buttonEdge(true, this.wallTime() / 1000);
    const realm = this.realm;
    this.clock.schedule(at + BTN_LOAD_TIMEOUT_MS, "bangle-hw", () => {
      if (this.buttonDownAt === at && this.realm === realm) this.stop("long press", true);
    });
  }

  /** The button held by buttonDown is released now. */
  buttonUp(): void {
    if (this.buttonDownAt < 0) return;
    this.buttonDownAt = -1;
    this.buttonEdge(false, this.wallTime() / 1000);
  }

  /** The pin changed to `state` at `time` (s): the watches that ask for this edge run. */
  private buttonEdge(state: boolean, time: number): void {
    for (const watch of Array.from(this.watches.values())) {
      const lastTime = watch.lastTime;
      watch.lastTime = time;
      if (watch.edge === (state ? "falling" : "rising")) continue;
      this.call("setWatch callback", () => watch.fn(this.adopt({ state, time, lastTime })));
    }
  }

  /** A tap on the touchscreen. */
  touch(x = 88, y = 88): void {
    this.emit("Bangle.touch", 1, this.adopt({ x, y, type: 0 }));
  }

  swipe(directionLR: number, directionUD: number): void {
    this.emit("Bangle.swipe", directionLR, directionUD);
  }

  /** Delivers accelerometer samples (in g) now, one event each, as the firmware would at its poll interval. */
  accel(samples: AccelSample[]): void {
    for (const s of samples) this.deliverAccel(s);
  }

  /** The texts on screen, top to bottom. */
  screenText(): string[] {
    return this.texts
      .slice()
      .sort((a, b) => a.y - b.y)
      .map((t) => t.text)
      .filter((t) => t !== "");
  }

  /**
   * What a user could not read: pairs of texts on screen that overlap, and texts that stick out of the
   * screen or into the widget bar (the top 24 px). Empty when every text stands clear.
   */
  textClashes(): string[] {
    const WIDGET_BAR = 24;
    const drawn = this.texts.filter((t) => t.text !== "" && t.box !== undefined);
    const clashes: string[] = [];
    for (let i = 0; i < drawn.length; i++) {
      const a = drawn[i].box!;
      if (a.left < 0 || a.right > 176 || a.top < WIDGET_BAR || a.bottom > 176)
        clashes.push(`"${drawn[i].text}" sticks out of the screen`);
      for (let j = i + 1; j < drawn.length; j++) {
        const b = drawn[j].box!;
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
          clashes.push(`"${drawn[i].text}" overlaps "${drawn[j].text}"`);
      }
    }
    return clashes;
  }

  /** Current accelerometer poll interval (ms) and whether the firmware's power saving is on. */
  sensorState(): { pollMs: number; powerSave: boolean } {
    return { pollMs: this.pollMs, powerSave: this.powerSave };
  }

  /** The app leaves for the clock (E's "kill" event runs first), then starts again, as load() does. */
  reload(): void {
    this.stop("reload", true);
    this.launch();
  }

  /**
   * The App Loader installs another version of the app (the file `file`, e.g. today's build over an
   * older one): the running app is left (E's "kill" event), its file replaced, and it is started
   * again. Storage stays, as on the watch (an update keeps the app's data files).
   */
  upgrade(file: string): void {
    this.leave();
    this.code = fs.readFileSync(file, "utf8");
    this.fileName = file;
    this.launch();
  }

  /** The app is left for the clock (E's "kill" event runs) and nothing of it runs until a launch. */
  leave(): void {
    this.stop("reload", true);
  }

  /** The watch resets under the app (no "kill" event), then the app is started again. */
  crashAndRelaunch(): void {
    this.stop("crash", false);
    this.launch();
  }

  /** True while the app runs (it has not called load()). */
  isRunning(): boolean {
    return this.realm !== null;
  }

  // ---------------------------------------------------------------- GATT, as a central sees it

  readonly gatt = {
    /** Service UUIDs the app advertises. */
    advertised: (): string[] => this.advertised.slice(),
    characteristics: (): string[] => Array.from(this.services.keys()),
    connect: (): void => {
      this.connected = true;
      this.emit("NRF.connect", "00:11:22:33:44:55");
    },
    disconnect: (): void => {
      this.connected = false;
      this.emit("NRF.disconnect", 0x13);
    },
    read: (uuid: string): Uint8Array => {
      const c = this.characteristic(uuid);
      if (!c.readable) throw new GattError(`characteristic ${uuid} is not readable`);
      return c.value.slice();
    },
    /** A write request; the softdevice refuses one longer than maxLen before the app sees it. */
    write: (uuid: string, bytes: Uint8Array | number[]): void => {
      const c = this.characteristic(uuid);
      if (!c.writable) throw new GattError(`characteristic ${uuid} is not writable`);
      const data = Uint8Array.from(bytes);
      if (data.length > c.maxLen)
        throw new GattError(`write of ${data.length} bytes to ${uuid} refused: longer than its maxLen ${c.maxLen}`);
      c.value = data.slice(); // Espruino stores the written value until the app replaces it
      const handler = c.onWrite;
      if (handler !== null && this.realm !== null) {
        const realm = this.realm;
        const evt = new realm.intrinsics.Object() as { data: ArrayBuffer };
        evt.data = realm.arrayBuffer(data); // an ArrayBuffer of the app's realm, as Espruino hands over
        this.call("onWrite", () => handler(evt));
      }
    },
    /** Notifications of live state and control point responses (while connected). */
    onNotify: (cb: (uuid: string, value: Uint8Array) => void): void => {
      this.notifyListeners.push(cb);
    },
  };

  private characteristic(uuid: string): Characteristic {
    const c = this.services.get(uuid.toLowerCase());
    if (c === undefined)
      throw new GattError(
        `no characteristic ${uuid} (the app published: ${Array.from(this.services.keys()).join(", ") || "none"})`,
      );
    return c;
  }

  // ---------------------------------------------------------------- the app's world

  launch(): void {
    this.launches++;
    this.texts = [];
    this.listeners = new Map();
    this.watches = new Map();
    const owner = "bangle-app-" + this.launches;
    const realm = new Realm({
      clock: this.clock,
      owner,
      jitterMs: 0,
      random: makeRandom(1000 + this.launches),
      invoke: (what, fn) => this.call(what, fn),
      log: (_level, text) => this.logs.push(text),
    });
    this.realm = realm;
    const ctx = realm.context as Record<string, unknown>;
    const self = this;
    const makeDate = vm.runInContext(
      `(function (now, offsetMinutes) {
        var RealDate = Date;
        class EspruinoDate extends RealDate {
          constructor() { if (arguments.length === 0) super(now()); else super(...arguments); }
          static now() { return now(); }
          getTimezoneOffset() { return offsetMinutes(); }
        }
        return EspruinoDate;
      })`,
      realm.context,
    ) as (now: () => number, offset: () => number) => DateConstructor;
    ctx.Date = makeDate(
      // Espruino's Date.now() is never a whole ms (system time is RTC ticks at 2^20 per second;
      // jswrap_date.c: "accurate to fractions of a millisecond"): so is the fake's, as the watch's.
      () => self.wallTime() + ESPRUINO_CLOCK_FRACTION_MS,
      () => -Math.round(self.timeZoneHours * 60),
    );
    realm.intrinsics.Date = ctx.Date as DateConstructor;
    ctx.print = (...args: unknown[]) => this.logs.push(args.map(String).join(" "));
    ctx.BTN = 17;
    ctx.BTN1 = 17;
    ctx.setWatch = (fn: unknown, _pin: unknown, opts: unknown) => {
      if (typeof fn !== "function") throw new realm.intrinsics.TypeError("setWatch needs a function");
      const id = this.nextWatch++;
      const edge = (opts as { edge?: unknown } | undefined)?.edge;
      this.watches.set(id, {
        fn: fn as (e: unknown) => void,
        edge: edge === "rising" || edge === "falling" ? edge : "both", // Espruino's default
        lastTime: null,
      });
      return id;
    };
    ctx.clearWatch = (id?: unknown) => {
      if (id === undefined) this.watches.clear();
      else this.watches.delete(id as number);
    };
    ctx.load = () => {
      // The app asked to leave: it is stopped after the current callback, as Espruino does.
      this.clock.schedule(this.clock.now, "bangle-hw", () => this.stop("load", true));
    };
    ctx.setTime = (seconds: unknown) => {
      if (typeof seconds === "number" && isFinite(seconds)) this.wallOffset = seconds * 1000 - this.clock.wallTime();
    };
    ctx.Bangle = this.makeBangle(realm);
    ctx.g = this.makeGraphics(realm);
    ctx.E = this.makeE();
    ctx.NRF = this.makeNrf(realm);
    ctx.require = (name: unknown) => {
      if (name === "Storage") return this.makeStorage(realm);
      throw new realm.intrinsics.Error(`Module ${String(name)} not found`);
    };
    this.call("loading " + this.fileName, () => realm.runScript(this.code, this.fileName));
  }

  private stop(how: string, killEvent: boolean): void {
    if (this.realm === null) return;
    if (killEvent) this.emit("E.kill");
    this.realm.kill();
    this.realm = null;
    this.listeners = new Map();
    this.watches = new Map();
    // Espruino forgets the app's services on load(); the radio keeps only the UART.
    this.services = new Map();
    this.advertised = [];
    this.exits.push(how);
  }

  private call(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.errors.push(`${what}: ${(e as Error)?.message ?? String(e)}`);
    }
  }

  private adopt(value: unknown): unknown {
    return this.realm === null ? value : this.realm.adopt(value);
  }

  private on(key: string, fn: unknown): void {
    if (typeof fn !== "function") return;
    const list = this.listeners.get(key) ?? [];
    list.push(fn as Listener);
    this.listeners.set(key, list);
  }

  private off(key: string, fn: unknown): void {
    const list = this.listeners.get(key);
    if (list === undefined) return;
    const i = list.indexOf(fn as Listener);
    if (i >= 0) list.splice(i, 1);
  }

  private emit(key: string, ...args: unknown[]): void {
    if (this.realm === null) return;
    for (const fn of (this.listeners.get(key) ?? []).slice()) this.call(key + " handler", () => fn(...args));
  }

  private hasListener(key: string): boolean {
    return (this.listeners.get(key) ?? []).length > 0;
  }

  // ---- accelerometer: the firmware's poll loop and its power saving

  private schedulePoll(): void {
    this.pollTimer = this.clock.schedule(this.clock.now + this.pollMs, "bangle-hw", () => this.poll());
  }

  private setPoll(ms: number): void {
    this.pollMs = ms;
    this.clock.cancel(this.pollTimer);
    this.schedulePoll();
  }

  private poll(): void {
    const sample = this.sensorFilter.reading(this.clock.now, this.motion(this.clock.now));
    const listening = this.hasListener("Bangle.accel");
    if (this.powerSave) {
      const diff =
        this.lastSample === null
          ? 0
          : Math.hypot(sample.x - this.lastSample.x, sample.y - this.lastSample.y, sample.z - this.lastSample.z);
      if (diff > POWER_SAVE_MIN_DIFF_G) {
        this.powerSaveTimer = 0;
        if (this.pollMs === POWER_SAVE_POLL_MS) this.pollMs = DEFAULT_POLL_MS;
      } else {
        this.powerSaveTimer = Math.min(this.powerSaveTimer + this.pollMs, POWER_SAVE_TIMEOUT_MS);
        // 2v29 slows down only while no app listens; older firmware slowed down regardless.
        if (this.powerSaveTimer >= POWER_SAVE_TIMEOUT_MS && this.pollMs === DEFAULT_POLL_MS && !listening)
          this.pollMs = POWER_SAVE_POLL_MS;
      }
    }
    this.deliverAccel(sample);
    this.schedulePoll();
  }

  private deliverAccel(sample: AccelSample): void {
    const last = this.lastSample;
    this.lastSample = sample;
    if (!this.hasListener("Bangle.accel")) return;
    this.accelTimes.push(this.clock.now);
    const mag = Math.hypot(sample.x, sample.y, sample.z);
    const diff = last === null ? 0 : Math.hypot(sample.x - last.x, sample.y - last.y, sample.z - last.z);
    this.emit("Bangle.accel", this.adopt({ x: sample.x, y: sample.y, z: sample.z, mag, diff }));
  }

  // ---- the globals

  private makeBangle(realm: Realm): Record<string, unknown> {
    const I = realm.intrinsics;
    const options: Record<string, unknown> = {
      powerSave: this.powerSave,
      wakeOnTwist: true,
      lockTimeout: 10000,
      btnLoadTimeout: 1500,
    };
    return {
      on: (event: unknown, fn: unknown) => this.on("Bangle." + String(event), fn),
      removeListener: (event: unknown, fn: unknown) => this.off("Bangle." + String(event), fn),
      removeAllListeners: (event?: unknown) => {
        if (event === undefined)
          for (const key of Array.from(this.listeners.keys()))
            if (key.startsWith("Bangle.")) this.listeners.delete(key);
        if (event !== undefined) this.listeners.delete("Bangle." + String(event));
      },
      buzz: (ms?: unknown, strength?: unknown) => {
        const time = ms === undefined ? 200 : Number(ms);
        if (!isFinite(time) || time < 0 || time > 5000) throw new I.Error("Invalid buzz time " + String(ms));
        this.buzzes.push({ t: this.clock.now, ms: time, strength: strength === undefined ? 1 : Number(strength) });
        return new I.Promise<void>((resolve) =>
          this.clock.schedule(this.clock.now + time, "bangle-hw", () => resolve()),
        );
      },
      setPollInterval: (ms: unknown) => {
        const interval = Number(ms);
        if (!isFinite(interval) || interval < 10 || interval > 4000) throw new I.Error("Invalid interval");
        this.sensorCalls.push({ t: this.clock.now, call: "setPollInterval", value: interval });
        this.powerSave = false; // as the firmware: a fixed interval turns power saving off
        this.setPoll(interval);
      },
      setOptions: (o: unknown) => {
        if (o === null || typeof o !== "object") return;
        const given = o as Record<string, unknown>;
        this.sensorCalls.push({ t: this.clock.now, call: "setOptions", value: { ...given } });
        for (const key of Object.keys(given)) options[key] = given[key];
        if ("powerSave" in given) {
          this.powerSave = !!given.powerSave;
          if (this.powerSave) this.powerSaveTimer = 0;
        }
      },
      getOptions: () => realm.adopt({ ...options, powerSave: this.powerSave }),
      setLCDPower: (on: unknown) => {
        this.lcdOn = !!on;
        this.emit("Bangle.lcdPower", this.lcdOn);
      },
      isLCDOn: () => this.lcdOn,
      setLocked: () => undefined,
      isLocked: () => false,
      loadWidgets: () => undefined,
      drawWidgets: () => undefined,
      appRect: realm.adopt({ x: 0, y: 24, w: 176, h: 152, x2: 175, y2: 175 }),
      emit: (event: unknown, ...args: unknown[]) => this.emit("Bangle." + String(event), ...args),
    };
  }

  private makeGraphics(realm: Realm): Record<string, unknown> {
    let fontWidth = 6;
    let fontHeight = 8;
    let alignX = -1;
    let alignY = -1;
    /**
     * Share of a line's height that has ink: Vector glyphs stay within 0.45 of the font height either
     * side of the line's centre (on the firmware "Bouncing!" at 20 inks rows 149–167 around 158, its g
     * included; "10" at 64 rows 83–129 around 110); the 6x8 font fills its cell.
     */
    let inkShare = 1;
    const g: Record<string, unknown> = {};
    const chain =
      (fn: (...args: never[]) => void) =>
      (...args: never[]) => {
        fn(...args);
        return g;
      };
    const textWidth = (s: string) => s.length * fontWidth;
    Object.assign(g, {
      getWidth: () => 176,
      getHeight: () => 176,
      reset: chain(() => {
        fontWidth = 6;
        fontHeight = 8;
        alignX = -1;
        alignY = -1;
        inkShare = 1;
      }),
      clear: chain(() => {
        this.texts = [];
      }),
      clearRect: chain((x1: number, y1: number, x2: number, y2: number) => {
        this.texts = this.texts.filter((t) => !(t.y >= y1 && t.y <= y2 && t.x >= x1 && t.x <= x2));
      }),
      fillRect: chain(() => undefined),
      setColor: chain(() => undefined),
      setBgColor: chain(() => undefined),
      setFont: chain((name: string, scale?: number) => {
        const size = scale ?? 1;
        inkShare = String(name).startsWith("Vector") ? 0.9 : 1;
        if (String(name).startsWith("Vector")) {
          fontHeight = size;
          fontWidth = Math.round(size * 0.6);
        } else {
          const m = /^(\d+)x(\d+)$/.exec(String(name));
          fontWidth = (m ? Number(m[1]) : 6) * size;
          fontHeight = (m ? Number(m[2]) : 8) * size;
        }
      }),
      setFontAlign: chain((x: number, y: number) => {
        alignX = x;
        alignY = y;
      }),
      stringWidth: (s: unknown) => textWidth(String(s)),
      getFontHeight: () => fontHeight,
      drawString: chain((text: unknown, x: number, y: number) => {
        const s = String(text);
        if (/[^\x20-\x7e\n]/.test(s)) this.logs.push(`g.drawString: "${s}" has characters the fonts cannot draw`);
        // Redrawing at the same place replaces what was there (the app clears first anyway).
        this.texts = this.texts.filter((t) => !(t.x === x && t.y === y));
        const lines = s.split("\n");
        const w = Math.max(...lines.map(textWidth));
        const h = lines.length * fontHeight;
        // Alignment -1: the point is the text's left (top) edge; 0: its centre; 1: its right (bottom) edge.
        const left = x - ((alignX + 1) * w) / 2;
        const top = y - ((alignY + 1) * h) / 2 + ((1 - inkShare) * h) / 2;
        this.texts.push({ text: s, x, y, box: { left, right: left + w, top, bottom: top + h * inkShare } });
      }),
      wrapString: (text: unknown, maxWidth: number) => {
        const lines = new realm.intrinsics.Array<string>();
        let line = "";
        for (const word of String(text).split(" ")) {
          const candidate = line === "" ? word : line + " " + word;
          if (textWidth(candidate) <= maxWidth || line === "") line = candidate;
          else {
            lines.push(line);
            line = word;
          }
        }
        if (line !== "") lines.push(line);
        return lines;
      },
    });
    return g;
  }

  private makeE(): Record<string, unknown> {
    return {
      on: (event: unknown, fn: unknown) => this.on("E." + String(event), fn),
      showMessage: (text: unknown, title?: unknown) => {
        this.texts = [];
        if (title !== undefined) this.texts.push({ text: String(title), x: 88, y: 30 });
        this.texts.push({ text: String(text), x: 88, y: 88 });
      },
      setTimeZone: (hours: unknown) => {
        if (typeof hours === "number" && isFinite(hours)) this.timeZoneHours = hours;
      },
    };
  }

  private makeNrf(realm: Realm): Record<string, unknown> {
    const I = realm.intrinsics;
    return {
      on: (event: unknown, fn: unknown) => this.on("NRF." + String(event), fn),
      setServices: (spec: unknown, opts?: unknown) => {
        this.services = new Map();
        const services = (spec ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
        for (const serviceUuid of Object.keys(services)) {
          for (const uuid of Object.keys(services[serviceUuid])) {
            const c = services[serviceUuid][uuid];
            const value =
              bytesOf(c.value) ?? (Array.isArray(c.value) ? Uint8Array.from(c.value as number[]) : new Uint8Array(0));
            const maxLen = typeof c.maxLen === "number" ? c.maxLen : Math.max(20, value.length);
            if (value.length > maxLen) throw new I.Error(`Characteristic ${uuid}: value longer than maxLen`);
            this.services.set(uuid.toLowerCase(), {
              uuid,
              value,
              maxLen,
              readable: !!c.readable,
              writable: !!c.writable,
              notify: !!c.notify,
              onWrite: typeof c.onWrite === "function" ? (c.onWrite as (evt: unknown) => void) : null,
            });
          }
        }
        const advertise = (opts as { advertise?: unknown } | undefined)?.advertise;
        this.advertised = Array.isArray(advertise) ? advertise.map(String) : [];
      },
      updateServices: (spec: unknown) => {
        const services = (spec ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
        for (const serviceUuid of Object.keys(services)) {
          for (const uuid of Object.keys(services[serviceUuid])) {
            const update = services[serviceUuid][uuid];
            const c = this.services.get(uuid.toLowerCase());
            if (c === undefined) throw new I.Error(`Characteristic ${uuid} not found`);
            const value = bytesOf(update.value);
            if (value === null) throw new I.Error(`Characteristic ${uuid}: value must be bytes`);
            if (value.length > c.maxLen) throw new I.Error(`Characteristic ${uuid}: value longer than maxLen`);
            c.value = value;
            if (update.notify && c.notify && this.connected) {
              this.notifications.push({ t: this.clock.now, uuid: c.uuid, value: value.slice() });
              for (const cb of this.notifyListeners) cb(c.uuid, value.slice());
            }
          }
        }
      },
    };
  }

  private makeStorage(realm: Realm): Record<string, unknown> {
    const I = realm.intrinsics;
    const checkName = (name: unknown): string => {
      const s = String(name);
      if (s.length === 0) throw new I.Error(`File name "${s}" is empty`);
      if (s.length <= MAX_FILE_NAME) return s;
      if (this.truncatedNames.indexOf(s) < 0) this.truncatedNames.push(s);
      return s.slice(0, MAX_FILE_NAME);
    };
    const asText = (data: unknown): string => {
      if (typeof data === "string") return data;
      const bytes = bytesOf(data);
      if (bytes !== null) return String.fromCharCode(...bytes);
      return String(data);
    };
    const json = vm.runInContext("JSON", realm.context) as JSON;
    return {
      read: (name: unknown) => this.storage.get(checkName(name)),
      readJSON: (name: unknown, noExceptions?: unknown) => {
        const text = this.storage.get(checkName(name));
        if (text === undefined) return undefined;
        try {
          return json.parse(text);
        } catch (e) {
          if (noExceptions) return undefined;
          throw e;
        }
      },
      // Espruino's write(name, data, offset, size): with a size, a new file of that many bytes, `data`
      // at its start and erased flash (0xFF) after it; with an offset alone, `data` written into the
      // existing file there (no erase, as the firmware writes over erased flash).
      write: (name: unknown, data: unknown, offset?: unknown, size?: unknown) => {
        const file = checkName(name);
        const text = asText(data);
        const old = this.storage.get(file);
        if (typeof size === "number") this.storage.set(file, text + "\xff".repeat(Math.max(0, size - text.length)));
        else if (typeof offset === "number" && offset > 0 && old !== undefined)
          this.storage.set(file, old.slice(0, offset) + text + old.slice(offset + text.length));
        else this.storage.set(file, text);
        return true;
      },
      writeJSON: (name: unknown, data: unknown) => {
        this.storage.set(checkName(name), json.stringify(data));
        return true;
      },
      erase: (name: unknown) => {
        this.storage.delete(checkName(name));
      },
      list: (pattern?: unknown) => {
        const matcher =
          pattern !== null && typeof pattern === "object" && typeof (pattern as RegExp).test === "function"
            ? (pattern as RegExp)
            : null;
        const names = Array.from(this.storage.keys()).filter((n) => matcher === null || matcher.test(n));
        return realm.adopt(names);
      },
    };
  }
}
