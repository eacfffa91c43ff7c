// The Web Bluetooth transport against a fake BluetoothDevice: the browser hands out one device object
// per watch, so every Connect to the same watch makes a new transport on the same device. A closed
// transport must stop listening to it, or each Connect leaves a listener behind that still reacts to
// the next client's drops.
import { describe, expect, it } from "vitest";
import { BluetoothTransport } from "../web/src/bluetooth-transport";
import { LinkState } from "../web/src/transport";

class FakeDevice extends EventTarget {
  readonly name = "Bangle.js 2 test";
  connected = false;
  /** The distinct listeners of gattserverdisconnected (adding the same one again adds nothing, as in the DOM). */
  readonly dropListeners = new Set<EventListenerOrEventListenerObject | null>();
  readonly gatt = {
    connect: async () => {
      this.connected = true;
      return {
        getPrimaryService: async () => ({ getCharacteristic: async (uuid: string) => ({ uuid }) }),
      };
    },
    disconnect: () => {
      const was = this.connected;
      this.connected = false;
      if (was) this.dispatchEvent(new Event("gattserverdisconnected"));
    },
    get connected(): boolean {
      return false;
    },
  };

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (type === "gattserverdisconnected") this.dropListeners.add(listener);
    super.addEventListener(type, listener);
  }

  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (type === "gattserverdisconnected") this.dropListeners.delete(listener);
    super.removeEventListener(type, listener);
  }
}

function bluetoothFor(device: FakeDevice): Parameters<typeof BluetoothTransport.choose>[0] {
  return { requestDevice: async () => device } as unknown as Parameters<typeof BluetoothTransport.choose>[0];
}

describe("Web Bluetooth transport", () => {
  it("a closed transport stops listening to the device; the open one still hears its drop", async () => {
    const device = new FakeDevice();
    const first = await BluetoothTransport.choose(bluetoothFor(device));
    await first.connect();
    first.disconnect();
    const firstStates: LinkState[] = [];
    first.state$.subscribe((s) => firstStates.push(s));

    const second = await BluetoothTransport.choose(bluetoothFor(device));
    await second.connect();
    await second.connect(); // a reconnection on the same transport adds no second listener
    expect(second.linkState()).toBe("connected");
    expect(device.dropListeners.size).toBe(1);

    device.gatt.disconnect(); // the radio loses the watch
    expect(second.linkState()).toBe("disconnected");
    expect(second.closedOnPurpose).toBe(false); // a drop, not a Disconnect: the client may reconnect
    expect(firstStates).toEqual(["disconnected"]); // only its own state on subscribe, nothing from the drop
  });
});
