// The routine form after the watch refused the routine saved on this page while no watch was
// connected (the built app in real Chromium, the wearable emulated over CDP BluetoothEmulation).
// What the user saw before the fix: they set holds to 45 s with no watch at hand and saved; on
// connecting, the watch refused it — and the form switched to the watch's own routine (30 s), with a
// line saying "save the routine again to retry". Pressing Save again then saved the WATCH's routine:
// the edit was gone. Now the form keeps the refused draft and says it was refused, and why; a busy
// watch (0x04, in a session) gets it again when its session ends.
import { describe, expect, it } from "vitest";
import type { Page } from "puppeteer-core";
import { CHARACTERISTIC_UUIDS } from "../../common/gatt-profile";
import { DEFAULT_ROUTINE } from "../../common/routine";
import type { PeripheralBackend } from "../../web/src/peripheral-backend";
import { EmulatedPeripheral } from "./support/emulated-peripheral";
import { openPage, serveWebBuild, waitForText, useChromium } from "./support/chromium";
import { connect } from "./support/page";
import { ManualClock } from "../support/manual-clock";
import { WatchBusyInSession } from "../support/refusing-watch";

const chromium = useChromium();
let addressCounter = 0;

/** The watch's backend, with its routine writes spoilt while `spoil.on` (daily goal 9: answered 0x03). */
function spoilingRoutineWrites(backend: PeripheralBackend, spoil: { on: boolean }): PeripheralBackend {
  return {
    notifications: backend.notifications,
    connected: () => backend.connected(),
    read: (uuid) => backend.read(uuid),
    write: (uuid, value) => {
      if (!spoil.on || uuid !== CHARACTERISTIC_UUIDS.routine) return backend.write(uuid, value);
      const spoilt = value.slice();
      spoilt[10] = 9;
      return backend.write(uuid, spoilt);
    },
  };
}

/** A watch emulated at a new address, or at `address` (the same watch emulated anew). */
async function emulate(
  backend: PeripheralBackend,
  spoil: { on: boolean },
  name?: string,
  address?: string,
): Promise<EmulatedPeripheral> {
  addressCounter++;
  const peripheral = await EmulatedPeripheral.create(
    chromium.browser(),
    spoilingRoutineWrites(backend, spoil),
    address ?? "0A:0B:0C:0D:1E:" + String(addressCounter).padStart(2, "0"),
    name,
  );
  chromium.cleanUp(() => peripheral.close());
  return peripheral;
}

async function setUp(spoil: { on: boolean }) {
  const server = await serveWebBuild();
  chromium.cleanUp(() => server.close());
  const wearable = new WatchBusyInSession(new ManualClock(Date.UTC(2026, 10, 30, 8, 0, 0)), 3);
  const peripheral = await emulate(wearable.backend, spoil);
  const { page, consoleErrors } = await openPage(chromium.browser(), server.url);
  chromium.cleanUp(() => page.close());
  return { wearable, peripheral, page, consoleErrors };
}

const shownHold = (page: Page) => page.$eval("#routine-holdSeconds", (input) => (input as HTMLInputElement).value);

/** The user sets holds of 45 s on the Routine tab while no watch is connected, and saves. */
async function saveDraftWhileDisconnected(page: Page): Promise<void> {
  await page.click('.tab[data-page="routine"]');
  await page.$eval("#routine-holdSeconds", (input) => ((input as HTMLInputElement).value = "45"));
  await page.click("#routine-send");
  await waitForText(page, "#routine-result", /^Saved on this device; it is sent to the watch when one connects/);
  await page.click('.tab[data-page="connect"]');
}

describe("the routine form after the watch refused the saved routine", () => {
  it("refused as invalid: the form keeps the user's routine, says it was refused and why, and Save sends it", async () => {
    const spoil = { on: true };
    const { wearable, page, peripheral, consoleErrors } = await setUp(spoil);
    await saveDraftWhileDisconnected(page);
    await connect(page, peripheral);
    await waitForText(page, "#routine-result", /refused the routine saved on this device \(invalid parameter\)/);
    expect(wearable.routine()).toEqual(DEFAULT_ROUTINE);
    expect(await shownHold(page)).toBe("45");

    // Reloaded: still the user's routine, still marked refused.
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector("html[data-ready='true']");
    expect(await shownHold(page)).toBe("45");
    await waitForText(page, "#routine-result", /refused .*\(invalid parameter\)/);

    // Connected again: not sent again by itself, the form still the user's. (A reload ends the
    // page's Bluetooth emulation: the same watch, at its address, is emulated anew.)
    await peripheral.close();
    const again = await emulate(wearable.backend, spoil, undefined, peripheral.address);
    await connect(page, again);
    await waitForText(page, "#message", /^Connected to /);
    expect(again.writes("routine")).toHaveLength(0);
    expect(await shownHold(page)).toBe("45");

    // "Save again" saves the user's 45 s, not the watch's 30 s.
    spoil.on = false;
    await page.click('.tab[data-page="routine"]');
    await page.click("#routine-send");
    await waitForText(page, "#routine-result", /Routine saved on the watch/);
    expect(wearable.routine()).toEqual({ ...DEFAULT_ROUTINE, holdSeconds: 45 });
    expect(consoleErrors).toEqual([]);
  });

  it("refused as invalid by one watch: another watch (another name) is offered it at connect and takes it", async () => {
    const { wearable, page, peripheral, consoleErrors } = await setUp({ on: true });
    await saveDraftWhileDisconnected(page);
    await connect(page, peripheral);
    await waitForText(page, "#routine-result", /refused the routine saved on this device \(invalid parameter\)/);
    expect(wearable.routine()).toEqual(DEFAULT_ROUTINE);
    await page.click("#disconnect");
    await waitForText(page, "#link-badge", /^Not connected/);
    await peripheral.close();

    // Review 31: the refusal is the first watch's (IndexedDB keeps its name), not this one's.
    const other = new WatchBusyInSession(new ManualClock(Date.UTC(2026, 10, 30, 8, 0, 0)), 4);
    const otherPeripheral = await emulate(other.backend, { on: false }, "Steady Hold other watch");
    await connect(page, otherPeripheral);
    await waitForText(page, "#routine-result", /^The routine saved on this device was sent to the watch/);
    expect(otherPeripheral.writes("routine")).toHaveLength(1);
    expect(other.routine()).toEqual({ ...DEFAULT_ROUTINE, holdSeconds: 45 });
    expect(await shownHold(page)).toBe("45");
    expect(consoleErrors).toEqual([]);
  });

  it("refused as busy in a session: the form keeps the user's routine, says it waits, and it goes when the session ends", async () => {
    const { wearable, page, peripheral, consoleErrors } = await setUp({ on: false });
    wearable.control("start", Date.UTC(2026, 10, 30, 8, 0, 0)); // a session started on the watch
    await saveDraftWhileDisconnected(page);
    await connect(page, peripheral);
    await waitForText(page, "#routine-result", /sent again when the session ends/);
    expect(wearable.routine()).toEqual(DEFAULT_ROUTINE);
    expect(await shownHold(page)).toBe("45");

    await page.click('.tab[data-page="live"]');
    await page.click("#cmd-end");
    await waitForText(page, "#routine-result", /^The routine saved on this device was sent to the watch/);
    expect(wearable.routine()).toEqual({ ...DEFAULT_ROUTINE, holdSeconds: 45 });
    expect(await shownHold(page)).toBe("45");
    expect(consoleErrors).toEqual([]);
  });
});
