// Review 44, in real Chromium: Connect pressed while the page says "Reconnecting…", the same watch
// picked in the chooser, as that reconnection writes the routine saved on this device. See
// test/review44-connect-while-reconnecting.test.ts for the cause (the closed client's swallowed
// draft-write failure reaches ensureCurrent, whose transport.disconnect() is device.gatt.disconnect()
// of the BluetoothDevice the new connection shares).
//
// Status: FIXED (fixweb4): see the Node test's header.
//
// What the user sees (Chromium 156, measured): the badge "Not connected" and "The watch could not be
// reached or the link dropped (Not connected to the watch.). Bring it closer and try again."; the
// routine form still says "Saved on this device; it is sent to the watch when one connects".
// What they should see: "Connected to Bangle.js 4401. The routine saved on this device was sent to
// the watch …" — what the page showed before fixweb3: this test passes with web/src/wearable-client.ts
// of 79287bc built into build/web/.
import { describe, expect, it } from "vitest";
import { CHARACTERISTIC_UUIDS } from "../../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../../common/routine";
import type { PeripheralBackend } from "../../web/src/peripheral-backend";
import { DemoWearable } from "../../web/src/demo-wearable";
import { EmulatedPeripheral } from "./support/emulated-peripheral";
import { clickAndChooseDevice, openPage, serveWebBuild, waitForText, useChromium } from "./support/chromium";
import { connect } from "./support/page";
import { ManualClock } from "../support/manual-clock";

const chromium = useChromium();
const ADDRESS = "0A:0B:0C:0D:44:01";
const EDITED: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 45 };

/** A watch whose profile-version read and routine write can be held (slow to answer) until released. */
class HoldingWatch {
  readonly wearable = new DemoWearable(new ManualClock(Date.UTC(2026, 10, 30, 8, 0, 0)), 3);
  holdVersion = false;
  holdRoutine = false;
  private releaseVersion: () => void = () => undefined;
  private releaseRoutine: () => void = () => undefined;
  private reachedRoutine: () => void = () => undefined;
  readonly routineWriteReached = new Promise<void>((resolve) => (this.reachedRoutine = resolve));
  answerVersion(): void {
    this.holdVersion = false;
    this.releaseVersion();
  }
  answerRoutine(): void {
    this.holdRoutine = false;
    this.releaseRoutine();
  }
  get backend(): PeripheralBackend {
    const backend = this.wearable.backend;
    return {
      notifications: backend.notifications,
      connected: () => backend.connected(),
      read: async (uuid) => {
        if (uuid === CHARACTERISTIC_UUIDS.version && this.holdVersion)
          await new Promise<void>((resolve) => (this.releaseVersion = resolve));
        return backend.read(uuid);
      },
      write: async (uuid, value) => {
        if (uuid === CHARACTERISTIC_UUIDS.routine && this.holdRoutine) {
          this.reachedRoutine();
          await new Promise<void>((resolve) => (this.releaseRoutine = resolve));
        }
        return backend.write(uuid, value);
      },
    };
  }
}

describe("review 44 (Chromium): Connect while 'Reconnecting…', as the reconnection writes the draft", () => {
  it("the new connection stays up and sends the routine", async () => {
    const server = await serveWebBuild();
    chromium.cleanUp(() => server.close());
    const { page } = await openPage(chromium.browser(), server.url);
    chromium.cleanUp(() => page.close());
    const watch = new HoldingWatch();
    const peripheral = await EmulatedPeripheral.create(chromium.browser(), watch.backend, ADDRESS, "Bangle.js 4401");
    chromium.cleanUp(() => peripheral.close());
    await connect(page, peripheral);

    // The link drops; the page's reconnection is slow (the watch answers late).
    watch.holdVersion = true;
    await peripheral.disconnect();
    await waitForText(page, "#link-badge", /^Reconnecting…/);
    // Meanwhile the user saves a routine: it waits for the watch.
    await page.click('.tab[data-page="routine"]');
    await page.$eval("#routine-holdSeconds", (input) => ((input as HTMLInputElement).value = "45"));
    await page.click("#routine-send");
    await waitForText(page, "#routine-result", /^Saved on this device; it is sent to the watch when one connects/);
    await page.click('.tab[data-page="connect"]');
    // The reconnection goes on and writes the draft; the watch is slow to take it.
    watch.holdRoutine = true;
    watch.answerVersion();
    await watch.routineWriteReached;

    // The user presses Connect and picks the same watch; then the watch answers the old write.
    await clickAndChooseDevice(page, "#connect", ADDRESS);
    await new Promise((resolve) => setTimeout(resolve, 300));
    watch.answerRoutine();
    await waitForText(page, "#routine-result", /^The routine saved on this device was sent to the watch/, 15000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await page.$eval("#link-badge", (b) => b.textContent)).toBe("Connected: Bangle.js 4401");
    expect(await page.$eval("#message", (m) => m.textContent)).not.toMatch(/Could not connect|dropped/);
    expect(watch.wearable.routine()).toEqual(EDITED);
  });
});
