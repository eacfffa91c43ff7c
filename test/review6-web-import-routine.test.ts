// Review 6: importing a history export whose sessions carry a routine value out of bounds.
// web/src/fitbit-import.ts promises that every session "is checked by the profile's record codec, which
// enforces every bound; a bad session is reported and skipped, never half-imported", and
// encodeResultRecord says a result that breaks a bound "gives the decoder's reason". But the record
// encoder writes routine fields through routineFieldCode, which CLAMPS integers and replaces an unknown
// choice by the first option; the bytes then decode, so the check passes and the session is stored
// with another routine than the file says: a daily goal of 5 becomes 3 (and the day's "goal met"
// changes), an aid this version does not know becomes "towel", with no word to the user. A file
// from a newer app version (more aids, a higher goal) or an edited file is silently rewritten.
import { describe, expect, it } from "vitest";
import { parseHistoryExport } from "../web/src/fitbit-import";
import { exportJson } from "../common/history-export";
import { SessionResult } from "../common/result";
import { completedSession } from "./support/builders";

function session(id: string): SessionResult {
  return completedSession(id, Date.UTC(2026, 10, 20, 8));
}

/** An export as the phone writes it, with one routine field of one session replaced. */
function exportWith(key: string, value: unknown): string {
  const data = JSON.parse(exportJson([session("aaa-0001")], Date.UTC(2026, 10, 29)).text);
  data.sessions[0].routine[key] = value;
  return JSON.stringify(data);
}

describe("review 6: import of a session whose routine breaks a bound", () => {
  for (const [key, value] of [
    ["dailyGoal", 5],
    ["aid", "wall"],
    ["restSeconds", 600],
    ["sensitivity", "extreme"],
  ] as const) {
    it(`routine.${key} = ${JSON.stringify(value)}: the session is skipped with a reason, not rewritten`, () => {
      const outcome = parseHistoryExport(exportWith(key, value));
      const imported = outcome.sessions.map((s) => (s.routine as unknown as { [k: string]: unknown })[key]);
      expect(imported, "imported with " + key + " = " + JSON.stringify(imported[0])).toEqual([]);
      expect(outcome.errors.join(" ")).toContain(key);
    });
  }
});
