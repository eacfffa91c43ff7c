// What the browser tests ask of the page: connecting to an emulated watch, the Routine tab on a demo
// watch, and what IndexedDB holds.
import type { Page } from "puppeteer-core";
import { DEFAULT_ROUTINE } from "../../../common/routine";
import { DemoWearable } from "../../../web/src/demo-wearable";
import { ManualClock } from "../../support/manual-clock";
import { EmulatedPeripheral } from "./emulated-peripheral";
import { clickAndChooseDevice, openPage, serveWebBuild, useChromium, waitForText } from "./chromium";

/** Clicks Connect and picks the emulated watch in the browser's chooser. */
export async function connect(page: Page, peripheral: EmulatedPeripheral): Promise<void> {
  await clickAndChooseDevice(page, "#connect", peripheral.address);
  await waitForText(page, "#link-badge", /^Connected/);
}

export async function storedIds(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open("steady-hold");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction("results").objectStore("results").getAllKeys();
          request.onsuccess = () => resolve(request.result.map(String));
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/**
 * A page served from the web build, connected to a demo watch running DEFAULT_ROUTINE (emulated as
 * `name` at `address`), on its Routine tab once the form shows the watch's routine; all closed at
 * the test's end.
 */
export async function routineTabOnDemoWatch(
  chromium: ReturnType<typeof useChromium>,
  address: string,
  name: string,
): Promise<{ page: Page; wearable: DemoWearable; peripheral: EmulatedPeripheral }> {
  const server = await serveWebBuild();
  chromium.cleanUp(() => server.close());
  const { page } = await openPage(chromium.browser(), server.url);
  chromium.cleanUp(() => page.close());
  const wearable = new DemoWearable(new ManualClock(Date.UTC(2026, 10, 30, 8, 0, 0)), 3);
  wearable.setRoutine(DEFAULT_ROUTINE);
  const peripheral = await EmulatedPeripheral.create(chromium.browser(), wearable.backend, address, name);
  chromium.cleanUp(() => peripheral.close());
  await connect(page, peripheral);
  await page.click('.tab[data-page="routine"]');
  await page.waitForFunction(
    (value: string) => (document.querySelector("#routine-holdSeconds") as HTMLInputElement).value === value,
    {},
    String(DEFAULT_ROUTINE.holdSeconds),
  );
  return { page, wearable, peripheral };
}
