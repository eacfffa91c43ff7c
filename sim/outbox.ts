// The `outbox` of the file-transfer module, the same on the watch and on the phone: each queued file
// travels over the simulated link, and the app's FileTransfer object follows its state.
import { FakeEventTarget } from "./events";
import { Direction, Link, Transfer, TransferState } from "./link";
import { Realm, bytesOf } from "./realm";

/** What `outbox.enqueue` resolves to: `readyState` follows the transfer; `change` on every step. */
export class FakeFileTransfer extends FakeEventTarget {
  readyState: TransferState = "pending";
  cancel: () => void = () => undefined;

  constructor(
    realm: Realm,
    readonly name: string,
  ) {
    super(realm);
  }

  setState(state: TransferState): void {
    this.readyState = state;
    this.emit("change");
  }
}

/** Puts `bytes` on the link and returns the sender's FileTransfer object. */
export function sendFile(realm: Realm, link: Link, direction: Direction, name: string, bytes: Uint8Array): unknown {
  const handle = new FakeFileTransfer(realm, name);
  const transfer: Transfer = {
    direction,
    name,
    bytes,
    state: "pending",
    onState: (state: TransferState) => handle.setState(state),
  };
  handle.cancel = () => link.cancel(transfer);
  link.send(transfer);
  return handle;
}

/** `outbox.enqueue(name, data)`: rejects a bad name or data with the TypeError the device gives. */
export function enqueue(realm: Realm, link: Link, direction: Direction, name: unknown, data: unknown): unknown {
  const P = realm.intrinsics.Promise;
  const bytes = bytesOf(data);
  if (typeof name !== "string" || name === "")
    return P.reject(new realm.intrinsics.TypeError("outbox.enqueue: name must be a non-empty string"));
  if (bytes === null)
    return P.reject(new realm.intrinsics.TypeError("outbox.enqueue: data must be an ArrayBuffer or a typed array"));
  return P.resolve(sendFile(realm, link, direction, name, bytes));
}
