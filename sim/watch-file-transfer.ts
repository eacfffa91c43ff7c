// The watch's `file-transfer` module: the inbox of files from the phone (WatchState.inbox, which
// outlives app runs) and the outbox, whose files travel over the simulated link.
import { FakeEventTarget } from "./events";
import { enqueue, sendFile } from "./outbox";
import { Realm } from "./realm";
import { appFileName, putFile } from "./watch-fs";
import { SideClock } from "./faults";
import { WatchHost, WatchState } from "./watch-host";

/** The `outbox` (sim/outbox.ts), plus `enqueueFile` for one of the app's files. */
export function makeOutbox(realm: Realm, host: WatchHost): Record<string, unknown> {
  const P = realm.intrinsics.Promise;
  return {
    enqueue: (name: unknown, data: unknown) =>
      // the power is gone: nothing is queued
      realm.alive ? enqueue(realm, host.link, "watch-to-phone", name, data) : new P(() => undefined),
    enqueueFile: (file: unknown, name?: unknown) => {
      const stored = typeof file === "string" ? host.state.files.get(appFileName(file)) : undefined;
      if (stored === undefined)
        return P.reject(new realm.intrinsics.Error(`outbox.enqueueFile: no such file ${String(file)}`));
      const sentName = typeof name === "string" ? name : appFileName(String(file));
      return P.resolve(sendFile(realm, host.link, "watch-to-phone", sentName, stored));
    },
    enumerate: () => P.resolve(realm.adopt([]) as unknown[]),
  };
}

export class FakeWatchInbox extends FakeEventTarget {
  constructor(
    realm: Realm,
    private readonly state: WatchState,
    private readonly wallClock: SideClock,
  ) {
    super(realm);
  }

  /** Moves the next received file into the app's files (modified now, by the watch's clock) and returns its name. */
  nextFile(name?: string): string | undefined {
    const i = name === undefined ? 0 : this.state.inbox.findIndex((f) => f.name === name);
    if (i < 0 || i >= this.state.inbox.length) return undefined;
    const [file] = this.state.inbox.splice(i, 1);
    putFile(this.state.files, file.name, file.bytes, this.wallClock.now());
    return file.name;
  }
}
