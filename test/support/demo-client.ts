// The web app's WearableClient on the in-page demo watch, as the web tests set it up: a clock the test
// moves (the watch and the page at UTC+1), no pause between retries, the live state not polled
// within a test, nothing logged.
import { BackendTransport } from "../../web/src/backend-transport";
import { DemoWearable } from "../../web/src/demo-wearable";
import { MemoryStore, ResultStore } from "../../web/src/store";
import type { Transport } from "../../web/src/transport";
import { ClientOptions, WearableClient } from "../../web/src/wearable-client";
import { ManualClock } from "./manual-clock";

/** The demo watch's clock: 29 November 2026, 08:00 UTC, at UTC+1. */
export function demoClock(): ManualClock {
  return new ManualClock(Date.UTC(2026, 10, 29, 8, 0, 0), 60);
}

/** WearableClient options on `clock` (see above); `reconnection` says how it reconnects after a drop. */
export function quietClientOptions(
  clock: ManualClock,
  reconnection: Pick<ClientOptions, "reconnectAttempts" | "reconnectDelayMs">,
): ClientOptions {
  return {
    now: () => clock.now(),
    delay: async () => undefined,
    utcOffsetMinutes: () => 60,
    livePollMs: 3_600_000,
    log: () => undefined,
    ...reconnection,
  };
}

/**
 * A demo watch (seed 7) on `clock` behind a BackendTransport named `name` (wrapped by `wrap` if
 * given), and a client on it that reconnects after 1 ms, storing into `store` (by default a store
 * that outlives the page).
 */
export function demoClient<T extends Transport = BackendTransport>(
  name: string,
  clock: ManualClock,
  options: { store?: ResultStore; wrap?: (inner: BackendTransport) => T } = {},
): { wearable: DemoWearable; transport: T; client: WearableClient } {
  const wearable = new DemoWearable(clock, 7);
  const inner = new BackendTransport(name, wearable.backend, "id of " + name);
  const transport = options.wrap ? options.wrap(inner) : (inner as unknown as T);
  const store = options.store ?? new MemoryStore({ lasting: true });
  const client = new WearableClient(transport, store, quietClientOptions(clock, { reconnectDelayMs: 1 }));
  return { wearable, transport, client };
}
