// Review 32: in damaged history text, an INTACT drop-count record that shares its line with a
// session is no longer read (fix30 regression): the count becomes 0.
//
// What the user sees: their phone's storage filled up earlier and the companion removed the 12
// sessions it received first; the settings page says so. Later the two characters after the record
// (its ",\n") are lost: the record itself is intact, every session is still recovered, yet the
// page's count drops to 0 and the next rewrite stores 0 for good — as if no session had ever been
// removed. Before fix30 the count read 12.
//
// Why: fix30 removed parseHistory's exact search of the whole damaged text (DROPPED_FOR_ROOM.exec)
// in favour of damagedDroppedForRoom, which skips every line holding '"result"' — the record's line
// too, once a session shares it. recoverEntries finds only results, so nothing reads the record.
// Suggested fix: keep the exact whole-text search as well (the largest of both), or strip the
// recovered result entries from a line before reading it tolerantly.
import { describe, expect, it } from "vitest";
import { parseHistory, serializeHistory } from "../common/history-store";
import { sessionMinutesAgo } from "./support/quiet-phone";

describe("review 32: a damaged history whose intact drop-count record shares a line with a session", () => {
  it("still counts the 12 sessions removed", () => {
    const kept = [3, 2, 1].map((daysAgo) => sessionMinutesAgo("s-000" + daysAgo, daysAgo * 1440));
    const stored = serializeHistory(kept, 12);
    expect(stored).toContain('{"droppedForRoom":12},\n'); // precondition: the record's own line
    const damaged = stored.replace('{"droppedForRoom":12},\n', '{"droppedForRoom":12}');
    const parsed = parseHistory(damaged);
    expect(parsed.damaged).toBe(true); // the damage is noticed...
    expect(parsed.history).toHaveLength(3); // ...and every session recovered
    // Before a fix: 0 (12 before fix30).
    expect(parsed.droppedForRoom).toBe(12);
  });
});
