// What the simulation gives one watch app run, on top of what every simulated runtime gets
// (sim/host.ts): the watch's state that outlives the run, its wall clock, and the hold motion.
import { AppHost } from "./host";
import { HoldMotion } from "./motion";
import { SideClock, WatchStorageFaults } from "./faults";

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
