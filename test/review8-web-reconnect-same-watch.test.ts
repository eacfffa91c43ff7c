// Review 8: the page's own path (main.ts connectBluetooth → ClientSlot.clear → startClient) when the
// user presses Connect again, picks the same watch, while the first connection is still being set up.
// Web Bluetooth hands out one BluetoothDevice per watch, so both BluetoothTransports share one gatt
// server. Closing the old client disconnects it (right: that was asked), which rejects the old
// attempt's pending read; the old open() then takes its ordinary error path (not "overtaken"), says
// "could not be reached" and calls gatt.disconnect() once more — this time cancelling the NEW client's
// gatt.connect(). The second Connect fails although nothing is wrong with the watch or the radio.
// Second case: the old client's reconnection retry timer keeps running after close(); when it fires,
// connectOnce's ensureCurrent sees `closed` and calls the old transport's disconnect() — the shared
// gatt server's — cutting the new client's established link (a drop, a reconnection, a pull cut).
// The fake device behaves as Chrome's: disconnect() rejects a pending connect() (AbortError) and
// pending reads/writes (NetworkError), and fires gattserverdisconnected when it was connected.
import { describe, expect, it } from "vitest";
import { Subscription } from "rxjs";
import { DemoWearable } from "../web/src/demo-wearable";
import { BluetoothTransport } from "../web/src/bluetooth-transport";
import { ClientSlot } from "../web/src/client-slot";
import { MemoryStore } from "../web/src/store";
import { ClientOptions, WearableClient } from "../web/src/wearable-client";
import { CHARACTERISTIC_UUIDS } from "../common/gatt-profile";
import type { PeripheralBackend } from "../web/src/peripheral-backend";
import { demoClock, quietClientOptions } from "./support/demo-client";

const LATENCY_MS = 3;

function domError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** One watch as Web Bluetooth shows it: a BluetoothDevice with one gatt server, over a PeripheralBackend. */
class FakeDevice extends EventTarget {
  readonly name = "Steady Hold watch";
  connected = false;
  /** While true, connect() fails as for a watch out of range. */
  outOfRange = false;
  private pending: Array<(error: Error) => void> = [];
  firstReadStarted: Promise<void>;
  private readStarted!: () => void;

  constructor(private readonly backend: PeripheralBackend) {
    super();
    this.firstReadStarted = new Promise((resolve) => (this.readStarted = resolve));
  }

  /** An operation that takes LATENCY_MS and is rejected with `error` if the link goes first. */
  private operation<T>(work: () => T, error: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cancel = (e: Error) => {
        clearTimeout(timer);
        reject(e);
      };
      const timer = setTimeout(() => {
        this.pending = this.pending.filter((p) => p !== cancel);
        try {
          resolve(work());
        } catch (e) {
          reject(e);
        }
      }, LATENCY_MS);
      this.pending.push((e) => cancel(e ?? error()));
    });
  }

  private characteristic(uuid: string) {
    const device = this;
    return {
      uuid,
      value: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      startNotifications: async () => undefined,
      stopNotifications: async () => undefined,
      readValue(): Promise<DataView> {
        if (!device.connected) return Promise.reject(domError("NetworkError", "GATT Server is disconnected."));
        device.readStarted();
        return device.operation(
          () => {
            const bytes = (device.backend.read(uuid) as Uint8Array).slice();
            return new DataView(bytes.buffer);
          },
          () => domError("NetworkError", "GATT Server is disconnected."),
        );
      },
      writeValueWithResponse(value: Uint8Array): Promise<void> {
        if (!device.connected) return Promise.reject(domError("NetworkError", "GATT Server is disconnected."));
        return device.operation(
          () => void device.backend.write(uuid, value.slice()),
          () => domError("NetworkError", "GATT Server is disconnected."),
        );
      },
    };
  }

  readonly gatt = {
    device: this,
    get connected(): boolean {
      return this.device.connected;
    },
    connect: () =>
      this.operation(
        () => {
          if (this.outOfRange) throw domError("NetworkError", "Bluetooth Device is no longer in range.");
          this.connected = true;
          this.backend.connected();
          return {
            getPrimaryService: async () => ({
              getCharacteristic: async (uuid: string) => this.characteristic(uuid),
            }),
          };
        },
        () => domError("AbortError", "Connection attempt aborted by disconnect()."),
      ),
    /** The radio loses the watch: as disconnect(), but not asked for. */
    drop: () => this.gatt.disconnect(),
    disconnect: () => {
      const wasConnected = this.connected;
      this.connected = false;
      const pending = this.pending;
      this.pending = [];
      for (const cancel of pending) cancel(undefined as unknown as Error);
      if (wasConnected) this.dispatchEvent(new Event("gattserverdisconnected"));
    },
  };
}

