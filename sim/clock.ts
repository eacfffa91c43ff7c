// Virtual time for the whole simulated system: one ordered queue of callbacks. Nothing waits
// for real time, so a 30-minute session runs in a fraction of a second.

export type Owner = string;

interface Scheduled {
  id: number;
  at: number;
  seq: number;
  owner: Owner;
  run: () => void;
}

export class VirtualClock {
  /** Virtual ms since the simulation started. */
  now = 0;
  private queue: Scheduled[] = [];
  private nextId = 1;
  private nextSeq = 0;

  /** `epochMs` is the wall-clock time (ms since 1970) at virtual time 0. */
  constructor(readonly epochMs: number) {}

  wallTime(): number {
    return this.epochMs + this.now;
  }

  schedule(at: number, owner: Owner, run: () => void): number {
    const item: Scheduled = { id: this.nextId++, at: Math.max(at, this.now), seq: this.nextSeq++, owner, run };
    // Binary insertion keeps the queue ordered by (at, seq): equal times run in scheduling order.
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const q = this.queue[mid];
      if (q.at < item.at || (q.at === item.at && q.seq < item.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, item);
    return item.id;
  }

  cancel(id: number): void {
    const i = this.queue.findIndex((q) => q.id === id);
    if (i >= 0) this.queue.splice(i, 1);
  }

  /** Drops everything a killed app or companion had scheduled. */
  cancelOwner(owner: Owner): void {
    this.queue = this.queue.filter((q) => q.owner !== owner);
  }

  nextAt(): number {
    return this.queue.length > 0 ? this.queue[0].at : Infinity;
  }

  /** Removes and returns the next callback if it is due by `until`, advancing `now` to it. */
  takeDue(until: number): (() => void) | null {
    if (this.queue.length === 0 || this.queue[0].at > until) return null;
    const item = this.queue.shift()!;
    this.now = item.at;
    return item.run;
  }

  hasPending(owner: Owner): boolean {
    return this.queue.some((q) => q.owner === owner);
  }
}
