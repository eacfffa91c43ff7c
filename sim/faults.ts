// Fault injection for the simulated devices (docs/data-safety.md, "Fault injection"): power lost at
// the Nth write to the watch's storage (the file torn at a chosen byte, or the write or rename not
// done), writes that fail for chosen files (no space left), a storage quota on the phone, and a
// wall clock per side that can be offset, jumped and moved to another time zone. The virtual clock
// (sim/clock.ts) stays monotonic: timers are never moved by a wall-clock change, as on the devices.

/** What happens to the write during which the power goes. */
export type PowerLossMode =
  /** The file holds only its first `tornAtByte` bytes (default: half of them). */
  | "torn"
  /** The write, rename or delete is not done at all. */
  | "unwritten";

export interface PowerLossPlan {
  /** Power goes during the Nth matching write from now (1 = the next one). */
  atWrite: number;
  /** Only writes, renames and deletes of files whose name matches count; null: every one. */
  file: RegExp | null;
  mode: PowerLossMode;
  tornAtByte: number | null;
}

interface FailingWrites {
  file: RegExp;
  /** Writes still to fail; Infinity until the fault is cleared. */
  remaining: number;
  message: string;
}

/** The watch's storage faults; they outlive app runs (they belong to the device, like its files). */
export class WatchStorageFaults {
  private plan: PowerLossPlan | null = null;
  private seen = 0;
  private failing: FailingWrites[] = [];
  private failingLoads: FailingWrites[] = [];
  /** Called when the power goes (the simulation kills the watch app without unload). */
  onPowerLoss: (operation: string, file: string) => void = () => undefined;

  powerLossAt(plan: PowerLossPlan): void {
    this.plan = plan;
    this.seen = 0;
  }

  failWrites(file: RegExp, count: number, message = "ENOSPC: no space left on device"): void {
    this.failing.push({ file, remaining: count, message });
  }

  clearWriteFailures(): void {
    this.failing = [];
  }

  /** The error a write to `file` fails with now, or null. */
  writeFailure(file: string): string | null {
    for (const f of this.failing) {
      if (f.remaining > 0 && f.file.test(file)) {
        f.remaining--;
        return f.message;
      }
    }
    return null;
  }

  /**
   * The next `count` loads of the app's code files (chunks, by name relative to app/) matching `file`
   * fail, as a parse that runs out of heap or a damaged file does on the watch.
   */
  failLoads(file: RegExp, count: number, message = "out of memory"): void {
    this.failingLoads.push({ file, remaining: count, message });
  }

  /** The error loading the code file `file` fails with now, or null. */
  loadFailure(file: string): string | null {
    for (const f of this.failingLoads) {
      if (f.remaining > 0 && f.file.test(file)) {
        f.remaining--;
        return f.message;
      }
    }
    return null;
  }

  /** Counts one write, rename or delete of `file`; returns the plan when the power goes during it. */
  powerLossDuring(operation: string, file: string): PowerLossPlan | null {
    const plan = this.plan;
    if (plan === null || (plan.file !== null && !plan.file.test(file))) return null;
    this.seen++;
    if (this.seen < plan.atWrite) return null;
    this.plan = null;
    this.onPowerLoss(operation, file);
    return plan;
  }
}

/** The phone's localStorage quota in characters (keys plus values), as the Web Storage standard allows. */
export class QuotaExceededError extends Error {
  readonly name = "QuotaExceededError";
}

/**
 * One side's wall clock: the virtual time plus an offset that jumps can change, and a time zone
 * (minutes east of UTC) or null for the host's own.
 */
export class SideClock {
  offsetMs = 0;
  utcOffsetMinutes: number | null = null;

  constructor(private readonly virtualWallTime: () => number) {}

  now(): number {
    return this.virtualWallTime() + this.offsetMs;
  }

  /** Date.prototype.getTimezoneOffset() (UTC − local, minutes), or null for the host's. */
  timezoneOffset(): number | null {
    return this.utcOffsetMinutes === null ? null : -this.utcOffsetMinutes;
  }
}
