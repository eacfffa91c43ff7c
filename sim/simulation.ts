// The simulated system: a watch running the built app, a phone running the built companion and
// settings page, the link between them, all on one virtual clock. It records what a user would
// notice (screens, buzzes, warnings, syncs) as timeline events.
import { CUE_PATTERN } from "../common/session";
import type { Trace } from "../model/trace-csv";
import { makeRandom } from "../model/random";
import { VirtualClock } from "./clock";
import { AppBundle } from "./bundle";
import { Direction, Link, Transfer } from "./link";
import { MessageChannel } from "./messaging";
import { CalmMotion, HoldMotion, MotionSource, Sample, TraceMotion } from "./motion";
import { CompanionApp, LaunchReasons } from "./companion-app";
import { PhoneState } from "./phone-host";
import { SettingsPage } from "./settings-page";
import { StorageData } from "./storage";
import { PowerLossMode, SideClock, WatchStorageFaults } from "./faults";
import { FakeElement } from "./watch-document";
import { WatchApp } from "./watch-app";
import { WatchState } from "./watch-host";

export interface TimelineEvent {
  t_ms: number;
  type: string;
  [field: string]: unknown;
}

export interface LogLine {
  t_ms: number;
  side: "watch" | "companion" | "settings";
  level: string;
  text: string;
}

export interface SimulationOptions {
  bundle: AppBundle;
  seed?: number;
  /** App timers fire up to this many ms late (seeded), as on a busy watch. */
  jitterMs?: number;
  /** Wall-clock time at virtual 0, ms since 1970. */
  startTime?: number;
  screenTimeoutMs?: number;
  transferDelayMs?: number;
  messageDelayMs?: number;
  /** Motion per hold: keys "left-1", "right-2", … and "*" for any other hold. */
  traces?: Record<string, Trace>;
  /** Settings the phone already holds, set through the settings page (friendly values). */
  phoneSettings?: Record<string, unknown>;
}

/** A scenario or test asked for something the app does not have (an element, a setting). */
export class ScenarioError extends Error {}
/** The app used a module or member the simulator does not fake. */
export class SimulatorGapError extends Error {}

const PHASE_BY_TITLE: Record<string, string> = {
  "Get ready": "get-ready",
  Hold: "hold",
  Rest: "rest",
  "Switch legs": "switch",
  Done: "done",
};

/** Ids of the watch's dialogs (resources/index.view), shown in the timeline when they open and close. */
const DIALOG_IDS = ["resume-dialog", "abandon-dialog"];

export const DEFAULT_START_TIME = Date.UTC(2026, 0, 5, 7, 30, 0);

export class Simulation {
  readonly clock: VirtualClock;
  readonly events: TimelineEvent[] = [];
  readonly logs: LogLine[] = [];
  readonly link: Link;
  readonly watchState: WatchState = { files: new Map(), inbox: [], faults: new WatchStorageFaults() };
  /** Each side's wall clock (offset, jumps, time zone): sim/faults.ts. */
  readonly watchClock: SideClock;
  readonly phoneClock: SideClock;
  readonly phoneState: PhoneState = { settings: new StorageData(), local: new StorageData(), inbox: [] };
  watch: WatchApp | null = null;
  companion: CompanionApp | null = null;
  readonly settingsPage: SettingsPage | null;
  private readonly random: () => number;
  private readonly messages: MessageChannel;
  private watchRuns = 0;
  private companionRuns = 0;
  private stepStart = 0;
  private gaps: string[] = [];
  private observed: { phase: string; leg: string; rep: number } | null = null;
  private dialogShown: string | null = null;
  private motions = new Map<string, { source: MotionSource; used: number }>();
  private quietSettings = false;
  private lastWakeInterval: number | undefined;

