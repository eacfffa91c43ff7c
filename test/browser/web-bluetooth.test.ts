// The built web app in real Chromium against an emulated Steady Hold peripheral (CDP
// BluetoothEmulation) whose answers come from the shared peripheral logic in Node.
import { describe, expect, it } from "vitest";
import { decodeControlCommand, decodeResultsValue } from "../../common/gatt-profile";
import { EmulatedPeripheral } from "./support/emulated-peripheral";
import {
  clickAndChooseDevice,
  StaticServer,
  openPage,
  screenshot,
  serveWebBuild,
  waitForText,
  useChromium,
} from "./support/chromium";
import { FIVE_HOLDS_EACH, wearableWithResults } from "./support/wearable";
import { connect, storedIds } from "./support/page";

const chromium = useChromium();

let addressCounter = 0;

async function setUp(sessions: number, bouncing: number[] = []) {
  const server: StaticServer = await serveWebBuild();
  chromium.cleanUp(() => server.close());
  const { wearable } = wearableWithResults(sessions, FIVE_HOLDS_EACH, bouncing);
  addressCounter++;
  const peripheral = await EmulatedPeripheral.create(
    chromium.browser(),
    wearable.backend,
    "0A:0B:0C:0D:0E:" + String(addressCounter).padStart(2, "0"),
  );
  chromium.cleanUp(() => peripheral.close());
  const { page, consoleErrors } = await openPage(chromium.browser(), server.url);
  chromium.cleanUp(() => page.close());
  return { server, wearable, peripheral, page, consoleErrors };
}

function ackedIds(peripheral: EmulatedPeripheral): string[] {
  const ids: string[] = [];
  for (const bytes of peripheral.writes("control")) {
    const command = decodeControlCommand(bytes);
    if (command.ok && command.value.op === "ack-result") ids.push(command.value.id);
  }
  return ids;
}

