// Review 26: importing a phone export that was cut. The Fitbit settings page's export is kept under
// EXPORT_MAX_CHARS (60 000 characters, one settings entry): with a long history it leaves out the
// oldest sessions and says so in the file ("omittedOlderSessions": N). web/src/fitbit-import.ts
// ignores that field, so the page says "Imported 80 new sessions." and nothing else: the user takes
// the web page for a full copy of the history (and may clear the phone) while the oldest sessions
// were never in the file. The import should say how many older sessions the file left out.
import { describe, expect, it } from "vitest";
import { parseHistoryExport } from "../web/src/fitbit-import";
import { exportJson } from "../common/history-export";
import { completedSession } from "./support/builders";

describe("review 26: import of an export that left out older sessions", () => {
  it("says how many older sessions the file does not carry", () => {
    const day = 86400000;
    const history = [0, 1, 2].map((i) => completedSession("aaa-000" + i, Date.UTC(2026, 10, 20, 8) + i * day));
    // As the phone cuts a long history: only room for the newest session here.
    const one = JSON.stringify(history[2]).length;
    const file = exportJson(history, Date.UTC(2026, 10, 29), 200 + one + 1);
    expect(file.omitted).toBe(2);
    expect(JSON.parse(file.text).omittedOlderSessions).toBe(2);

    const outcome = parseHistoryExport(file.text);
    expect(outcome.sessions.map((s) => s.id)).toEqual(["aaa-0002"]);
    // Nothing tells the user that two older sessions are missing from the file.
    expect(outcome.errors.join(" ")).toMatch(/2 older sessions?/);
  });
});