  constructor(private readonly options: SimulationOptions) {
    const seed = options.seed ?? 1;
    this.random = makeRandom(seed);
    this.clock = new VirtualClock(options.startTime ?? DEFAULT_START_TIME);
    this.watchClock = new SideClock(() => this.clock.wallTime());
    this.phoneClock = new SideClock(() => this.clock.wallTime());
    this.watchState.faults.onPowerLoss = (operation, file) => this.powerLost(operation, file);
    this.link = new Link(
      this.clock,
      { transferDelayMs: options.transferDelayMs ?? 2000, messageDelayMs: options.messageDelayMs ?? 100 },
      { record: (e) => this.record(e), deliver: (t) => this.deliver(t) },
    );
    this.messages = new MessageChannel(
      this.clock,
      this.link.timing.messageDelayMs,
      () => this.link.phoneInReach && this.watch !== null && this.companion !== null,
    );
    this.phoneState.settings.onChange = (writer, key, oldValue, newValue) =>
      this.settingsChanged(writer, key, oldValue, newValue);
    this.settingsPage =
      options.bundle.settingsCode === null ? null : new SettingsPage(this.phoneHost(), options.bundle.settingsCode);
    this.checkGaps();
    if (this.settingsPage && options.phoneSettings) {
      this.quietSettings = true;
      try {
        for (const [key, value] of Object.entries(options.phoneSettings)) this.settingsPage.userSet(key, value);
      } finally {
        this.quietSettings = false;
      }
    }
  }

  get now(): number {
    return this.clock.now;
  }

  record(event: Record<string, unknown>): TimelineEvent {
    const e = { t_ms: this.clock.now, ...event } as TimelineEvent;
    this.events.push(e);
    if (e.type === "vibrate" && e.pattern === CUE_PATTERN.bounce) {
      this.events.push({
        t_ms: e.t_ms,
        type: "bounce",
        leg: this.observed?.leg ?? null,
        rep: this.observed?.rep ?? null,
      });
    }
    return e;
  }

  // ---- running ----

  /** Runs every callback due up to virtual time `t`, letting promises settle after each. */
  async runUntil(t: number): Promise<void> {
    // Work left by a call outside a step (a launch's promise jobs: the app loads its parts with a
    // dynamic import) finishes first, as it would on the watch long before the next timer.
    this.stepStart = this.events.length;
    await settle();
    this.observe();
    this.checkGaps();
    for (;;) {
      const run = this.clock.takeDue(t);
      if (run === null) break;
      this.stepStart = this.events.length;
      run();
      await settle();
      this.observe();
      this.checkGaps();
    }
    if (t > this.clock.now) this.clock.now = t;
  }

  advance(ms: number): Promise<void> {
    return this.runUntil(this.clock.now + ms);
  }

  /** Runs `fn` as one step at the current virtual time (user and scenario actions). */
  async act(fn: () => void): Promise<void> {
    await settle(); // what an earlier call outside a step left (see runUntil)
    this.observe();
    this.stepStart = this.events.length;
    fn();
    await settle();
    this.observe();
    this.checkGaps();
  }

  /** Schedules `fn` as a step at virtual time `at` (scenario actions). */
  at(at: number, fn: () => void): void {
    this.clock.schedule(at, "scenario", () => {
      this.stepStart = this.events.length;
      fn();
    });
  }

  private checkGaps(): void {
    if (this.gaps.length > 0) throw new SimulatorGapError(this.gaps[0]);
  }

  // ---- the watch ----

  launchWatch(launchArguments: unknown = undefined): void {
    if (this.watch !== null) return;
    const app = new WatchApp(this.watchHost(), ++this.watchRuns, this.options.bundle.views, launchArguments);
    this.watch = app;
    this.record({ type: "app", state: "launched" });
    this.messages.update();
    if (this.link.phoneInReach && this.companion === null) this.launchCompanion({ peerAppLaunched: true });
    app.start(this.options.bundle.deviceCode, this.options.bundle.chunks);
    // Files that arrived while the app was closed wait in the inbox; the app asks for them.
  }

  /** Killed by the system without `unload` (crash, memory); the app's files stay. */
  killWatch(): void {
    if (this.watch === null) return;
    this.watch.kill();
    this.watch = null;
    this.record({ type: "app", state: "killed" });
    this.messages.update();
  }

  private requireWatch(what: string): WatchApp | null {
    if (this.watch === null) this.record({ type: "action", action: what, result: "app not running" });
    return this.watch;
  }

  element(id: string): FakeElement {
    if (this.watch === null) throw new ScenarioError(`cannot look up element "${id}": the watch app is not running`);
    const el = this.watch.document.getElementById(id);
    if (el === null) throw new ScenarioError(`the watch app's view has no element "${id}"`);
    return el;
  }

  tap(id: string): void {
    const app = this.requireWatch("tap " + id);
    if (app === null) return;
    this.element(id);
    const event = this.record({ type: "action", action: "tap " + id, result: "" });
    event.result = app.tap(id);
  }

