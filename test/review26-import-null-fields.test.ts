// Review 26: importing a file whose hold numbers are null. docs/web.md promises that a session that
// breaks a bound is "skipped and named, never stored changed", and only a missing bouncingMs or
// utcOffsetMinutes is filled in. But web/src/fitbit-import.ts hands the numbers to the record
// encoder, which rounds them with Math.round: Math.round(null) is 0, so `"steadiness": null` (what a
// JSON tool writes for "no data", and what JSON.stringify writes for NaN) is stored as steadiness
// 0/100 — the page shows "steadiness 0/100" and the session drags the chart and the steadiness mean
// down — and `"achievedMs": null` is stored as a hold of 0 s. The user is told nothing; the session
// should be skipped with a reason, as one missing the field is.
import { describe, expect, it } from "vitest";
import { parseHistoryExport } from "../web/src/fitbit-import";
import { exportJson } from "../common/history-export";
import { completedSession } from "./support/builders";

function exportWithHoldField(key: string, value: unknown): string {
  const data = JSON.parse(exportJson([completedSession("aaa-0001", Date.UTC(2026, 10, 20, 8))], 0).text);
  data.sessions[0].holds[0][key] = value;
  return JSON.stringify(data);
}

describe("review 26: import of a hold whose number is null", () => {
  for (const key of ["steadiness", "achievedMs"]) {
    it(`holds[0].${key} = null: the session is skipped with a reason, not stored as 0`, () => {
      const outcome = parseHistoryExport(exportWithHoldField(key, null));
      const stored = outcome.sessions.map((s) => (s.holds[0] as unknown as { [k: string]: unknown })[key]);
      expect(stored, "stored with " + key + " = " + JSON.stringify(stored[0])).toEqual([]);
      expect(outcome.errors.join(" ")).toContain(key);
    });
  }
});
