// One connection attempt at a time, in the built app in real Chromium with an emulated watch. A user
// double-clicks Connect, or clicks it again while the badge says "Connecting…" (the watch is slow to
// answer): before the fix each click started its own attempt, and both wrote the routine saved on
// this device, two equal revisions on the watch. Now Connect does nothing while an attempt runs
// (the button is disabled): one chooser, one connection, one routine write.
import { describe, expect, it } from "vitest";
import type { Page } from "puppeteer-core";
import { CHARACTERISTIC_UUIDS } from "../../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../../common/routine";
import type { PeripheralBackend } from "../../web/src/peripheral-backend";
import { DemoWearable } from "../../web/src/demo-wearable";
import { EmulatedPeripheral } from "./support/emulated-peripheral";
import { openPage, serveWebBuild, waitForText, useChromium } from "./support/chromium";
import { ManualClock } from "../support/manual-clock";

const chromium = useChromium();
const ADDRESS = "0A:0B:0C:0D:3E:01";
const EDITED: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 45 };

/** A watch whose first profile-version read waits until `answer()`: the page sits at "Connecting…" meanwhile. */
class SlowWatch {
  readonly wearable = new DemoWearable(new ManualClock(Date.UTC(2026, 10, 30, 8, 0, 0)), 3);
  private held: Promise<void>;
  answer!: () => void;
  constructor() {
    this.held = new Promise<void>((resolve) => (this.answer = resolve));
  }
  get backend(): PeripheralBackend {
    const backend = this.wearable.backend;
    return {
      notifications: backend.notifications,
      connected: () => backend.connected(),
      read: async (uuid) => {
        if (uuid === CHARACTERISTIC_UUIDS.version) await this.held;
        return backend.read(uuid);
      },
      write: (uuid, value) => backend.write(uuid, value),
    };
  }
}

async function setUp() {
  const server = await serveWebBuild();
  chromium.cleanUp(() => server.close());
  const { page, consoleErrors } = await openPage(chromium.browser(), server.url);
  chromium.cleanUp(() => page.close());
  const watch = new SlowWatch();
  const peripheral = await EmulatedPeripheral.create(chromium.browser(), watch.backend, ADDRESS, "Bangle.js 3e01");
  chromium.cleanUp(() => peripheral.close());
  // The user sets holds of 45 s while no watch is connected, and saves: the draft waits for the watch.
  await page.click('.tab[data-page="routine"]');
  await page.$eval("#routine-holdSeconds", (input) => ((input as HTMLInputElement).value = "45"));
  await page.click("#routine-send");
  await waitForText(page, "#routine-result", /^Saved on this device; it is sent to the watch when one connects/);
  await page.click('.tab[data-page="connect"]');
  return { page, consoleErrors, watch, peripheral };
}

/**
 * Answers every chooser the page opens by picking the watch, as a user would pick it each time it is
 * offered; counts the choosers.
 */
async function pickTheWatchEveryTime(page: Page): Promise<{ choosers: () => number }> {
  const cdp = await page.createCDPSession();
  chromium.cleanUp(() => cdp.detach().catch(() => undefined));
  await cdp.send("DeviceAccess.enable");
  const answered = new Set<string>();
  cdp.on("DeviceAccess.deviceRequestPrompted", (event) => {
    const device = event.devices.find((d) => d.id.toLowerCase() === ADDRESS.toLowerCase());
    if (device === undefined || answered.has(event.id)) return;
    answered.add(event.id);
    void cdp.send("DeviceAccess.selectPrompt", { id: event.id, deviceId: device.id }).catch(() => undefined);
  });
  return { choosers: () => answered.size };
}

const connectDisabled = (page: Page) => page.$eval("#connect", (b) => (b as HTMLButtonElement).disabled);

/** Connected, the draft answered, and a moment more for any second attempt to write. */
async function settled(page: Page, watch: SlowWatch): Promise<void> {
  watch.answer();
  await waitForText(page, "#link-badge", /^Connected/);
  await waitForText(page, "#routine-result", /^The routine saved on this device was sent to the watch/);
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

describe("Connect clicked twice", () => {
  it("a second click while Connecting… starts no second attempt: one chooser, one routine write", async () => {
    const { page, consoleErrors, watch, peripheral } = await setUp();
    const chooser = await pickTheWatchEveryTime(page);
    await page.click("#connect");
    await waitForText(page, "#link-badge", /^Connecting…/);
    const disabledWhileConnecting = await connectDisabled(page);
    await page.click("#connect"); // impatient: nothing seems to happen
    await settled(page, watch);
    expect(peripheral.writes("routine")).toHaveLength(1);
    expect(chooser.choosers()).toBe(1);
    expect(watch.wearable.routine()).toEqual(EDITED);
    expect(disabledWhileConnecting).toBe(true);
    expect(await page.$eval("#link-badge", (b) => b.textContent)).toBe("Connected: Bangle.js 3e01");
    expect(await connectDisabled(page)).toBe(false); // another watch may be chosen now
    expect(peripheral.failures).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("a double-click on Connect is one attempt", async () => {
    const { page, consoleErrors, watch, peripheral } = await setUp();
    const chooser = await pickTheWatchEveryTime(page);
    await page.click("#connect", { count: 2 });
    await waitForText(page, "#link-badge", /^Connecting…/);
    await settled(page, watch);
    expect(peripheral.writes("routine")).toHaveLength(1);
    expect(chooser.choosers()).toBe(1);
    expect(watch.wearable.routine()).toEqual(EDITED);
    expect(await page.$eval("#message", (m) => m.textContent)).toMatch(/^Connected to Bangle\.js 3e01\./);
    expect(peripheral.failures).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
