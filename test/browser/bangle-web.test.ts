// The two ends of the GATT profile together: the built web app in real Chromium against an emulated
// peripheral whose every answer comes from the BUILT Bangle.js app's own GATT handlers (the app runs
// in the project's fake Bangle runtime). Sessions played on the Bangle reach the page's IndexedDB
// and are deleted from the watch only after that; a routine edited on the page is played by the watch.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { holdOrder, tracesByHold } from "../../sim/bangle/motion";
import { FakeBangle, loadBangleApp } from "../../sim/bangle/runtime";
import { loadScenario } from "../../sim/scenario";
import { BANGLE_APP_FILE } from "../../tools/build-bangle";
import { BangleBackend } from "./support/bangle-backend";
import { openPage, serveWebBuild, waitForText, useChromium } from "./support/chromium";
import { EmulatedPeripheral } from "./support/emulated-peripheral";
import { connect, storedIds } from "./support/page";
import { ONE_HOLD_A_LEG } from "../../sim/routines";

const TRACES = loadScenario(path.resolve(__dirname, "..", "..", "scenarios", "default.json")).traces;

const chromium = useChromium();

/** The built Bangle app with two finished sessions stored (the first hold of each bounces). */
function bangleWithTwoSessions(): FakeBangle {
  let bangle: FakeBangle | null = null;
  const motion = tracesByHold(
    () => bangle as FakeBangle,
    { "left-1": TRACES["left-2"], "*": TRACES["*"] },
    holdOrder("left", 1),
  );
  bangle = loadBangleApp(BANGLE_APP_FILE, {
    storage: new Map([["steadyhold.json", JSON.stringify(ONE_HOLD_A_LEG)]]),
    motion,
  });
  for (let session = 0; session < 2; session++) {
    bangle.touch(); // start (from the home screen, or from the done screen of the last session)
    bangle.advance(25000);
    bangle.touch(); // back to the home screen
    bangle.advance(1000);
  }
  return bangle;
}

function storedOnBangle(bangle: FakeBangle): string[] {
  return [...bangle.storage.keys()]
    .filter((name) => name.startsWith("steadyhold.r"))
    .map((name) => name.slice("steadyhold.r".length));
}

describe("web app with the built Bangle.js app on the other end", () => {
  it("pulls the Bangle's sessions into IndexedDB, after which the watch deletes them, and sends it a routine it then plays", async () => {
    const bangle = bangleWithTwoSessions();
    const onWatch = storedOnBangle(bangle);
    expect(onWatch).toHaveLength(2);
    const server = await serveWebBuild();
    chromium.cleanUp(() => server.close());
    const peripheral = await EmulatedPeripheral.create(
      chromium.browser(),
      new BangleBackend(bangle),
      "0A:0B:0C:0D:0F:01",
    );
    chromium.cleanUp(() => peripheral.close());
    const { page, consoleErrors } = await openPage(chromium.browser(), server.url);
    chromium.cleanUp(() => page.close());

    await connect(page, peripheral);
    await waitForText(page, "#message", /2 new sessions stored/);
    expect((await storedIds(page)).sort()).toEqual(onWatch.slice().sort());
    expect(storedOnBangle(bangle)).toEqual([]);
    await page.click('.tab[data-page="history"]');
    await waitForText(page, "#sessions", /bounce warning/);

    await page.click('.tab[data-page="routine"]');
    await page.$eval("#routine-holdSeconds", (input) => ((input as HTMLInputElement).value = "45"));
    await page.select("#routine-aid", "band");
    await page.click("#routine-send");
    await waitForText(page, "#routine-result", /Routine saved on the watch/);
    expect(JSON.parse(bangle.storage.get("steadyhold.json") as string)).toEqual({
      ...ONE_HOLD_A_LEG,
      holdSeconds: 45,
      aid: "band",
    });
    expect(bangle.screenText().join(" ")).toContain("1 x 45 s");
    expect(peripheral.failures).toEqual([]);
    expect(bangle.errors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
