// One JavaScript realm per simulated runtime (watch app, companion, settings page), like the
// separate engines on a watch and a phone. Timers, Date and Math.random run on the virtual clock.
import vm from "node:vm";
import { Owner, VirtualClock } from "./clock";

/** Constructors of a realm: values handed to app code must come from its own realm. */
export interface RealmIntrinsics {
  Object: ObjectConstructor;
  Array: ArrayConstructor;
  Promise: PromiseConstructor;
  Error: ErrorConstructor;
  TypeError: TypeErrorConstructor;
  RangeError: RangeErrorConstructor;
  ArrayBuffer: ArrayBufferConstructor;
  Uint8Array: Uint8ArrayConstructor;
  Float32Array: Float32ArrayConstructor;
  Date: DateConstructor;
}

export interface RealmOptions {
  clock: VirtualClock;
  owner: Owner;
  /** Extra lateness of app timers, 0..jitterMs, from `random`. */
  jitterMs: number;
  random: () => number;
  /** Runs one callback of this realm; the runtime uses it to catch and record app exceptions. */
  invoke: (what: string, fn: () => void) => void;
  log: (level: string, text: string) => void;
  globals?: Record<string, unknown>;
  /** This side's wall clock (ms since 1970); default: the virtual clock's. */
  wallTime?: () => number;
  /** Date.prototype.getTimezoneOffset() of this side, or null for the host's time zone. */
  timezoneOffset?: () => number | null;
}

export class Realm {
  readonly context: vm.Context;
  readonly intrinsics: RealmIntrinsics;
  private timers = new Map<number, number>(); // app-visible handle -> clock id
  private nextHandle = 1;
  alive = true;

  constructor(private readonly options: RealmOptions) {
    this.context = vm.createContext({});
    this.intrinsics = vm.runInContext(
      "({Object, Array, Promise, Error, TypeError, RangeError, ArrayBuffer, Uint8Array, Float32Array, Date})",
      this.context,
    ) as RealmIntrinsics;
    const g = this.context as Record<string, unknown>;
    g.globalThis = this.context;
    g.console = this.makeConsole();
    g.setTimeout = (fn: unknown, delay?: unknown, ...args: unknown[]) => this.addTimer(fn, delay, args, false);
    g.setInterval = (fn: unknown, delay?: unknown, ...args: unknown[]) => this.addTimer(fn, delay, args, true);
    g.clearTimeout = (handle: unknown) => this.clearTimer(handle);
    g.clearInterval = (handle: unknown) => this.clearTimer(handle);
    const clock = options.clock;
    // Dates follow this side's wall clock and, when one is set, its time zone: local-time getters
    // are answered from the shifted UTC ones (constructing from local fields uses the host's zone).
    const makeDate = vm.runInContext(
      `(function (now, zone) {
        var RealDate = Date;
        function pad(n) { return n < 10 ? "0" + n : String(n); }
        function local(d) {
          var z = zone();
          return z === null ? null : new RealDate(RealDate.prototype.getTime.call(d) - z * 60000);
        }
        class VirtualDate extends RealDate {
          constructor() { if (arguments.length === 0) super(now()); else super(...arguments); }
          static now() { return now(); }
          getTimezoneOffset() { var z = zone(); return z === null ? super.getTimezoneOffset() : z; }
          getFullYear() { var l = local(this); return l === null ? super.getFullYear() : l.getUTCFullYear(); }
          getMonth() { var l = local(this); return l === null ? super.getMonth() : l.getUTCMonth(); }
          getDate() { var l = local(this); return l === null ? super.getDate() : l.getUTCDate(); }
          getDay() { var l = local(this); return l === null ? super.getDay() : l.getUTCDay(); }
          getHours() { var l = local(this); return l === null ? super.getHours() : l.getUTCHours(); }
          getMinutes() { var l = local(this); return l === null ? super.getMinutes() : l.getUTCMinutes(); }
          getSeconds() { var l = local(this); return l === null ? super.getSeconds() : l.getUTCSeconds(); }
          toTimeString() {
            var l = local(this);
            if (l === null) return super.toTimeString();
            var east = -zone();
            var a = Math.abs(east);
            return pad(l.getUTCHours()) + ":" + pad(l.getUTCMinutes()) + ":" + pad(l.getUTCSeconds()) + " GMT" + (east < 0 ? "-" : "+") + pad(Math.floor(a / 60)) + pad(a % 60);
          }
        }
        return VirtualDate;
      })`,
      this.context,
    ) as (now: () => number, zone: () => number | null) => DateConstructor;
    const wallTime = options.wallTime ?? (() => clock.wallTime());
    const zone = options.timezoneOffset ?? (() => null);
    g.Date = makeDate(wallTime, zone);
    this.intrinsics.Date = g.Date as DateConstructor;
    const math = vm.runInContext("Math", this.context) as Math;
    math.random = options.random;
    for (const [name, value] of Object.entries(options.globals ?? {})) g[name] = value;
  }

