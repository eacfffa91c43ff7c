// Review 45 (splitphone's room steps). Status: FIXED (fix45): after a first removal that did not fit,
// storeHistory frees only what is still missing (what the text refused exceeds the stored text by,
// the record counted in): 4 removed, the fewest.
//
// What the user sees: on a full phone, after weeks of short sessions (one hold a leg), the first
// session of a longer routine (five holds a leg, an entry 395 characters against 163) arrives; the
// phone removes 6 of the earliest sessions to store it where 4 would have made room. Those 2
// sessions' details (holds, steadiness, times) are gone from the phone for nothing (the watch deleted
// its copies once they were acked).
// What they should see: only the sessions the new one needs removed (4), as
// test/phone-room-for-the-record.test.ts asks for sessions all of one size.
// Why it matters: removing for room loses the removed sessions' details for good; the fewer the better.
// Likely cause: companion/history-room.ts storeHistory: after a first removal that did not fit only
// for the record of it (count and folded days, ~100 characters), the second step removes the new
// entry's size again (`step` is storedEntryChars of the new session, not what is still missing), so
// when the new entry is much larger than the ones removed, the second step removes many more than
// the record's few characters needed.
import { describe, expect, it } from "vitest";
import { encodeResultMessage, resultFileName } from "../common/protocol";
import { SessionResult, makeSessionId } from "../common/result";
import { DEFAULT_ROUTINE } from "../common/routine";
import { parseHistory, serializeHistory, storedEntryChars } from "../common/history-store";
import { foldRemovedForRoom, latestWeekDay } from "../common/history-summary";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS, PhoneServices, phoneToday } from "../companion/phone-services";
import { fileOf, hold } from "./support/builders";
import { MemoryStore, QuotaStore } from "./support/phone-stores";

const DAY = 86400000;
const HOUR = 3600000;
/** Mon 5 Jan 2026, 07:00 UTC. */
const FIRST = Date.UTC(2026, 0, 5, 7);

/** A completed session of `reps` holds a leg, all held, started at `startedAt`. */
function sessionOf(reps: number, startedAt: number): SessionResult {
  const holds = [];
  for (const leg of ["left", "right"] as const) for (let rep = 1; rep <= reps; rep++) holds.push(hold({ leg, rep }));
  return {
    id: makeSessionId(startedAt, 0.5),
    startedAt,
    endedAt: startedAt + 300000,
    completed: true,
    routine: { ...DEFAULT_ROUTINE, repsPerLeg: reps },
    holds,
    utcOffsetMinutes: 60,
  };
}

/**
 * The fewest earliest sessions whose removal lets `all` (the new one last) fit in `room`, the record
 * written in the same text as the phone writes it.
 */
function fewestToRemove(all: SessionResult[], room: number, goalChanges: number[], today: number): number {
  for (let k = 0; k < all.length; k++) {
    const pruned = foldRemovedForRoom(
      parseHistory(null).pruned,
      all.slice(0, k),
      goalChanges,
      latestWeekDay(all.slice(k), today),
    );
    if (serializeHistory(all.slice(k), k, pruned).length <= room) return k;
  }
  return -1;
}

describe("a full phone makes room for a session larger than those it removes", () => {
  it("removes only the sessions needed (4 of the short ones), not twice the new entry's size", async () => {
    const clock = { now: FIRST + 9 * DAY + 14 * HOUR };
    const settings = new MemoryStore();
    settings.setItem("dailyGoal", "3");
    const local = new QuotaStore();
    const inbox: IncomingFile[] = [];
    const services: PhoneServices = {
      settings,
      local,
      send: async () => undefined,
      nextFile: async () => inbox.shift(),
      now: () => clock.now,
      tzOffsetMinutes: () => -60,
      warn: () => undefined,
      log: () => undefined,
    };
    const earlier: SessionResult[] = [];
    for (let day = 0; day < 10; day++)
      for (let i = 0; i < 3; i++) earlier.push(sessionOf(1, FIRST + day * DAY + i * 6 * HOUR));
    for (const s of earlier) inbox.push(fileOf(resultFileName(s.id), encodeResultMessage(s)));
    await new PhoneSync(services).start();
    expect(parseHistory(local.getItem(LOCAL_KEYS.history)).history).toHaveLength(30);
    local.capacity = local.used(); // full

    const stored = local.getItem(LOCAL_KEYS.history) as string;
    const room = local.capacity - (local.used() - stored.length);
    const goals = JSON.parse(local.getItem(LOCAL_KEYS.goalChanges) || "[]") as number[];
    const next = sessionOf(5, FIRST + 10 * DAY);
    expect(storedEntryChars(next)).toBeGreaterThan(2 * storedEntryChars(earlier[0]));
    clock.now = next.startedAt + HOUR;
    const fewest = fewestToRemove(earlier.concat([next]), room, goals, phoneToday(services));
    expect(fewest).toBe(4);

    inbox.push(fileOf(resultFileName(next.id), encodeResultMessage(next)));
    await new PhoneSync(services).drainInbox();
    const after = parseHistory(local.getItem(LOCAL_KEYS.history));
    expect(after.history[after.history.length - 1].id).toBe(next.id);
    // Before fix45: 6 removed.
    expect(after.droppedForRoom).toBe(fewest);
  });
});
