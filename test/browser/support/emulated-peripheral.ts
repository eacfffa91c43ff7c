// A Steady Hold wearable inside real Chromium, through the CDP BluetoothEmulation domain (on the
// browser target). Every GATT operation the page makes is answered by a PeripheralBackend — first
// the demo wearable's GattPeripheral in Node; the Bangle.js app's handlers can be plugged in the
// same way. Faults (a malformed value, a dropped link) are injected here, between the two.
import type { Browser, CDPSession } from "puppeteer-core";
import {
  CCCD_UUID,
  CHARACTERISTIC_KEYS,
  CHARACTERISTIC_UUIDS,
  CharacteristicKey,
  SERVICE_UUID,
} from "../../../common/gatt-profile";
import type { PeripheralBackend } from "../../../web/src/peripheral-backend";

/** GATT_ERROR (0x85), what a stack reports for an operation cut by a lost link. */
const GATT_ERROR = 0x85;

const PROPERTIES: { [K in CharacteristicKey]: { read?: boolean; write?: boolean; notify?: boolean } } = {
  version: { read: true },
  routine: { read: true, write: true },
  results: { read: true, write: true },
  live: { read: true, notify: true },
  control: { read: true, write: true, notify: true },
};

export interface GattLogEntry {
  key: CharacteristicKey;
  /** "dropped": the operation the link dropped under (answered with a GATT error). */
  type: "read" | "write" | "dropped";
  bytes: Uint8Array;
}

/** Decides what a read returns: the backend's value, other bytes, or the value followed by a dropped link. */
export type ReadFault = (key: CharacteristicKey, value: Uint8Array, log: GattLogEntry[]) => Uint8Array | "drop-after";

export class EmulatedPeripheral {
  readonly log: GattLogEntry[] = [];
  connections = 0;
  readFault: ReadFault | null = null;
  private readonly keyOfId = new Map<string, CharacteristicKey>();
  private readonly errors: string[] = [];
  private serviceId = "";
  private dropOnNextOperation = false;
  /** Resolves when the service is published (it is re-published after every drop). */
  private ready: Promise<void> = Promise.resolve();

  private constructor(
    private readonly cdp: CDPSession,
    readonly address: string,
    private readonly backend: PeripheralBackend,
  ) {}

  /** Enables emulation on `browser` and announces a pre-connected peripheral at `address`, called `name`. */
  static async create(
    browser: Browser,
    backend: PeripheralBackend,
    address = "09:09:09:09:09:01",
    name = "Steady Hold test watch",
  ): Promise<EmulatedPeripheral> {
    const cdp = await browser.target().createCDPSession();
    const peripheral = new EmulatedPeripheral(cdp, address, backend);
    await cdp.send("BluetoothEmulation.enable", { state: "powered-on", leSupported: true });
    await cdp.send("BluetoothEmulation.simulatePreconnectedPeripheral", {
      address,
      name,
      manufacturerData: [],
      knownServiceUuids: [SERVICE_UUID],
    });
    await peripheral.addService();
    cdp.on("BluetoothEmulation.gattOperationReceived", (event) => void peripheral.onGatt(event.type));
    cdp.on(
      "BluetoothEmulation.characteristicOperationReceived",
      (event) => void peripheral.onCharacteristic(event.characteristicId, event.type, event.data),
    );
    cdp.on("BluetoothEmulation.descriptorOperationReceived", (event) => {
      void cdp
        .send("BluetoothEmulation.simulateDescriptorOperationResponse", {
          descriptorId: event.descriptorId,
          type: event.type,
          code: 0,
          data: event.type === "read" ? Buffer.from([0, 0]).toString("base64") : undefined,
        })
        .catch((e) => peripheral.errors.push(String(e)));
    });
    return peripheral;
  }

