// A PeripheralBackend whose every answer comes from the BUILT Bangle.js app's own GATT handlers,
// running in the project's fake Bangle runtime (sim/bangle): the browser test then proves that the
// web companion and the watch app speak the same profile.
import { Observable, Subject } from "rxjs";
import type { FakeBangle } from "../../../sim/bangle/runtime";
import type { Notification, PeripheralBackend } from "../../../web/src/peripheral-backend";

export class BangleBackend implements PeripheralBackend {
  private readonly notified = new Subject<Notification>();
  readonly notifications: Observable<Notification> = this.notified.asObservable();

  constructor(readonly bangle: FakeBangle) {
    bangle.gatt.onNotify((uuid, value) => this.notified.next({ uuid, value }));
  }

  read(uuid: string): Uint8Array {
    return this.bangle.gatt.read(uuid);
  }

  write(uuid: string, value: Uint8Array): void {
    this.bangle.gatt.write(uuid, value);
  }

  connected(): void {
    this.bangle.gatt.connect();
  }
}