  pressKey(key: "back" | "up" | "down"): void {
    const app = this.requireWatch("press " + key);
    if (app === null) return;
    const event = this.record({ type: "action", action: "press " + key, result: "" });
    event.result = app.key(key);
  }

  /** Wrist raise: the screen comes on. */
  wake(): void {
    const app = this.requireWatch("wake");
    if (app === null) return;
    this.record({ type: "action", action: "wake", result: app.display.on ? "screen already on" : "delivered" });
    app.display.wake();
  }

  // ---- the phone ----

  launchCompanion(reasons: LaunchReasons): void {
    if (this.companion !== null || this.options.bundle.companionCode === null) return;
    const app = new CompanionApp(this.phoneHost(), ++this.companionRuns, reasons);
    this.companion = app;
    this.record({
      type: "companion",
      state: "launched",
      reasons: Object.keys(reasons).filter((k) => reasons[k as keyof LaunchReasons]),
    });
    this.messages.update();
    app.start(this.options.bundle.companionCode);
  }

  /** The phone's OS stops the companion. It starts again for a file, a settings change or its wake interval. */
  killCompanion(): void {
    if (this.companion === null) return;
    this.lastWakeInterval = this.companion.me.wakeInterval;
    this.companion.kill();
    this.companion = null;
    this.record({ type: "companion", state: "killed" });
    this.messages.update();
    const interval = this.lastWakeInterval;
    if (typeof interval === "number" && interval > 0) {
      this.clock.schedule(this.clock.now + Math.max(interval, 5 * 60 * 1000), "phone", () =>
        this.launchCompanion({ wokenUp: true }),
      );
    }
  }

  /** The user changes a setting on the phone's settings page. */
  phoneSet(key: string, value: unknown): void {
    if (this.settingsPage === null) throw new ScenarioError("the app has no settings page");
    try {
      this.settingsPage.userSet(key, value);
    } catch (e) {
      throw new ScenarioError((e as Error).message);
    }
    this.record({ type: "action", action: `phone setting ${key} = ${JSON.stringify(value)}`, result: "stored" });
  }

  setPhoneInReach(inReach: boolean): void {
    this.link.setPhoneInReach(inReach);
    this.messages.update();
  }

  dropNextTransfers(direction: Direction, count: number): void {
    this.link.dropNext(direction, count);
  }

  duplicateNextTransfers(direction: Direction, count: number): void {
    this.link.duplicateNext(direction, count);
  }

  reorderNextTransfers(direction: Direction, count: number): void {
    this.link.reorderNext(direction, count);
  }

  // ---- fault injection (docs/data-safety.md) ----

  /**
   * The watch loses power during its `atWrite`th write, rename or delete from now (of a file whose
   * name matches `file`, when given): a torn write keeps the first `tornAtByte` bytes (default
   * half); "unwritten" leaves the file as it was. The app dies there, without unload.
   */
  powerLossAtWrite(atWrite: number, options: { file?: RegExp; mode?: PowerLossMode; tornAtByte?: number } = {}): void {
    this.watchState.faults.powerLossAt({
      atWrite,
      file: options.file ?? null,
      mode: options.mode ?? "torn",
      tornAtByte: options.tornAtByte ?? null,
    });
  }

  /** The next `count` writes to watch files matching `file` fail (default: until cleared), as with a full disk. */
  failWatchWrites(file: RegExp, count = Infinity): void {
    this.watchState.faults.failWrites(file, count);
  }

  /**
   * The next `count` loads of the watch app's code files (a part's chunk, named relative to app/,
   * e.g. /^session-runner-/) matching `file` fail (default: every one), as a parse out of memory or
   * a damaged file does on the watch. The simulator's loads otherwise always succeed.
   */
  failChunkLoads(file: RegExp, count = Infinity): void {
    this.watchState.faults.failLoads(file, count);
  }

  clearWatchWriteFailures(): void {
    this.watchState.faults.clearWriteFailures();
  }

  /** The phone's localStorage holds at most `chars` characters (keys plus values); Infinity lifts it. */
  setPhoneStorageQuota(chars: number): void {
    this.phoneState.local.quotaChars = chars;
  }

