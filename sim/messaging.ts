// `messaging.peerSocket` on both sides: open only while the watch app and the companion both run
// and the phone is in reach; a message in flight when it closes is lost, as on the real link.
import { VirtualClock } from "./clock";
import { decodeCbor, encodeCbor } from "./cbor";
import { FakeEventTarget } from "./events";
import { Realm } from "./realm";

/** Bytes of one message the Fitbit API accepts (MessageSocket.MAX_MESSAGE_SIZE). */
export const MAX_MESSAGE_SIZE = 1027;

export class MessageEndpoint {
  socket: FakeSocket | null = null;
  peer!: MessageEndpoint;

  constructor(private readonly channel: MessageChannel) {}

  socketFor(realm: Realm): FakeSocket {
    this.socket = new FakeSocket(realm, this.channel, this);
    return this.socket;
  }
}

export class MessageChannel {
  readonly watch: MessageEndpoint;
  readonly phone: MessageEndpoint;
  private open = false;

  constructor(
    private readonly clock: VirtualClock,
    private readonly delayMs: number,
    private readonly isConnected: () => boolean,
  ) {
    this.watch = new MessageEndpoint(this);
    this.phone = new MessageEndpoint(this);
    this.watch.peer = this.phone;
    this.phone.peer = this.watch;
  }

  isOpen(): boolean {
    return this.open;
  }

  /** Re-evaluates the connection after a side started or stopped or the phone moved. */
  update(): void {
    const open = this.isConnected();
    if (open === this.open) return;
    this.open = open;
    for (const end of [this.watch, this.phone]) {
      if (!end.socket?.realmAlive()) continue;
      if (open) end.socket.emit("open");
      else end.socket.emit("close", { code: 1, wasClean: false, reason: "connection lost" });
    }
  }

  send(from: MessageEndpoint, data: unknown): void {
    const bytes = encodeCbor(data);
    if (bytes.length > MAX_MESSAGE_SIZE) throw new Error(`message of ${bytes.length} bytes exceeds MAX_MESSAGE_SIZE`);
    this.clock.schedule(this.clock.now + this.delayMs, "link", () => {
      const target = from.peer.socket;
      if (!this.open || !target || !target.realmAlive()) return;
      target.emit("message", { data: target.adopt(decodeCbor(bytes)) });
    });
  }
}

export class FakeSocket extends FakeEventTarget {
  readonly OPEN = "open";
  readonly CLOSED = "closed";
  readonly MAX_MESSAGE_SIZE = MAX_MESSAGE_SIZE;
  readonly bufferedAmount = 0;

  constructor(
    realm: Realm,
    private readonly channel: MessageChannel,
    private readonly end: MessageEndpoint,
  ) {
    super(realm);
  }

  get readyState(): string {
    return this.channel.isOpen() ? this.OPEN : this.CLOSED;
  }

  send(data: unknown): void {
    if (!this.channel.isOpen()) throw new this.realm.intrinsics.Error("peerSocket is not open");
    try {
      this.channel.send(this.end, data);
    } catch (e) {
      throw new this.realm.intrinsics.Error((e as Error).message);
    }
  }

  realmAlive(): boolean {
    return this.realm.alive;
  }

  adopt(value: unknown): unknown {
    return this.realm.adopt(value);
  }
}
