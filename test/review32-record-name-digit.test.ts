// Review 32: the tolerant reading of a damaged drop-count record (fix30) takes the FIRST whole
// number on the line, so damage that turns a letter of the record's name into a digit is read as
// that digit, not as the count.
//
// What the user sees: their phone's storage filled up earlier and the companion removed the 12
// sessions it received first; the settings page says so. Later one bit of the stored history flips
// in the record's name ('p' 0x70 -> '0' 0x30, or 'r' 0x72 -> '2' 0x32). The text is still valid
// JSON, the record no longer matches, and the tolerant reader counts 0 (or 2): the page then says
// no (or 2) sessions were removed, and the next rewrite stores that lowered count for good.
//
// Why: damagedDroppedForRoom (common/history-store.ts) keeps the first number of any result-less
// line naming "dropped" or "ForRoom"; a digit inside the damaged name comes before the count.
// Suggested fix: read the number after the line's last ':' (or the line's largest whole number).
import { describe, expect, it } from "vitest";
import { parseHistory, serializeHistory } from "../common/history-store";
import { sessionMinutesAgo } from "./support/quiet-phone";

describe("review 32: a damaged drop-count record whose name gained a digit", () => {
  const kept = [3, 2, 1].map((daysAgo) => sessionMinutesAgo("s-000" + daysAgo, daysAgo * 1440));
  const stored = serializeHistory(kept, 12);

  it.each([
    ["'p' flipped to '0' in dropped", '{"dro0pedForRoom":12}'],
    ["'r' flipped to '2' in dropped", '{"d2oppedForRoom":12}'],
    ["'R' damaged into '2' in ForRoom", '{"droppedFor2oom":12}'],
  ])("%s: still counts the 12 sessions removed", (_name, line) => {
    expect(parseHistory(stored).droppedForRoom).toBe(12); // precondition
    const parsed = parseHistory(stored.replace('{"droppedForRoom":12}', line));
    expect(parsed.damaged || parsed.errors.length > 0).toBe(true); // the damage is noticed
    expect(parsed.history).toHaveLength(3); // no session lost
    // Before a fix: 0, 2 and 2.
    expect(parsed.droppedForRoom).toBe(12);
  });
});
