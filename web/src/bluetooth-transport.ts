// Transport over real Web Bluetooth. The chooser is opened once (requestDevice needs a user
// gesture); reconnections after a drop reuse the chosen device with gatt.connect().
import { BehaviorSubject, Observable } from "rxjs";
import { CHARACTERISTIC_KEYS, CHARACTERISTIC_UUIDS, CharacteristicKey, SERVICE_UUID } from "../../common/gatt-profile";
import { LinkState, Transport, bytesOfView } from "./transport";

export class BluetoothTransport implements Transport {
  readonly state$ = new BehaviorSubject<LinkState>("disconnected");
  private characteristics: { [K in CharacteristicKey]?: BluetoothRemoteGATTCharacteristic } = {};
  private closing = false;

  /** Listens to the device only while this transport may be linked: every Connect to the same watch makes a new transport. */
  private readonly dropped = (): void => {
    this.characteristics = {};
    this.state$.next("disconnected");
  };

  private constructor(private readonly device: BluetoothDevice) {}

  get name(): string {
    return this.device.name || "Steady Hold watch";
  }

  get watchId(): string {
    return this.device.id;
  }

  /** Opens the browser's device chooser, filtered to the Steady Hold service. Call from a click handler. */
  static async choose(bluetooth: Bluetooth): Promise<BluetoothTransport> {
    const device = await bluetooth.requestDevice({ filters: [{ services: [SERVICE_UUID] }] });
    return new BluetoothTransport(device);
  }

  linkState(): LinkState {
    return this.state$.value;
  }

  async connect(): Promise<void> {
    const gatt = this.device.gatt;
    if (!gatt) throw new Error("This device has no GATT server.");
    this.closing = false;
    this.device.addEventListener("gattserverdisconnected", this.dropped); // once: the same function again adds nothing
    this.state$.next("connecting");
    try {
      const server = await gatt.connect();
      const service = await server.getPrimaryService(SERVICE_UUID);
      const found: { [K in CharacteristicKey]?: BluetoothRemoteGATTCharacteristic } = {};
      for (const key of CHARACTERISTIC_KEYS) found[key] = await service.getCharacteristic(CHARACTERISTIC_UUIDS[key]);
      this.characteristics = found;
      this.state$.next("connected");
    } catch (error) {
      this.state$.next("disconnected");
      throw error;
    }
  }

  private characteristic(key: CharacteristicKey): BluetoothRemoteGATTCharacteristic {
    const c = this.characteristics[key];
    if (!c) {
      const error = new Error("Not connected to the watch.");
      error.name = "NetworkError";
      throw error;
    }
    return c;
  }

  async read(key: CharacteristicKey): Promise<Uint8Array> {
    return bytesOfView(await this.characteristic(key).readValue());
  }

  async write(key: CharacteristicKey, value: Uint8Array): Promise<void> {
    await this.characteristic(key).writeValueWithResponse(value as Uint8Array<ArrayBuffer>);
  }

  notifications(key: CharacteristicKey): Observable<Uint8Array> {
    return new Observable<Uint8Array>((subscriber) => {
      let characteristic: BluetoothRemoteGATTCharacteristic;
      try {
        characteristic = this.characteristic(key);
      } catch (error) {
        subscriber.error(error);
        return undefined;
      }
      const listener = (event: Event) => {
        const value = (event.target as BluetoothRemoteGATTCharacteristic).value;
        if (value) subscriber.next(bytesOfView(value));
      };
      characteristic.addEventListener("characteristicvaluechanged", listener);
      characteristic.startNotifications().catch((error: unknown) => subscriber.error(error));
      return () => {
        characteristic.removeEventListener("characteristicvaluechanged", listener);
        if (this.device.gatt?.connected) characteristic.stopNotifications().catch(() => undefined);
      };
    });
  }

  disconnect(): void {
    this.closing = true;
    this.device.removeEventListener("gattserverdisconnected", this.dropped);
    this.device.gatt?.disconnect();
    this.characteristics = {};
    this.state$.next("disconnected");
  }

  /** True after disconnect(): the drop was wanted, do not reconnect. */
  get closedOnPurpose(): boolean {
    return this.closing;
  }
}
