// One run of the watch app: a realm with fakes of the Fitbit device modules (sim/watch-*.ts, one
// file each), bound to the watch's persistent state (files, received files) that outlives the run.
// This host wires the modules together and plays the user's taps and button presses.
import path from "node:path";
import { cborModule } from "./cbor";
import { makeEvent } from "./events";
import { Realm } from "./realm";
import { makeAccelerometerClass } from "./watch-accelerometer";
import { FakeAppbit } from "./watch-appbit";
import { FakeClock } from "./watch-clock";
import { makeDevice, makePower, makeUserSettings } from "./watch-device";
import { FakeDisplay } from "./watch-display";
import { FakeDocument, FakeElement, ViewFiles } from "./watch-document";
import { FakeWatchInbox, makeOutbox } from "./watch-file-transfer";
import { makeFs } from "./watch-fs";
import { makeHaptics } from "./watch-haptics";
import { WatchHost } from "./watch-host";

/** The OS closes an app after this long without a tap or button press (appbit docs). */
export const APP_TIMEOUT_MS = 2 * 60 * 1000;

export class WatchApp {
  readonly realm: Realm;
  readonly owner: string;
  readonly document: FakeDocument;
  readonly display: FakeDisplay;
  readonly appbit: FakeAppbit;
  readonly inbox: FakeWatchInbox;
  private readonly modules: Record<string, Record<string, unknown>>;
  private lastInteraction: number;
  private chunks: Record<string, string> = {};
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
    // A text longer than its element's buffer is cut on the watch: the timeline says so.
    this.document = new FakeDocument(this.realm, views, (id, text, shown) =>
      host.record({ type: "text-cut", id, text, shown }),
    );
    this.display = new FakeDisplay(this.realm, host, this.owner);
    this.appbit = new FakeAppbit(this.realm, this);
    this.inbox = new FakeWatchInbox(this.realm, host.state, host.wallClock);
    const realm = this.realm;
    this.modules = {
      // Modules with a default export are ES modules, as on the watch: SDK 4.3.2 bundles read the
      // default through an interop helper that checks __esModule (SDK 6.1 reads .default directly).
      document: { __esModule: true, default: this.document },
      haptics: makeHaptics(realm, host),
      accelerometer: { Accelerometer: makeAccelerometerClass(realm, host, this.owner) },
      display: { display: this.display },
      appbit: { me: this.appbit },
      clock: { __esModule: true, default: new FakeClock(realm, host, this.owner, this.display) },
      fs: makeFs(realm, host.state, host.wallClock),
      "file-transfer": { inbox: this.inbox, outbox: makeOutbox(realm, host) },
      messaging: { peerSocket: host.messaging.socketFor(realm) },
      cbor: cborModule(realm),
      device: makeDevice(realm, host.target),
      "user-settings": makeUserSettings(realm),
      power: makePower(realm),
    };
  }

  /**
   * `require` inside the bundle: a relative name is one of the package's chunks (`from`, the
   * requiring file relative to app/, resolves it); any other name is a device module, only those
   * the simulator fakes; anything else is a clear error.
   */
  require(name: string, from = "index.js"): unknown {
    if (name.startsWith("./") || name.startsWith("../")) return this.requireChunk(name, from);
    const module = this.modules[name];
    if (module === undefined) {
      throw this.host.gap(`the watch app requires module "${name}", which the simulator does not provide`);
    }
    return guardModule(name, module, (message) => this.host.gap(message));
  }

  /**
   * Runs a chunk and returns its exports. Fitbit OS has no module cache (Fitbit/sdk-multi-view
   * README: "Each dynamically loaded view will load its own instance of the module"), so every
   * require runs the file again and gives a fresh instance, with its own top-level state.
   */
  private requireChunk(name: string, from: string): unknown {
    const file = path.posix.normalize(path.posix.join(path.posix.dirname(from), name));
    if (!Object.prototype.hasOwnProperty.call(this.chunks, file)) {
      const present = Object.keys(this.chunks).sort().join(", ") || "none";
      throw this.host.gap(
        `the watch app (app/${from}) requires "${name}", which is not in the app package (app/${file} missing; its chunks: ${present})`,
      );
    }
    const failure = this.host.state.faults.loadFailure(file);
    if (failure !== null) {
      this.host.record({ type: "load-failed", file: "app/" + file, error: failure });
      throw new this.realm.intrinsics.Error(failure);
    }
    return this.runFile(this.chunks[file], file);
  }

  /** Runs one of the device's JavaScript files (name relative to app/) as CommonJS in this realm. */
  private runFile(code: string, file: string): unknown {
    return this.realm.runCommonJs(code, "app/" + file, (name) => this.require(name, file));
  }

  /** Runs the entry (app/index.js); `chunks` are the package's other device files, loaded on demand. */
  start(code: string, chunks: Record<string, string> = {}): void {
    this.chunks = chunks;
    this.armAppTimeout();
    this.realm.call("app/index.js", () => this.runFile(code, "index.js"));
  }

  /**
   * A user's tap or button press: it keeps the app alive. On a dark screen it only wakes the screen
   * (false: the app gets nothing); on a lit one it keeps the screen on (true).
   */
  private touch(): boolean {
    this.lastInteraction = this.host.clock.now;
    this.armAppTimeout();
    if (!this.display.on) {
      this.display.wake();
      return false;
    }
    this.display.interacted();
    return true;
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
    if (!this.touch()) return "woke-screen";
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
    if (!this.touch()) return "woke-screen";
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