  private makeConsole(): Record<string, (...args: unknown[]) => void> {
    const out: Record<string, (...args: unknown[]) => void> = {};
    for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
      out[level] = (...args: unknown[]) => {
        if (this.alive) this.options.log(level, args.map(formatLogArg).join(" "));
      };
    }
    return out;
  }

  private addTimer(fn: unknown, delay: unknown, args: unknown[], repeat: boolean): number {
    if (typeof fn !== "function") throw new this.intrinsics.TypeError("setTimeout/setInterval needs a function");
    if (!this.alive) return 0; // code still running as the app dies (power loss) sets nothing up
    const period = Math.max(0, typeof delay === "number" && isFinite(delay) ? delay : 0);
    const handle = this.nextHandle++;
    const arm = (base: number) => {
      const late = this.options.jitterMs > 0 ? Math.floor(this.options.random() * (this.options.jitterMs + 1)) : 0;
      const id = this.options.clock.schedule(base + period + late, this.options.owner, () => {
        if (repeat) arm(base + period);
        else this.timers.delete(handle);
        this.call(repeat ? "setInterval callback" : "setTimeout callback", () =>
          (fn as (...a: unknown[]) => void)(...args),
        );
      });
      this.timers.set(handle, id);
    };
    arm(this.options.clock.now);
    return handle;
  }

  private clearTimer(handle: unknown): void {
    if (typeof handle !== "number") return;
    const id = this.timers.get(handle);
    if (id !== undefined) this.options.clock.cancel(id);
    this.timers.delete(handle);
  }

  /** Calls into app code: nothing runs in a realm that was killed. */
  call(what: string, fn: () => void): void {
    if (this.alive) this.options.invoke(what, fn);
  }

  /** Runs a CommonJS bundle with `require` answered by `requireModule`; returns its `module.exports`. */
  runCommonJs(code: string, fileName: string, requireModule: (name: string) => unknown): unknown {
    const module = { exports: new this.intrinsics.Object() as unknown };
    const wrapper = vm.runInContext(`(function (require, module, exports) {\n${code}\n})`, this.context, {
      filename: fileName,
      lineOffset: -1,
    }) as (r: (name: string) => unknown, m: typeof module, e: unknown) => void;
    wrapper(requireModule, module, module.exports);
    return module.exports;
  }

  /** Runs a plain script (the settings bundle uses globals, not require). */
  runScript(code: string, fileName: string): void {
    vm.runInContext(code, this.context, { filename: fileName });
  }

  kill(): void {
    this.alive = false;
    this.options.clock.cancelOwner(this.options.owner);
    this.timers.clear();
  }

  /** A deep copy of plain data made of this realm's objects, so `instanceof` and prototypes behave. */
  adopt(value: unknown): unknown {
    const I = this.intrinsics;
    if (value === null || typeof value !== "object") return value;
    if (value instanceof Uint8Array) return new I.Uint8Array(value);
    if (value instanceof Float32Array) return new I.Float32Array(value);
    if (value instanceof ArrayBuffer) return new I.Uint8Array(new Uint8Array(value)).buffer;
    if (Array.isArray(value)) {
      const out = new I.Array();
      for (const item of value) out.push(this.adopt(item));
      return out;
    }
    if (value instanceof Date) return new I.Date(value.getTime());
    const out = new I.Object() as Record<string, unknown>;
    for (const key of Object.keys(value)) out[key] = this.adopt((value as Record<string, unknown>)[key]);
    return out;
  }

  arrayBuffer(bytes: Uint8Array): ArrayBuffer {
    const copy = new this.intrinsics.Uint8Array(bytes.length);
    copy.set(bytes);
    return copy.buffer as ArrayBuffer;
  }
}

function formatLogArg(arg: unknown): string {
  if (typeof arg === "string") return arg;
  if (arg instanceof Error || (arg && typeof arg === "object" && "message" in arg && "stack" in arg)) {
    return String((arg as Error).message);
  }
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}

/** Bytes of any ArrayBuffer or view, from any realm. */
export function bytesOf(data: unknown): Uint8Array | null {
  if (data === null || typeof data !== "object") return null;
  const tag = Object.prototype.toString.call(data);
  if (tag === "[object ArrayBuffer]") return new Uint8Array(data as ArrayBuffer).slice();
  if (ArrayBuffer.isView(data)) {
    const view = data as ArrayBufferView;
    return new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
  }
  return null;
}
