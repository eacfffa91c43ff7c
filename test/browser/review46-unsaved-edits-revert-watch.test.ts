// Review 46: the form's unsaved edits (fixweb4) are kept as a whole form, so Save silently undoes a
// change the watch's routine got elsewhere in fields the user never touched.
//
// What the user sees: on the laptop's page they type a hold of 45 s into the Routine tab (3 reps, as
// the watch has) and do not save yet. Meanwhile the routine on the watch changes to 5 reps (saved from
// their phone's page, or on this page's other watch tab before a switch). The link drops and comes
// back: the page reads the watch's routine again (5 reps) but the form still shows 3 reps, without a
// word that the watch's routine changed. They press Save: the watch gets 3 reps and 45 s, the 5 reps
// are gone, and nothing said so.
//
// What they should see: the fields they did not edit follow the watch's routine as it is read (5
// reps), the field they edited keeps their value (45 s), and Save sends that: 5 reps and 45 s.
//
// Why it matters: fixweb4 kept the user's edits through a reconnection (review 44's bug), but by
// keeping the whole form it also keeps stale values the user never typed and sends them as if they
// had: a routine change made elsewhere is reverted without a word (the same kind of silent loss the
// fix was about, moved to the other side).
//
// Why (likely): showRoutine (web/src/main.ts) returns early whenever #routine-unsaved is shown, for
// every field; there is no record of which fields were edited. Likely fix: keep the edited fields
// (an input event marks its field), refill the others from the routine read, and say when the
// watch's routine changed under the user's edits.
//
// Status: FIXED (fixweb5). main.ts records which fields the user typed into (their input events) until
// Save or Discard; the routine read at a reconnection fills every other field, and the note under the
// form says "the form keeps the fields you edited; the others follow the watch's routine". The lead
// (stop 29): the note also names what the routine read changed in those fields ("Holds per leg 3 → 5").
import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTINE } from "../../common/routine";
import { useChromium, waitForText } from "./support/chromium";
import { routineTabOnDemoWatch } from "./support/page";

const chromium = useChromium();

describe("review 46: unsaved edits and a routine changed on the watch meanwhile", () => {
  it("Save sends the user's edited field and keeps the watch's change to the others", async () => {
    const { page, wearable, peripheral } = await routineTabOnDemoWatch(chromium, "0A:0B:0C:0D:4F:02", "Bangle.js 4f02");
    const field = (key: string) => page.$eval("#routine-" + key, (input) => (input as HTMLInputElement).value);
    expect(await field("repsPerLeg")).toBe(String(DEFAULT_ROUTINE.repsPerLeg));

    // The user types a hold of 45 s and does not save.
    await page.click("#routine-holdSeconds", { clickCount: 3 });
    await page.type("#routine-holdSeconds", "45");
    // The link drops; meanwhile the watch's routine becomes 5 reps (written by another page).
    await peripheral.disconnect();
    await waitForText(page, "#link-badge", /^Reconnecting…/);
    wearable.setRoutine({ ...DEFAULT_ROUTINE, repsPerLeg: 5 });
    await waitForText(page, "#link-badge", /^Connected/);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the watch's routine is read again

    expect(await field("holdSeconds")).toBe("45");
    // Before the fix: still 3, the value before the watch's change, which the user never typed.
    expect(await field("repsPerLeg")).toBe("5");
    expect(await page.$eval("#routine-unsaved", (note) => note.textContent?.replace(/\s+/g, " ").trim())).toMatch(
      /the form keeps the fields you edited; the others follow the watch's routine\./,
    );
    // The change the page made to a field the user did not edit is said, not made silently.
    expect(await page.$eval("#routine-followed", (note) => (note as HTMLElement).hidden)).toBe(false);
    expect(await page.$eval("#routine-followed", (note) => note.textContent)).toBe(
      "The watch's routine changed meanwhile, and the form shows it: Holds per leg 3 → 5.",
    );

    await page.click("#routine-send");
    await waitForText(page, "#routine-result", /Routine saved on the watch/);
    expect(wearable.routine()).toMatchObject({ holdSeconds: 45, repsPerLeg: 5 });
    expect(await page.$eval("#routine-followed", (note) => (note as HTMLElement).hidden)).toBe(true);
  });
});
