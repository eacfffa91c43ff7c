// A Transport straight onto a PeripheralBackend in the same page (the demo wearable): no radio,
// but the same asynchronous calls and byte values as over Web Bluetooth.
import { BehaviorSubject, Observable, filter, map } from "rxjs";
import { CHARACTERISTIC_UUIDS, CharacteristicKey } from "../../common/gatt-profile";
import { PeripheralBackend } from "./peripheral-backend";
import { LinkState, Transport } from "./transport";

export class BackendTransport implements Transport {
  readonly state$ = new BehaviorSubject<LinkState>("disconnected");

  /** `watchId`: null for the simulated watch; tests give a backend standing in for a real watch an id. */
  constructor(
    readonly name: string,
    private readonly backend: PeripheralBackend,
    readonly watchId: string | null,
  ) {}

  linkState(): LinkState {
    return this.state$.value;
  }

  async connect(): Promise<void> {
    this.state$.next("connecting");
    await Promise.resolve();
    this.backend.connected();
    this.state$.next("connected");
  }

  private ensureConnected(): void {
    if (this.state$.value !== "connected") {
      const error = new Error("Not connected to the watch.");
      error.name = "NetworkError";
      throw error;
    }
  }

  async read(key: CharacteristicKey): Promise<Uint8Array> {
    this.ensureConnected();
    const value = await this.backend.read(CHARACTERISTIC_UUIDS[key]);
    return value.slice();
  }

  async write(key: CharacteristicKey, value: Uint8Array): Promise<void> {
    this.ensureConnected();
    await this.backend.write(CHARACTERISTIC_UUIDS[key], value.slice());
  }

  notifications(key: CharacteristicKey): Observable<Uint8Array> {
    const uuid = CHARACTERISTIC_UUIDS[key];
    return this.backend.notifications.pipe(
      filter((n) => n.uuid === uuid && this.state$.value === "connected"),
      map((n) => n.value.slice()),
    );
  }

  disconnect(): void {
    this.state$.next("disconnected");
  }
}
