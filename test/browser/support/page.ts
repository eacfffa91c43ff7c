// What the browser tests ask of the page: connecting to an emulated watch, and what IndexedDB holds.
import type { Page } from "puppeteer-core";
import type { EmulatedPeripheral } from "./emulated-peripheral";
import { clickAndChooseDevice, waitForText } from "./chromium";

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
