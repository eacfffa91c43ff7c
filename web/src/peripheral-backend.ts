// The wearable side as seen from a transport: read / write a characteristic by UUID, and the values
// it notifies. The in-page demo wearable and the browser tests' emulated peripheral both sit behind
// this small interface, so another implementation (the Bangle.js app in a fake runtime) can be
// plugged in without touching the page or the tests.
import { Subject, Observable } from "rxjs";
import { CHARACTERISTIC_KEYS, CHARACTERISTIC_UUIDS, CharacteristicKey } from "../../common/gatt-profile";
import { GattPeripheral } from "../../common/gatt-peripheral";

export interface Notification {
  uuid: string;
  value: Uint8Array;
}

export interface PeripheralBackend {
  /** The value a central reads now. */
  read(uuid: string): Uint8Array | Promise<Uint8Array>;
  /** A central wrote `value` (with response). */
  write(uuid: string, value: Uint8Array): void | Promise<void>;
  /** Values the peripheral notifies (live state, control point responses). */
  readonly notifications: Observable<Notification>;
  /** A central (re)connected. */
  connected(): void;
}

/** Characteristic key of a profile UUID, or null for a UUID outside the profile. */
export function keyOfUuid(uuid: string): CharacteristicKey | null {
  const wanted = uuid.toLowerCase();
  for (const key of CHARACTERISTIC_KEYS) if (CHARACTERISTIC_UUIDS[key] === wanted) return key;
  return null;
}

const NOTIFYING: CharacteristicKey[] = ["live", "control"];

/** A PeripheralBackend over common/gatt-peripheral.ts; `now` is the device clock. */
export class GattPeripheralBackend implements PeripheralBackend {
  private readonly notified = new Subject<Notification>();
  readonly notifications: Observable<Notification> = this.notified.asObservable();

  constructor(
    readonly peripheral: GattPeripheral,
    private readonly now: () => number,
  ) {}

  read(uuid: string): Uint8Array {
    const key = keyOfUuid(uuid);
    if (key === null) throw new Error("no characteristic " + uuid + " in the Steady Hold profile");
    return this.peripheral.value(key);
  }

  write(uuid: string, value: Uint8Array): void {
    const key = keyOfUuid(uuid);
    if (key === null) throw new Error("no characteristic " + uuid + " in the Steady Hold profile");
    this.notify(this.peripheral.write(key, value, this.now()));
  }

  connected(): void {
    this.notify(this.peripheral.connected());
  }

  /** Pushes the values of the changed keys that the profile notifies. */
  notify(keys: CharacteristicKey[]): void {
    for (const key of keys) {
      if (NOTIFYING.indexOf(key) >= 0)
        this.notified.next({ uuid: CHARACTERISTIC_UUIDS[key], value: this.peripheral.value(key) });
    }
  }
}
