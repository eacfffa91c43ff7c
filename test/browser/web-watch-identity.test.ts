// Watches told apart by what identifies them (BluetoothDevice.id, stable per origin), not by their
// advertised name, in the built app in real Chromium with emulated watches. Two Bangle.js 2 watches
// of a household may share a name: before the fix, a routine one of them refused (an older app with
// narrower bounds) was never offered to the other, which counted as the same watch. Refusals stored
// by an older page (by name) are still read: the draft stays the user's, and each watch is offered
// it once, since a name cannot say which of two watches refused it.
import { describe, expect, it } from "vitest";
import type { Page } from "puppeteer-core";
import { CHARACTERISTIC_UUIDS } from "../../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../../common/routine";
import type { PeripheralBackend } from "../../web/src/peripheral-backend";
import { DemoWearable } from "../../web/src/demo-wearable";
import { EmulatedPeripheral } from "./support/emulated-peripheral";
import { openPage, serveWebBuild, waitForText, useChromium } from "./support/chromium";
import { connect } from "./support/page";
import { ManualClock } from "../support/manual-clock";

const chromium = useChromium();
const SHARED_NAME = "Bangle.js 1a2b";
const EDITED: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 45 };

/** A watch at `address` called `name`; while `narrow`, it refuses the page's routines (daily goal spoilt to 9: 0x03). */
class Watch {
  readonly wearable = new DemoWearable(new ManualClock(Date.UTC(2026, 10, 30, 8, 0, 0)), 3);
  narrow: boolean;
  constructor(
    readonly address: string,
    narrow: boolean,
  ) {
    this.narrow = narrow;
  }
  get backend(): PeripheralBackend {
    const backend = this.wearable.backend;
    return {
      notifications: backend.notifications,
      connected: () => backend.connected(),
      read: (uuid) => backend.read(uuid),
      write: (uuid, value) => {
        if (!this.narrow || uuid !== CHARACTERISTIC_UUIDS.routine) return backend.write(uuid, value);
        const spoilt = value.slice();
        spoilt[10] = 9;
        return backend.write(uuid, spoilt);
      },
    };
  }
  /** Emulated anew (a page reload ends the page's emulation; one watch is emulated at a time). */
  async emulate(): Promise<EmulatedPeripheral> {
    const peripheral = await EmulatedPeripheral.create(chromium.browser(), this.backend, this.address, SHARED_NAME);
    chromium.cleanUp(() => peripheral.close());
    return peripheral;
  }
}

