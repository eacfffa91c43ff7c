// The Bluetooth link between watch and phone: queued file transfers in both directions with a
// delay, scripted drops, duplicates and reorderings, and the phone going out of reach (transfers
// wait, messaging closes).
import { VirtualClock } from "./clock";

export type Direction = "watch-to-phone" | "phone-to-watch";
export type TransferState = "pending" | "transferring" | "transferred" | "error" | "canceled";

export interface Transfer {
  direction: Direction;
  name: string;
  bytes: Uint8Array;
  state: TransferState;
  /** Told about every state change (the FileTransfer object the sender holds). */
  onState: (state: TransferState) => void;
}

export interface LinkTiming {
  /** Time one file takes once the link is up. */
  transferDelayMs: number;
  /** Time one peerSocket message takes. */
  messageDelayMs: number;
}

export interface LinkHooks {
  record: (event: Record<string, unknown>) => void;
  /** Hands a transferred file to the receiving side (watch inbox or phone inbox). */
  deliver: (transfer: Transfer) => void;
}

const LINK_OWNER = "link";
/** A transfer held back by `reorderNext` with nothing behind it arrives after this many transfer delays. */
const HELD_BACK_TRANSFERS = 3;

export class Link {
  phoneInReach = true;
  private queues: Record<Direction, Transfer[]> = { "watch-to-phone": [], "phone-to-watch": [] };
  private inFlight: Record<Direction, boolean> = { "watch-to-phone": false, "phone-to-watch": false };
  private drops: Record<Direction, number> = { "watch-to-phone": 0, "phone-to-watch": 0 };
  private duplicates: Record<Direction, number> = { "watch-to-phone": 0, "phone-to-watch": 0 };
  private reorders: Record<Direction, number> = { "watch-to-phone": 0, "phone-to-watch": 0 };
  private heldBack: Record<Direction, Transfer[]> = { "watch-to-phone": [], "phone-to-watch": [] };

  constructor(
    private readonly clock: VirtualClock,
    readonly timing: LinkTiming,
    private readonly hooks: LinkHooks,
  ) {}

  /**
   * Queues a transfer. As the Fitbit file-transfer documentation says, a transfer with the same name
   * that is still queued (pending or transferring) is cancelled and replaced by the new one.
   */
  send(transfer: Transfer): void {
    const queue = this.queues[transfer.direction];
    const older = queue.filter((t) => t.name === transfer.name);
    for (const t of older) {
      queue.splice(queue.indexOf(t), 1);
      if (t.state === "transferring") this.inFlight[t.direction] = false; // its finish is ignored
      this.hooks.record({
        type: "sync",
        direction: t.direction,
        file: t.name,
        ok: false,
        reason: "replaced by a newer copy",
      });
      this.setState(t, "canceled");
    }
    queue.push(transfer);
    this.pump(transfer.direction);
  }

  cancel(transfer: Transfer): void {
    const queue = this.queues[transfer.direction];
    const i = queue.indexOf(transfer);
    if (i < 0) return;
    if (transfer.state === "transferring") this.inFlight[transfer.direction] = false;
    queue.splice(i, 1);
    this.setState(transfer, "canceled");
    this.pump(transfer.direction);
  }

  pending(direction: Direction): Transfer[] {
    return this.queues[direction].slice();
  }

  hasPending(): boolean {
    const waiting = (d: Direction) => this.queues[d].length > 0 || this.heldBack[d].length > 0;
    return waiting("watch-to-phone") || waiting("phone-to-watch");
  }

  /** The next `count` transfer attempts in `direction` fail (the sender sees readyState "error"). */
  dropNext(direction: Direction, count: number): void {
    this.drops[direction] += count;
  }

  /** The next `count` delivered transfers in `direction` reach the receiver twice (a retransmission after a lost confirmation). */
  duplicateNext(direction: Direction, count: number): void {
    this.duplicates[direction] += count;
  }

  /**
   * The next `count` delivered transfers in `direction` are overtaken: each reaches the receiver
   * only after the transfer behind it, or after a few transfer delays when nothing follows.
   */
  reorderNext(direction: Direction, count: number): void {
    this.reorders[direction] += count;
  }

  setPhoneInReach(inReach: boolean): void {
    if (this.phoneInReach === inReach) return;
    this.phoneInReach = inReach;
    this.hooks.record({ type: "link", state: inReach ? "phone-back" : "phone-away" });
    if (inReach) {
      this.pump("watch-to-phone");
      this.pump("phone-to-watch");
    }
  }

  private pump(direction: Direction): void {
    const queue = this.queues[direction];
    if (this.inFlight[direction] || queue.length === 0 || !this.phoneInReach) return;
    const transfer = queue[0];
    this.inFlight[direction] = true;
    this.setState(transfer, "transferring");
    this.clock.schedule(this.clock.now + this.timing.transferDelayMs, LINK_OWNER, () => this.finish(transfer));
  }

  private finish(transfer: Transfer): void {
    if (transfer.state !== "transferring") return; // cancelled or replaced while on its way
    const direction = transfer.direction;
    this.inFlight[direction] = false;
    const queue = this.queues[direction];
    if (!this.phoneInReach) {
      // The OS keeps the file queued and tries again once the phone is back.
      this.setState(transfer, "pending");
      this.hooks.record({ type: "sync", direction, file: transfer.name, ok: false, reason: "phone out of reach" });
      return;
    }
    queue.shift();
    if (this.drops[direction] > 0) {
      this.drops[direction]--;
      this.hooks.record({ type: "sync", direction, file: transfer.name, ok: false, reason: "dropped" });
      this.setState(transfer, "error");
    } else {
      this.hooks.record({ type: "sync", direction, file: transfer.name, ok: true });
      this.setState(transfer, "transferred");
      if (this.reorders[direction] > 0) {
        this.reorders[direction]--;
        this.holdBack(transfer);
      } else {
        this.handOver(transfer);
        this.releaseHeldBack(direction);
      }
    }
    this.pump(direction);
  }

  private handOver(transfer: Transfer): void {
    this.hooks.deliver(transfer);
    const direction = transfer.direction;
    if (this.duplicates[direction] === 0) return;
    this.duplicates[direction]--;
    this.clock.schedule(this.clock.now + this.timing.transferDelayMs, LINK_OWNER, () => {
      this.hooks.record({ type: "sync", direction, file: transfer.name, ok: true, duplicate: true });
      this.hooks.deliver(transfer);
    });
  }

  private holdBack(transfer: Transfer): void {
    const held = this.heldBack[transfer.direction];
    held.push(transfer);
    this.clock.schedule(this.clock.now + HELD_BACK_TRANSFERS * this.timing.transferDelayMs, LINK_OWNER, () => {
      const i = held.indexOf(transfer);
      if (i < 0) return;
      held.splice(i, 1);
      this.handOver(transfer);
    });
  }

  private releaseHeldBack(direction: Direction): void {
    const held = this.heldBack[direction].splice(0);
    for (const transfer of held) this.handOver(transfer);
  }

  private setState(transfer: Transfer, state: TransferState): void {
    transfer.state = state;
    transfer.onState(state);
  }
}
