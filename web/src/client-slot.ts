// The page's one current wearable client and the page's subscriptions to it. Replacing the client
// first unsubscribes the page from the old one and then closes it, so nothing the old client still
// says (its "Disconnected.", a reconnection it was running) reaches the badge or the message line.
import { Subscription } from "rxjs";

/** What the slot needs of a client: a way to close it on purpose. */
export interface Closable {
  close(): void;
}

export class ClientSlot<C extends Closable> {
  private currentClient: C | null = null;
  private wiring = new Subscription();

  /** The client the page shows and commands (null before the first connection). */
  get current(): C | null {
    return this.currentClient;
  }

  /** Makes `next` the current client; `wire` subscribes the page to it and returns those subscriptions. */
  replace(next: C, wire: (client: C) => Subscription): C {
    this.clear();
    this.currentClient = next;
    this.wiring = wire(next);
    return next;
  }

  /** Unsubscribes the page from the current client, then closes it. */
  clear(): void {
    this.wiring.unsubscribe();
    this.wiring = new Subscription();
    const old = this.currentClient;
    this.currentClient = null;
    old?.close();
  }
}
