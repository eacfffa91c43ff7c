// The web app's WearableClient on the in-page demo watch, as the web tests set it up: a clock the test
// moves (the watch and the page at UTC+1), no pause between retries, the live state not polled
// within a test, nothing logged.
import type { BehaviorSubject, Observable } from "rxjs";
import type { CharacteristicKey } from "../../common/gatt-profile";
import { BackendTransport } from "../../web/src/backend-transport";
import { DemoWearable } from "../../web/src/demo-wearable";
import { MemoryStore, ResultStore } from "../../web/src/store";
import type { LinkState, Transport } from "../../web/src/transport";
import { ClientOptions, DraftOutcome, WearableClient } from "../../web/src/wearable-client";
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
 * A Transport that hands every call to the watch's BackendTransport: the test transports (a watch
 * that spoils, fails, hooks or counts a step) extend it and override only that step.
 */
export class PassThroughTransport implements Transport {
  readonly state$: BehaviorSubject<LinkState>;
  constructor(protected readonly inner: BackendTransport) {
    this.state$ = inner.state$;
  }
  get name(): string {
    return this.inner.name;
  }
  get watchId(): string | null {
    return this.inner.watchId;
  }
  linkState(): LinkState {
    return this.inner.linkState();
  }
  connect(): Promise<void> {
    return this.inner.connect();
  }
  read(key: CharacteristicKey): Promise<Uint8Array> {
    return this.inner.read(key);
  }
  write(key: CharacteristicKey, value: Uint8Array): Promise<void> {
    return this.inner.write(key, value);
  }
  notifications(key: CharacteristicKey): Observable<Uint8Array> {
    return this.inner.notifications(key);
  }
  disconnect(): void {
    this.inner.disconnect();
  }
}

/** How demoClient sets up the watch, its transport and the client; every field has a default. */
export interface DemoClientOptions<T extends Transport, W extends DemoWearable> {
  /** Where the client stores results and the draft (default: a store that outlives the page). */
  store?: ResultStore;
  /** Wraps the watch's BackendTransport (a test transport that spoils, fails or counts). */
  wrap?: (inner: BackendTransport) => T;
  /** The watch (default: a demo watch, seed 7, on the clock). */
  wearable?: W;
  /** Its Transport.watchId (default "id of " + its name; null: the page's simulated watch). */
  watchId?: string | null;
  /** Client options over quietClientOptions (e.g. the browser's UTC offset). */
  client?: Partial<ClientOptions>;
}

/**
 * A demo watch called `name` on `clock` behind a BackendTransport (wrapped by `wrap` if given), and a
 * client on it that reconnects after 1 ms, storing into `options.store` — the connect-a-fake-watch
 * setup of the web client's tests, not yet opened.
 */
export function demoClient<T extends Transport = BackendTransport, W extends DemoWearable = DemoWearable>(
  name: string,
  clock: ManualClock,
  options: DemoClientOptions<T, W> = {},
): { wearable: W; transport: T; client: WearableClient } {
  const wearable = options.wearable ?? (new DemoWearable(clock, 7) as W);
  const watchId = options.watchId === undefined ? "id of " + name : options.watchId;
  const inner = new BackendTransport(name, wearable.backend, watchId);
  const transport = options.wrap ? options.wrap(inner) : (inner as unknown as T);
  const store = options.store ?? new MemoryStore({ lasting: true });
  const client = new WearableClient(transport, store, {
    ...quietClientOptions(clock, { reconnectDelayMs: 1 }),
    ...options.client,
  });
  return { wearable, transport, client };
}

/** demoClient opened (connected, the draft answered, results pulled), with the draft outcomes it reported. */
export async function connectedDemoClient<
  T extends Transport = BackendTransport,
  W extends DemoWearable = DemoWearable,
>(
  name: string,
  clock: ManualClock,
  options: DemoClientOptions<T, W> = {},
): Promise<{ wearable: W; transport: T; client: WearableClient; outcomes: DraftOutcome[] }> {
  const watch = demoClient(name, clock, options);
  const outcomes: DraftOutcome[] = [];
  watch.client.draftSent$.subscribe((outcome) => outcomes.push(outcome));
  await watch.client.open();
  return { ...watch, outcomes };
}
