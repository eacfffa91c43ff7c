// The watch's `file-transfer` module: the inbox of files from the phone (WatchState.inbox, which
// outlives app runs) and the outbox, whose files travel over the simulated link.
import { FakeEventTarget } from "./events";
import { Transfer, TransferState } from "./link";
import { Realm, bytesOf } from "./realm";
import { appFileName } from "./watch-fs";
import { WatchHost, WatchState } from "./watch-host";

/** The `outbox`: `enqueue` bytes or `enqueueFile` one of the app's files; each is a FakeFileTransfer. */
export function makeOutbox(realm: Realm, host: WatchHost): Record<string, unknown> {
  const P = realm.intrinsics.Promise;
  return {
    enqueue: (name: unknown, data: unknown) => {
      const bytes = bytesOf(data);
      if (!realm.alive) return new P(() => undefined); // the power is gone: nothing is queued
      if (typeof name !== "string" || name === "")
        return P.reject(new realm.intrinsics.TypeError("outbox.enqueue: name must be a non-empty string"));
      if (bytes === null)
        return P.reject(new realm.intrinsics.TypeError("outbox.enqueue: data must be an ArrayBuffer or a typed array"));
      return P.resolve(sendFile(realm, host, name, bytes));
    },
    enqueueFile: (file: unknown, name?: unknown) => {
      const stored = typeof file === "string" ? host.state.files.get(appFileName(file)) : undefined;
      if (stored === undefined)
        return P.reject(new realm.intrinsics.Error(`outbox.enqueueFile: no such file ${String(file)}`));
      return P.resolve(sendFile(realm, host, typeof name === "string" ? name : appFileName(String(file)), stored));
    },
    enumerate: () => P.resolve(realm.adopt([]) as unknown[]),
  };
}

function sendFile(realm: Realm, host: WatchHost, name: string, bytes: Uint8Array): unknown {
  const handle = new FakeFileTransfer(realm, name);
  const transfer: Transfer = {
    direction: "watch-to-phone",
    name,
    bytes,
    state: "pending",
    onState: (state: TransferState) => handle.setState(state),
  };
  handle.cancel = () => host.link.cancel(transfer);
  host.link.send(transfer);
  return handle;
}

class FakeFileTransfer extends FakeEventTarget {
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

export class FakeWatchInbox extends FakeEventTarget {
  constructor(
    realm: Realm,
    private readonly state: WatchState,
  ) {
    super(realm);
  }

  /** Moves the next received file into the app's files and returns its name. */
  nextFile(name?: string): string | undefined {
    const i = name === undefined ? 0 : this.state.inbox.findIndex((f) => f.name === name);
    if (i < 0 || i >= this.state.inbox.length) return undefined;
    const [file] = this.state.inbox.splice(i, 1);
    this.state.files.set(file.name, file.bytes);
    return file.name;
  }
}