  /** Publishes the service; the emulator forgets it when the link drops, as a real central re-discovers. */
  private async addService(): Promise<void> {
    const { serviceId } = await this.cdp.send("BluetoothEmulation.addService", {
      address: this.address,
      serviceUuid: SERVICE_UUID,
    });
    this.serviceId = serviceId;
    this.keyOfId.clear();
    for (const key of CHARACTERISTIC_KEYS) {
      const { characteristicId } = await this.cdp.send("BluetoothEmulation.addCharacteristic", {
        serviceId,
        characteristicUuid: CHARACTERISTIC_UUIDS[key],
        properties: PROPERTIES[key],
      });
      this.keyOfId.set(characteristicId, key);
      if (PROPERTIES[key].notify)
        await this.cdp.send("BluetoothEmulation.addDescriptor", { characteristicId, descriptorUuid: CCCD_UUID });
    }
  }

  /** Operations the emulator could not answer (a test asserts this stays empty). */
  get failures(): string[] {
    return this.errors;
  }

  writes(key: CharacteristicKey): Uint8Array[] {
    return this.log.filter((e) => e.type === "write" && e.key === key).map((e) => e.bytes);
  }

  /** The link drops, as when the watch walks out of range. */
  async disconnect(): Promise<void> {
    await this.cdp.send("BluetoothEmulation.simulateGATTDisconnection", { address: this.address });
    await this.cdp.send("BluetoothEmulation.removeService", { serviceId: this.serviceId }).catch(() => undefined);
    this.ready = this.addService();
    await this.ready;
  }

  /** The central's radio: "powered-off" as when the user turns Bluetooth off. */
  async setCentralState(state: "absent" | "powered-off" | "powered-on"): Promise<void> {
    await this.cdp.send("BluetoothEmulation.setSimulatedCentralState", { state });
  }

  async close(): Promise<void> {
    await this.cdp.send("BluetoothEmulation.disable").catch(() => undefined);
    await this.cdp.detach().catch(() => undefined);
  }

  private async onGatt(type: "connection" | "discovery"): Promise<void> {
    await this.ready.catch((e) => this.errors.push(String(e)));
    if (type === "connection") {
      this.connections++;
      this.backend.connected();
    }
    await this.cdp
      .send("BluetoothEmulation.simulateGATTOperationResponse", { address: this.address, type, code: 0 })
      .catch((e) => this.errors.push(String(e)));
  }

  private async onCharacteristic(characteristicId: string, type: string, data: string | undefined): Promise<void> {
    const key = this.keyOfId.get(characteristicId);
    if (this.dropOnNextOperation && (type === "read" || type === "write")) {
      this.dropOnNextOperation = false;
      this.log.push({
        key: key ?? "version",
        type: "dropped",
        bytes: new Uint8Array(Buffer.from(data ?? "", "base64")),
      });
      await this.cdp
        .send("BluetoothEmulation.simulateCharacteristicOperationResponse", {
          characteristicId,
          type: type as "read",
          code: GATT_ERROR,
        })
        .catch((e) => this.errors.push(String(e)));
      await this.disconnect();
      return;
    }
    try {
      if (key === undefined) throw new Error("operation on unknown characteristic " + characteristicId);
      if (type === "read") {
        let value = await this.backend.read(CHARACTERISTIC_UUIDS[key]);
        if (this.readFault) {
          let faulted = this.readFault(key, value, this.log);
          if (faulted === "drop-after") {
            // The value goes out; the central's next operation fails and the link drops under it.
            // (The emulator delivers no disconnection while an operation is left pending.)
            this.readFault = null;
            this.dropOnNextOperation = true;
            faulted = value;
          }
          value = faulted;
        }
        this.log.push({ key, type: "read", bytes: value });
        await this.cdp.send("BluetoothEmulation.simulateCharacteristicOperationResponse", {
          characteristicId,
          type: "read",
          code: 0,
          data: Buffer.from(value).toString("base64"),
        });
      } else if (type === "write") {
        const bytes = new Uint8Array(Buffer.from(data ?? "", "base64"));
        this.log.push({ key, type: "write", bytes });
        await this.backend.write(CHARACTERISTIC_UUIDS[key], bytes);
        await this.cdp.send("BluetoothEmulation.simulateCharacteristicOperationResponse", {
          characteristicId,
          type: "write",
          code: 0,
        });
      } else {
        await this.cdp.send("BluetoothEmulation.simulateCharacteristicOperationResponse", {
          characteristicId,
          type: type as "subscribe-to-notifications",
          code: 0,
        });
      }
    } catch (error) {
      this.errors.push(String(error));
    }
  }
}
