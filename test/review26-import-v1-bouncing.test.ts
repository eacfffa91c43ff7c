// Review 26: importing the phone's export of a session the watch sent under protocol version 1.
// The phone keeps such a result with each hold's bouncingMs = -1 ("unknown", docs/protocol.md: shown
// as a warning count only), so its settings page says "⚠ 2 bounce warnings — Left rep 1: 2 warnings".
// web/src/fitbit-import.ts rewrites -1 to 0 before storing it, so after the import the web page's
// bounce table says "Bouncing (s) 0.0" for a hold with two bounce warnings, and the shared
// SessionLine says "bounced 0 s of 30": a number the watch never measured, and the user reads that
// the bounces were harmless. Once stored, the "unknown" is lost for good (a re-export says 0 too).
import { describe, expect, it } from "vitest";
import { parseHistoryExport } from "../web/src/fitbit-import";
import { exportJson } from "../common/history-export";
import { decodeResultMessage } from "../common/protocol";
import { sessionLine } from "../common/history-summary";
import { asVersion1Message, completedSession } from "./support/builders";

/** The result as the phone stores a version-1 message (its own time zone, bouncingMs -1). */
function phoneStoredVersion1Result() {
  const sent = completedSession("aaa-0001", Date.UTC(2026, 10, 20, 8));
  sent.holds[0].bounceAtMs = [4000, 9000];
  const decoded = decodeResultMessage(asVersion1Message(sent), 60);
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.value;
}

describe("review 26: import of a version-1 result with bounce warnings", () => {
  it("the phone keeps its bouncing time as unknown (-1)", () => {
    expect(phoneStoredVersion1Result().holds[0].bouncingMs).toBe(-1);
  });

  it("after the import the page still says the bouncing time is unknown, not 0 s", () => {
    const original = phoneStoredVersion1Result();
    const file = exportJson([original], Date.UTC(2026, 10, 29)).text;
    const outcome = parseHistoryExport(file);
    expect(outcome.errors).toEqual([]);
    expect(outcome.sessions).toHaveLength(1);
    // [leg, rep, warnings, bounced seconds (-1 unknown), seconds held]: the phone's line for it.
    expect(sessionLine(outcome.sessions[0]).bounces).toEqual(sessionLine(original).bounces);
  });
});
