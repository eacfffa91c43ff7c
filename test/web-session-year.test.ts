// The history list's session titles (web/src/session-title.ts historyTitle) and order across years.
// What the user saw before: "Mon 29 Dec 08:00 · Left → Right" for a session of December last year,
// next to this January's sessions — nothing said which year, and a session from two Decembers ago read
// like last month's. Now a session not from this year shows its year; this year's stay short.
import { describe, expect, it } from "vitest";
import { sessionLine } from "../common/history-summary";
import { historyTitle } from "../web/src/session-title";
import { MemoryStore } from "../web/src/store";
import { completedSession } from "./support/builders";

/** A session started at `utc` (ms) where the clock was `utcOffsetMinutes` east of UTC. */
function sessionAt(id: string, utc: number, utcOffsetMinutes = 0) {
  return { ...completedSession(id, utc), utcOffsetMinutes };
}

const NOW = Date.UTC(2027, 0, 10, 12, 0); // 10 January 2027

describe("session titles across years", () => {
  it("shows the year of a session not from this year, and none for this year's", () => {
    const lastYear = sessionAt("a", Date.UTC(2026, 11, 29, 8, 0));
    const thisYear = sessionAt("b", Date.UTC(2027, 0, 5, 8, 0));
    expect(historyTitle(lastYear, sessionLine(lastYear), NOW)).toMatch(/^Tue 29 Dec 2026 08:00( · |$)/);
    expect(historyTitle(thisYear, sessionLine(thisYear), NOW)).toMatch(/^Tue 5 Jan 08:00( · |$)/);
  });

  it("takes the year where the session was done (its own offset)", () => {
    // 31 Dec 2026 23:30 UTC is already 1 Jan 2027 00:30 at UTC+1: this year's.
    const newYearsEve = sessionAt("c", Date.UTC(2026, 11, 31, 23, 30), 60);
    expect(historyTitle(newYearsEve, sessionLine(newYearsEve), NOW)).toMatch(/^Fri 1 Jan 00:30/);
  });

  it("a session whose time is unknown names the year of its 'before' when it is not this year's", () => {
    const unknown = { ...sessionAt("d", Date.UTC(2026, 5, 1, 8, 0)), timeUnknown: true };
    expect(historyTitle(unknown, sessionLine(unknown), NOW)).toMatch(
      /^Time unknown \(before Mon 1 Jun 2026 \d\d:\d\d\)/,
    );
  });

  it("the list stays in time order across years (newest first on the page: the store's order reversed)", async () => {
    const store = new MemoryStore({ lasting: true });
    for (const s of [
      sessionAt("jan27", Date.UTC(2027, 0, 5, 8, 0)),
      sessionAt("dec26", Date.UTC(2026, 11, 29, 8, 0)),
      sessionAt("mar25", Date.UTC(2025, 2, 3, 8, 0)),
      sessionAt("feb26", Date.UTC(2026, 1, 1, 8, 0)),
    ])
      await store.putIfAbsent(s);
    expect((await store.all()).map((s) => s.id)).toEqual(["mar25", "feb26", "dec26", "jan27"]);
  });
});