  /** Moves one side's wall clock by `deltaMs` (the user or the network sets it); timers are not moved. */
  jumpClock(side: "watch" | "phone", deltaMs: number): void {
    const clock = side === "watch" ? this.watchClock : this.phoneClock;
    clock.offsetMs += deltaMs;
    this.record({ type: "clock", side, jumpMs: deltaMs });
  }

  /** Puts one side in a time zone, `utcOffsetMinutes` east of UTC (null: the host's). */
  setTimeZone(side: "watch" | "phone", utcOffsetMinutes: number | null): void {
    const clock = side === "watch" ? this.watchClock : this.phoneClock;
    clock.utcOffsetMinutes = utcOffsetMinutes;
    this.record({ type: "clock", side, utcOffsetMinutes });
  }

  /** A file with any name and content arrives in the watch app's inbox. */
  fileToWatch(name: string, bytes: Uint8Array): void {
    this.watchState.inbox.push({ name, bytes });
    this.watch?.fileArrived();
  }

  private powerLost(operation: string, file: string): void {
    this.record({ type: "power", state: "lost", during: operation + " " + file });
    if (this.watch === null) return;
    this.watch.kill();
    this.watch = null;
    this.messages.update();
  }

  /** What the phone holds at this moment: the history the settings page shows, all settings, and the page as text. */
  phone(): { history: unknown; settings: Record<string, string>; page: string[] } {
    const settings = this.phoneState.settings.snapshot();
    let history: unknown = null;
    if (settings.history !== undefined) {
      try {
        history = JSON.parse(settings.history);
      } catch {
        history = settings.history;
      }
    }
    return { history, settings, page: this.settingsPage ? this.settingsPage.render() : [] };
  }

  // ---- observation ----

  /** Phase events come from the watch's screen, like a user reading it. */
  private observe(): void {
    const app = this.watch;
    if (app === null) {
      this.dialogShown = null;
      return;
    }
    const doc = app.document;
    this.observeDialog(doc);
    const home = doc.getElementById("home");
    if (home !== null && home.isVisible()) {
      this.observed = null;
      this.motions.clear();
      return;
    }
    const done = doc.getElementById("done");
    const session = doc.getElementById("session");
    const title = doc.getElementById("phase-title");
    let phase: string | null = null;
    if (done !== null && done.isVisible()) phase = "done";
    else if (session !== null && session.isVisible() && title !== null)
      phase = PHASE_BY_TITLE[title.text.trim()] ?? null;
    if (phase === null) return;
    let leg = this.observed?.leg ?? "";
    let rep = this.observed?.rep ?? 0;
    const repText = doc.getElementById("rep-text");
    const m = repText !== null && repText.isVisible() ? /^(Left|Right)\s*·\s*(\d+)/.exec(repText.text.trim()) : null;
    if (m !== null) {
      leg = m[1].toLowerCase();
      rep = Number(m[2]);
    }
    const o = this.observed;
    if (o !== null && o.phase === phase && (phase === "done" || (o.leg === leg && o.rep === rep))) return;
    this.observed = { phase, leg, rep };
    // The screen changed during this step: show it before the step's buzzes (after its actions and the dialog they closed).
    let at = Math.min(this.stepStart, this.events.length);
    while (
      at < this.events.length &&
      (this.events[at].type === "action" || (this.events[at].type === "dialog" && this.events[at].state === "closed"))
    )
      at++;
    this.events.splice(at, 0, { t_ms: this.clock.now, type: "phase", phase, leg, rep });
  }

  /** The resume and abandon dialogs cover the screen: each showing and closing is an event, with the dialog's text. */
  private observeDialog(doc: WatchApp["document"]): void {
    let shown: FakeElement | null = null;
    for (const id of DIALOG_IDS) {
      const el = doc.getElementById(id);
      if (el !== null && el.isVisible()) shown = el;
    }
    const id = shown === null ? null : shown.id;
    if (id === this.dialogShown) return;
    if (this.dialogShown !== null) {
      // Closed by this step's action: show it before the screen the step led to, like a phase change.
      let at = Math.min(this.stepStart, this.events.length);
      while (at < this.events.length && this.events[at].type === "action") at++;
      this.events.splice(at, 0, { t_ms: this.clock.now, type: "dialog", dialog: this.dialogShown, state: "closed" });
    }
    if (shown !== null) {
      const text = shown.getElementsByTagName("textarea").map((t) => t.text.trim());
      this.record({ type: "dialog", dialog: id, state: "shown", text: text.join(" ") });
    }
    this.dialogShown = id;
  }