async function setUp() {
  const server = await serveWebBuild();
  chromium.cleanUp(() => server.close());
  const { page, consoleErrors } = await openPage(chromium.browser(), server.url);
  chromium.cleanUp(() => page.close());
  return { page, consoleErrors };
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

async function disconnect(page: Page, peripheral: EmulatedPeripheral): Promise<void> {
  await page.click("#disconnect");
  await waitForText(page, "#link-badge", /^Not connected/);
  await peripheral.close();
}

describe("two watches sharing a name", () => {
  it("a routine one refused is not sent to it again, and the other (same name) is offered it and takes it", async () => {
    const { page, consoleErrors } = await setUp();
    const narrow = new Watch("0A:0B:0C:0D:2E:01", true);
    const wide = new Watch("0A:0B:0C:0D:2E:02", false);
    await saveDraftWhileDisconnected(page);

    let peripheral = await narrow.emulate();
    await connect(page, peripheral);
    await waitForText(page, "#routine-result", /refused the routine saved on this device \(invalid parameter\)/);
    await disconnect(page, peripheral);

    peripheral = await narrow.emulate(); // the same watch again: not asked again
    await connect(page, peripheral);
    await waitForText(page, "#message", /^Connected to /);
    expect(peripheral.writes("routine")).toHaveLength(0);
    await disconnect(page, peripheral);

    peripheral = await wide.emulate(); // the other watch, same name
    await connect(page, peripheral);
    await waitForText(page, "#routine-result", /^The routine saved on this device was sent to the watch/);
    expect(peripheral.writes("routine")).toHaveLength(1);
    expect(wide.wearable.routine()).toEqual(EDITED);
    expect(narrow.wearable.routine()).toEqual(DEFAULT_ROUTINE);
    expect(await shownHold(page)).toBe("45");
    expect(consoleErrors).toEqual([]);
  });

  it("a refusal stored by an older page, by name, is still read and the draft kept; each watch is offered it once", async () => {
    const { page, consoleErrors } = await setUp();
    // What an older page left in IndexedDB: the draft, refused by a watch it knew by name only.
    await page.evaluate(
      (draft, name) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open("steady-hold");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction("meta", "readwrite");
            tx.objectStore("meta").put(draft, "routineDraft");
            tx.objectStore("meta").put("invalid parameter", "routineDraftRefusal");
            tx.objectStore("meta").put([name], "routineDraftRefusedBy");
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      EDITED,
      SHARED_NAME,
    );
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector("html[data-ready='true']");
    expect(await shownHold(page)).toBe("45");
    await waitForText(page, "#routine-result", /refused .*\(invalid parameter\)/);

    const narrow = new Watch("0A:0B:0C:0D:2E:03", true);
    let peripheral = await narrow.emulate();
    await connect(page, peripheral);
    await waitForText(page, "#routine-result", /refused the routine saved on this device \(invalid parameter\)/);
    expect(peripheral.writes("routine")).toHaveLength(1); // offered once: the name could not say it was this one
    await disconnect(page, peripheral);

    peripheral = await narrow.emulate(); // now known by its id: not asked again
    await connect(page, peripheral);
    await waitForText(page, "#message", /^Connected to /);
    expect(peripheral.writes("routine")).toHaveLength(0);
    await disconnect(page, peripheral);

    const wide = new Watch("0A:0B:0C:0D:2E:04", false);
    peripheral = await wide.emulate();
    await connect(page, peripheral);
    await waitForText(page, "#routine-result", /^The routine saved on this device was sent to the watch/);
    expect(wide.wearable.routine()).toEqual(EDITED);
    expect(consoleErrors).toEqual([]);
  });
});

describe("the simulated watch and a routine saved for the user's watch", () => {
  it("is not sent to the simulated watch; what the user saves there stays there; the user's watch gets the saved routine", async () => {
    const { page, consoleErrors } = await setUp();
    await saveDraftWhileDisconnected(page);
    await page.click("#demo");
    await waitForText(page, "#message", /^Connected to Simulated watch\.$/);
    await page.click('.tab[data-page="routine"]');
    expect(await shownHold(page)).toBe(String(DEFAULT_ROUTINE.holdSeconds)); // the simulated watch's own
    await page.$eval("#routine-holdSeconds", (input) => ((input as HTMLInputElement).value = "20"));
    await page.click("#routine-send");
    await waitForText(page, "#routine-result", /Routine saved on the watch/);
    expect(await shownHold(page)).toBe("20");
    await page.click('.tab[data-page="connect"]');
    await page.click("#disconnect");
    await waitForText(page, "#link-badge", /^Not connected/);
    // Off the simulated watch, the form shows the routine saved for the user's watch again.
    await page.waitForFunction(
      () => (document.getElementById("routine-holdSeconds") as HTMLInputElement).value === "45",
    );

    // Reloaded: the routine saved for the user's watch still waits.
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector("html[data-ready='true']");
    expect(await shownHold(page)).toBe("45");
    await waitForText(page, "#routine-result", /not yet on the watch/);

    const watch = new Watch("0A:0B:0C:0D:2E:05", false);
    const peripheral = await watch.emulate();
    await connect(page, peripheral);
    await waitForText(page, "#routine-result", /^The routine saved on this device was sent to the watch/);
    expect(peripheral.writes("routine")).toHaveLength(1);
    expect(watch.wearable.routine()).toEqual(EDITED);
    expect(consoleErrors).toEqual([]);
  });
});
