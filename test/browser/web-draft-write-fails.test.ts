// A routine saved on the page while no watch was connected, whose write the watch never answers at
// connect (the built app in real Chromium, the watch emulated over CDP BluetoothEmulation). Before the
// fix the whole connection failed ("Could not connect: The watch did not answer the request"), so the
// sessions waiting on the watch could not be fetched either. Now the page connects, stores the
// sessions, says the routine was not sent and why, keeps it in the form, and the user's Save sends it.
import { describe, expect, it } from "vitest";
import type { Page } from "puppeteer-core";
import { CHARACTERISTIC_UUIDS } from "../../common/gatt-profile";
import type { PeripheralBackend } from "../../web/src/peripheral-backend";
import { EmulatedPeripheral } from "./support/emulated-peripheral";
import { openPage, serveWebBuild, waitForText, useChromium } from "./support/chromium";
import { connect, storedIds } from "./support/page";
import { FIVE_HOLDS_EACH, wearableWithResults } from "./support/wearable";

const chromium = useChromium();

/** The watch's backend, losing routine writes while `lose.on`: the watch never sees them, so never answers. */
function losingRoutineWrites(backend: PeripheralBackend, lose: { on: boolean }): PeripheralBackend {
  return {
    notifications: backend.notifications,
    connected: () => backend.connected(),
    read: (uuid) => backend.read(uuid),
    write: async (uuid, value) => {
      if (!lose.on || uuid !== CHARACTERISTIC_UUIDS.routine) await backend.write(uuid, value);
    },
  };
}

const shownHold = (page: Page) => page.$eval("#routine-holdSeconds", (input) => (input as HTMLInputElement).value);

describe("a routine draft the watch never answers at connect", () => {
  it("the page connects and stores the sessions; the draft stays in the form, marked not sent, and Save sends it", async () => {
    const server = await serveWebBuild();
    chromium.cleanUp(() => server.close());
    const { wearable } = wearableWithResults(2, FIVE_HOLDS_EACH);
    const lose = { on: true };
    const peripheral = await EmulatedPeripheral.create(
      chromium.browser(),
      losingRoutineWrites(wearable.backend, lose),
      "0A:0B:0C:0D:4E:01",
      "Bangle.js 4e01",
    );
    chromium.cleanUp(() => peripheral.close());
    const { page, consoleErrors } = await openPage(chromium.browser(), server.url);
    chromium.cleanUp(() => page.close());

    await page.click('.tab[data-page="routine"]');
    await page.$eval("#routine-holdSeconds", (input) => ((input as HTMLInputElement).value = "45"));
    await page.click("#routine-send");
    await waitForText(page, "#routine-result", /^Saved on this device; it is sent to the watch when one connects/);
    await page.click('.tab[data-page="connect"]');

    await connect(page, peripheral);
    await waitForText(
      page,
      "#routine-result",
      /^The routine saved on this device was not sent to the watch \(The watch did not answer the request \(opcode 0x20\)\)\. It stays in the form, saved on this device, and is sent at the next connection, or now if you press Save\.$/,
    );
    await page.click('.tab[data-page="history"]');
    await waitForText(page, "#stored-count", /^2 sessions stored/);
    expect(await storedIds(page)).toHaveLength(2);
    expect(wearable.storedResults).toBe(0); // acknowledged once stored
    expect(peripheral.writes("routine")).toHaveLength(1);
    expect(wearable.routine()).toEqual(FIVE_HOLDS_EACH);

    // The form still holds the user's routine; Save sends it now that the watch hears it.
    await page.click('.tab[data-page="routine"]');
    expect(await shownHold(page)).toBe("45");
    lose.on = false;
    await page.click("#routine-send");
    await waitForText(page, "#routine-result", /^Routine saved on the watch/);
    expect(wearable.routine().holdSeconds).toBe(45);
    expect(peripheral.writes("routine")).toHaveLength(2);
    expect(await page.$eval("#link-badge", (b) => b.textContent)).toBe("Connected: Bangle.js 4e01");
    expect(peripheral.failures).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
