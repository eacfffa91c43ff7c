// Review 34: after a daylight-saving change the settings page shows the last session as received an
// hour before it started.
//
// What the user sees (phone in Berlin): on Saturday 24 October 2026 at 21:00 summer time (UTC+2)
// they stretch; the session reaches the phone at 21:06. Summer time ends that night. On Monday
// morning (winter time, UTC+1) they open the settings page: the history lists the session as
// "Sat 24 Oct 21:00 · Left → Right", and the Sync section says "Last session received: Sat 24 Oct
// 20:06" — received before it started. Every time in the Sync section (the routine sent, confirmed
// or changed) is shifted the same way, for half the year.
//
// What they should see: "Last session received: Sat 24 Oct 21:06", the time the clock on the wall
// showed then, as the session list shows its start (docs/companion.md: times in the zone each
// session started in; review 29's v1 fix: a time from the other daylight-saving season takes that
// season's offset).
//
// Why it matters: the page contradicts itself about the one session it shows at the top, twice a
// year, for months after each change.
//
// Why (likely): syncLines (settings/page-text.ts) takes one offset, and settings/index.tsx passes
// today's (new Date().getTimezoneOffset()) for every instant. Likely fix: pass the offset as a
// function of the instant (as companion/index.ts's tzOffsetMinutes(atMs) and V1UtcOffset do) —
// (ms) => new Date(ms).getTimezoneOffset() — and format each time with its own.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HistorySummary, sessionTitle } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { parseSummary, syncLines } from "../settings/page-text";
import { completedSession } from "./support/builders";
import { PhoneRig } from "./support/phone-rig";

beforeAll(() => {
  vi.stubEnv("TZ", "Europe/Berlin");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

/** Sat 24 Oct 2026 21:00 in Berlin summer time (UTC+2). Summer time ends on 25 Oct at 03:00. */
const STARTED = Date.UTC(2026, 9, 24, 19, 0);
/** The session reaches the phone at 21:06 summer time. */
const RECEIVED = Date.UTC(2026, 9, 24, 19, 6);
/** Mon 26 Oct 2026 08:00 in Berlin winter time (UTC+1): the settings page is opened. */
const PAGE_OPENED = Date.UTC(2026, 9, 26, 7, 0);

describe("review 34: the settings page's sync times across a daylight-saving change", () => {
  it("precondition: the test runs in a time zone with daylight saving", () => {
    expect(new Date(RECEIVED).getTimezoneOffset()).toBe(-120);
    expect(new Date(PAGE_OPENED).getTimezoneOffset()).toBe(-60);
  });

  it("shows the last session received at the time it was received, not an hour before it started", async () => {
    const phone = new PhoneRig({ now: RECEIVED, tzOffsetMinutes: "device" });
    const settings = phone.settings;
    await phone.receive({ ...completedSession("s-0001", STARTED), utcOffsetMinutes: 120 });

    // The page, opened on Monday: its texts as settings/index.tsx renders them.
    const summary = parseSummary(settings.getItem(SETTINGS_KEYS.history) ?? undefined) as HistorySummary;
    // settings/index.tsx: the offset at each instant shown (the page is opened in winter time).
    const pageOffset = (atMs: number) => new Date(atMs).getTimezoneOffset();
    expect(sessionTitle(summary.recent[0])).toBe("Sat 24 Oct 21:00 · Left → Right");
    // Before a fix: "Last session received: Sat 24 Oct 20:06".
    const received = syncLines(summary.sync, pageOffset).filter((line) => line.startsWith("Last session received"));
    expect(received).toEqual(["Last session received: Sat 24 Oct 21:06"]);
  });
});
