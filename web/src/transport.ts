// The transport between the page (the GATT central) and a wearable: real Web Bluetooth or the
// in-page demo wearable implement it; the companion logic above it never knows which.
// Values are raw bytes; the codec in common/gatt-profile.ts gives them meaning.
import type { Observable } from "rxjs";
import type { CharacteristicKey } from "../../common/gatt-profile";

export type LinkState = "disconnected" | "connecting" | "connected";

export interface Transport {
  /** Human name of the device ("Bangle.js 2 a1b2", "Simulated watch"). */
  readonly name: string;
  /**
   * What tells this watch from every other across connections and page loads: Web Bluetooth's
   * BluetoothDevice.id (kept for this origin while the browser remembers the user's pick; docs/web.md).
   * Never the name, which two watches of a household may share. Null for the page's simulated watch: it is no one's watch,
   * so nothing saved on the page for a watch is sent to it or settled by it.
   */
  readonly watchId: string | null;
  /** Link state; emits the current state on subscribe. */
  readonly state$: Observable<LinkState>;
  /** The link state now. */
  linkState(): LinkState;
  /**
   * Opens (or re-opens after a drop) the GATT link and discovers the Steady Hold service.
   * Rejects with an Error whose message is meant for the user.
   */
  connect(): Promise<void>;
  read(key: CharacteristicKey): Promise<Uint8Array>;
  write(key: CharacteristicKey, value: Uint8Array): Promise<void>;
  /** Notified values of a characteristic; subscribing enables notifications on the device. */
  notifications(key: CharacteristicKey): Observable<Uint8Array>;
  /** Closes the link on purpose (no reconnection follows). */
  disconnect(): void;
}

/** A copy of the bytes in a DataView (Web Bluetooth hands out views that the browser may reuse). */
export function bytesOfView(view: DataView): Uint8Array {
  const out = new Uint8Array(view.byteLength);
  out.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return out;
}
