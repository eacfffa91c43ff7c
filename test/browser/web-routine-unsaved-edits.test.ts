// The routine form keeps what the user typed but did not save. It used to be refilled with the
// watch's routine at every read of it — each reconnection after a drop — wiping the user's edits
// without a word. Now the form keeps them and says so; "Discard my changes" shows the watch's routine.
import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTINE } from "../../common/routine";
import { useChromium, waitForText } from "./support/chromium";
import { routineTabOnDemoWatch } from "./support/page";

const chromium = useChromium();

describe("the routine form and the user's unsaved edits", () => {
  it("keeps them through a reconnection, says so, and shows the watch's routine on request", async () => {
    const { page, wearable, peripheral } = await routineTabOnDemoWatch(chromium, "0A:0B:0C:0D:4F:01", "Bangle.js 4f01");
    const hold = () => page.$eval("#routine-holdSeconds", (input) => (input as HTMLInputElement).value);
    expect(await page.$eval("#routine-unsaved", (note) => (note as HTMLElement).hidden)).toBe(true);

    // The user types a new hold time and does not save; the link drops and the page reconnects.
    await page.click("#routine-holdSeconds", { clickCount: 3 });
    await page.type("#routine-holdSeconds", "45");
    await peripheral.disconnect();
    await waitForText(page, "#link-badge", /^Reconnecting…/);
    await waitForText(page, "#link-badge", /^Connected/);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the watch's routine is read again

    expect(await hold()).toBe("45");
    expect(await page.$eval("#routine-unsaved", (note) => (note as HTMLElement).hidden)).toBe(false);
    expect(await page.$eval("#routine-unsaved", (note) => note.textContent?.replace(/\s+/g, " ").trim())).toMatch(
      /^Your changes are not saved yet: the form keeps the fields you edited; the others follow the watch.s routine\. Press Save to send them/,
    );
    expect(wearable.routine()).toEqual(DEFAULT_ROUTINE);

    // "Discard my changes" shows the watch's routine again.
    await page.click("#routine-discard");
    // showRoutine reads the waiting draft from the store first: the form is filled a moment later.
    await page
      .waitForFunction(
        (value: string) => (document.querySelector("#routine-holdSeconds") as HTMLInputElement).value === value,
        { timeout: 2000 },
        String(DEFAULT_ROUTINE.holdSeconds),
      )
      .catch(() => undefined);
    expect(await hold()).toBe(String(DEFAULT_ROUTINE.holdSeconds));
    expect(await page.$eval("#routine-unsaved", (note) => (note as HTMLElement).hidden)).toBe(true);

    // Saved edits are no longer "unsaved": the watch's routine read back fills the form.
    await page.click("#routine-holdSeconds", { clickCount: 3 });
    await page.type("#routine-holdSeconds", "40");
    await page.click("#routine-send");
    await waitForText(page, "#routine-result", /Routine saved on the watch/);
    expect(wearable.routine().holdSeconds).toBe(40);
    expect(await hold()).toBe("40");
    expect(await page.$eval("#routine-unsaved", (note) => (note as HTMLElement).hidden)).toBe(true);
  });
});