describe("web app over emulated Web Bluetooth", () => {
  it("connects, pulls every result in chunks, stores it before acknowledging, and shows the history with bounce warnings", async () => {
    const { wearable, peripheral, page, consoleErrors } = await setUp(2, [1]);
    const ids = wearable.resultIds();
    await screenshot(page, "connect-page");
    await connect(page, peripheral);
    await waitForText(page, "#message", /2 new sessions stored/);
    expect(wearable.storedResults).toBe(0);
    expect(ackedIds(peripheral)).toEqual(ids);
    expect((await storedIds(page)).sort()).toEqual(ids.slice().sort());
    const chunkReads = peripheral.log.filter(
      (e) => e.type === "read" && e.key === "results" && decodeResultsValue(e.bytes).ok && e.bytes[0] === 1,
    );
    expect(chunkReads.length).toBeGreaterThanOrEqual(4); // each record takes two chunks or more
    await page.click('.tab[data-page="history"]');
    await waitForText(page, "#stored-count", /^2 sessions stored/);
    await waitForText(page, "#sessions", /bounce warning/);
    expect(await page.$$eval("#chart-steadiness canvas, #chart-balance canvas", (c) => c.length)).toBe(2);
    await screenshot(page, "history-page");
    expect(peripheral.failures).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("writes the routine and confirms it through the control point; refuses out-of-range values with the settings page's message", async () => {
    const { wearable, peripheral, page } = await setUp(0);
    await connect(page, peripheral);
    await page.click('.tab[data-page="routine"]');
    await page.$eval("#routine-holdSeconds", (input) => ((input as HTMLInputElement).value = "75"));
    await page.click("#routine-send");
    await waitForText(page, "#routine-holdSeconds-error", /^Hold: 75 is outside 5–60$/);
    expect(peripheral.writes("routine")).toHaveLength(0);
    await page.$eval("#routine-holdSeconds", (input) => ((input as HTMLInputElement).value = "45"));
    await page.select("#routine-aid", "band");
    await page.click("#routine-send");
    await waitForText(page, "#routine-result", /Routine saved on the watch/);
    expect(wearable.routine()).toEqual({ ...FIVE_HOLDS_EACH, holdSeconds: 45, aid: "band" });
    expect(peripheral.writes("routine")).toHaveLength(1);
  });

  it("resumes a result transfer cut by a dropped link: reconnects by itself, nothing lost, nothing stored or acknowledged twice", async () => {
    const { wearable, peripheral, page } = await setUp(2);
    const ids = wearable.resultIds();
    let chunks = 0;
    // Right after the first chunk of the first record the watch goes out of range: the central's
    // next operation (writing the cursor of the second chunk) fails and the link drops.
    peripheral.readFault = (key, value) =>
      key === "results" && value[0] === 1 && ++chunks === 1 ? "drop-after" : value;
    await connect(page, peripheral);
    await waitForText(page, "#message", /new sessions? stored/);
    await page.waitForFunction(() => document.querySelector("#link-badge")?.textContent?.startsWith("Connected"));
    expect(peripheral.connections).toBeGreaterThanOrEqual(2);
    expect(wearable.storedResults).toBe(0);
    expect(ackedIds(peripheral)).toEqual(ids);
    expect((await storedIds(page)).sort()).toEqual(ids.slice().sort());
    // The cursor write the link dropped under, and the first cursor written after reconnecting: the same, past 0.
    const dropAt = peripheral.log.findIndex((e) => e.type === "dropped");
    expect(dropAt).toBeGreaterThan(0);
    expect(peripheral.log[dropAt].key).toBe("results");
    const cursor = (bytes: Uint8Array) => bytes[0] | (bytes[1] << 8);
    const cutAt = cursor(peripheral.log[dropAt].bytes);
    expect(cutAt).toBeGreaterThan(0);
    const resumed = peripheral.log.slice(dropAt + 1).find((e) => e.type === "write" && e.key === "results");
    expect(resumed && cursor(resumed.bytes)).toBe(cutAt);
    expect(peripheral.failures).toEqual([]);
  });

  it("shows a malformed value from the watch in plain words, stores nothing and acknowledges nothing", async () => {
    const { wearable, peripheral, page } = await setUp(1);
    peripheral.readFault = (key, value) => (key === "results" && value[0] === 1 ? new Uint8Array([7, 1, 0, 0]) : value);
    await connect(page, peripheral);
    const message = await waitForText(page, "#message", /could not be read, so it was not stored/);
    expect(message).toContain("results: unknown value kind 7");
    expect(await page.$eval("#message", (m) => m.getAttribute("role"))).toBe("alert");
    expect(await storedIds(page)).toEqual([]);
    expect(ackedIds(peripheral)).toEqual([]);
    expect(wearable.storedResults).toBe(1);
  });

  it("refuses a watch that speaks another profile major, naming both versions", async () => {
    const { peripheral, page } = await setUp(0);
    peripheral.readFault = (key, value) => (key === "version" ? new Uint8Array([2, 1, 128, 0]) : value);
    await clickAndChooseDevice(page, "#connect", peripheral.address);
    await waitForText(page, "#message", /speaks Steady Hold profile 2\.1 but this side speaks 1\.1/);
    await waitForText(page, "#link-badge", /Not connected/);
  });

  it("says so when the user cancels the chooser", async () => {
    const { peripheral, page } = await setUp(0);
    const cdp = await page.createCDPSession();
    await cdp.send("DeviceAccess.enable");
    // The prompt is announced twice (see clickAndChooseDevice); it is cancelled once, when it lists the watch.
    let cancelled = false;
    cdp.on("DeviceAccess.deviceRequestPrompted", (event) => {
      if (cancelled || event.devices.length === 0) return;
      cancelled = true;
      void cdp.send("DeviceAccess.cancelPrompt", { id: event.id });
    });
    await page.click("#connect");
    await waitForText(page, "#message", /^No watch was chosen\. Press Connect, then pick your watch/);
    await cdp.detach();
    expect(peripheral.connections).toBe(0);
  });

  it("says so when the device has no Bluetooth adapter (getAvailability false)", async () => {
    const { peripheral, page } = await setUp(0);
    await peripheral.setCentralState("absent");
    await page.click("#connect");
    await waitForText(page, "#message", /^Bluetooth is off or this device has no Bluetooth adapter/);
    expect(peripheral.connections).toBe(0);
  });
});