async function settle(ms = 300): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One demo watch behind a FakeDevice, a Web Bluetooth whose requestDevice returns that same
 * BluetoothDevice every time (as Web Bluetooth does for the same watch), and the page's way to make
 * a client on a chosen transport (one store that outlives the page; `reconnection` as given).
 */
function oneWatch(reconnection: Pick<ClientOptions, "reconnectAttempts" | "reconnectDelayMs">) {
  const clock = demoClock();
  const wearable = new DemoWearable(clock, 7);
  const device = new FakeDevice(wearable.backend);
  const bluetooth = { requestDevice: async () => device } as unknown as Parameters<typeof BluetoothTransport.choose>[0];
  const store = new MemoryStore({ lasting: true });
  const newClient = (transport: BluetoothTransport) =>
    new WearableClient(transport, store, quietClientOptions(clock, reconnection));
  return { wearable, device, bluetooth, newClient };
}

describe("review 8: Connect again to the same watch while the first connection is being set up", () => {
  it("the second client connects and stays connected", async () => {
    // The profile's UUIDs are lower case, as the fake's reads look them up.
    expect(CHARACTERISTIC_UUIDS.version).toBe(CHARACTERISTIC_UUIDS.version.toLowerCase());
    const { wearable, device, bluetooth, newClient } = oneWatch({ reconnectAttempts: 0 });
    const clients = new ClientSlot<WearableClient>();

    // First Connect: the watch is picked; the client connects and starts checking the profile.
    const first = clients.replace(newClient(await BluetoothTransport.choose(bluetooth)), () => new Subscription());
    void first.open().catch(() => undefined);
    await device.firstReadStarted;

    // Connect pressed again, the same watch picked (main.ts connectBluetooth → clear → startClient).
    const transport = await BluetoothTransport.choose(bluetooth);
    clients.clear();
    const second = clients.replace(newClient(transport), () => new Subscription());
    const outcome = second.open().then(
      () => "connected",
      (error: Error) => "rejected: " + error.message,
    );
    await settle();

    expect(await outcome).toBe("connected");
    expect({ link: second.status$.value.link, watch: device.connected }).toEqual({ link: "connected", watch: true });
    clients.clear();
    wearable.dispose();
  });

  it("after Disconnect during a reconnection, the old client's pending retry does not cut the new client's link", async () => {
    const { wearable, device, bluetooth, newClient } = oneWatch({ reconnectDelayMs: 100 });
    const clients = new ClientSlot<WearableClient>();
    const first = clients.replace(newClient(await BluetoothTransport.choose(bluetooth)), () => new Subscription());
    await first.open();
    expect(first.status$.value.link).toBe("connected");

    // The watch goes out of range: the link drops, the first reconnection attempt fails, the next waits 100 ms.
    device.outOfRange = true;
    device.gatt.drop();
    await settle(20);
    expect(first.status$.value.link).toBe("reconnecting");

    // The user presses Disconnect (main.ts: clients.current.close()), the watch is back, Connect, same watch.
    clients.current?.close();
    device.outOfRange = false;
    const transport = await BluetoothTransport.choose(bluetooth);
    clients.clear();
    const second = clients.replace(newClient(transport), () => new Subscription());
    const links: string[] = [];
    second.status$.subscribe((s) => links.push(s.link));
    await second.open();
    expect(second.status$.value.link).toBe("connected");

    await settle(400); // past the old client's retry timer
    expect({
      link: second.status$.value.link,
      watch: device.connected,
      dropSeen: links.includes("reconnecting"),
    }).toEqual({ link: "connected", watch: true, dropSeen: false });
    clients.clear();
    wearable.dispose();
  });
});