  currentPhase(): { phase: string; leg: string; rep: number } | null {
    return this.observed;
  }

  private currentHold(): string {
    const o = this.observed;
    return o !== null && o.phase === "hold" ? `${o.leg}-${o.rep}` : "not-a-hold";
  }

  private motionForCurrentHold(): HoldMotion {
    const key = this.currentHold();
    let entry = this.motions.get(key);
    if (entry === undefined) {
      const trace = this.options.traces?.[key] ?? (key !== "not-a-hold" ? this.options.traces?.["*"] : undefined);
      const seed = (this.options.seed ?? 1) * 1000 + this.motions.size + 1;
      entry = { source: trace ? new TraceMotion(trace, seed) : new CalmMotion(seed), used: 0 };
      this.motions.set(key, entry);
    }
    // A sensor restarted in the same hold (after a pause) continues the motion where it stopped.
    const e = entry;
    const base = e.used;
    const t0 = base === 0 ? 0 : e.source.sample(base).t;
    return {
      hold: key,
      sample(i: number): Sample {
        const s = e.source.sample(base + i);
        e.used = Math.max(e.used, base + i + 1);
        return { t: s.t - t0, x: s.x, y: s.y, z: s.z };
      },
    };
  }

  // ---- wiring ----

  private invoke(side: "watch" | "companion" | "settings", what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (this.gaps.length > 0) return;
      const message = e && typeof e === "object" && "message" in e ? String((e as Error).message) : String(e);
      this.record({ type: "error", side, where: what, message });
    }
  }

  private log(side: LogLine["side"], level: string, text: string): void {
    this.logs.push({ t_ms: this.clock.now, side, level, text });
  }

  private gap(message: string): Error {
    this.gaps.push(message);
    return new SimulatorGapError(message);
  }

  private watchHost() {
    return {
      clock: this.clock,
      random: this.random,
      jitterMs: this.options.jitterMs ?? 0,
      screenTimeoutMs: this.options.screenTimeoutMs ?? 10000,
      target: this.options.bundle.target,
      state: this.watchState,
      wallClock: this.watchClock,
      link: this.link,
      messaging: this.messages.watch,
      record: (e: Record<string, unknown>) => this.record(e),
      log: (level: string, text: string) => this.log("watch", level, text),
      invoke: (_side: string, what: string, fn: () => void) => this.invoke("watch", what, fn),
      motionForCurrentHold: () => this.motionForCurrentHold(),
      currentHold: () => this.currentHold(),
      onExit: (reason: string) => {
        this.watch = null;
        this.record({ type: "app", state: "exit", reason });
        this.messages.update();
      },
      gap: (message: string) => this.gap(message),
    };
  }

  private phoneHost() {
    return {
      clock: this.clock,
      random: this.random,
      jitterMs: this.options.jitterMs ?? 0,
      state: this.phoneState,
      wallClock: this.phoneClock,
      link: this.link,
      messaging: this.messages.phone,
      record: (e: Record<string, unknown>) => this.record(e),
      log: (level: string, text: string) => this.log(this.companion ? "companion" : "settings", level, text),
      invoke: (side: string, what: string, fn: () => void) =>
        this.invoke(side === "settings" ? "settings" : "companion", what, fn),
      gap: (message: string) => this.gap(message),
    };
  }

  private deliver(transfer: Transfer): void {
    const file = { name: transfer.name, bytes: transfer.bytes };
    if (transfer.direction === "watch-to-phone") {
      this.phoneState.inbox.push(file);
      if (this.companion !== null) this.companion.fileArrived();
      else this.launchCompanion({ fileTransfer: true });
    } else {
      this.watchState.inbox.push(file);
      this.watch?.fileArrived();
    }
  }

  private settingsChanged(writer: unknown, key: string | null, oldValue: string | null, newValue: string | null): void {
    if (this.quietSettings) return;
    const companion = this.companion;
    if (companion !== null && writer === companion.settingsStorage) return; // the page reads storage when drawn
    if (companion !== null) companion.settingChanged(key, oldValue, newValue);
    else this.launchCompanion({ settingsChanged: true });
  }
}

/** Lets every pending promise reaction (in any realm) run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
