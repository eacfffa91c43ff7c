// A full phone removes only what is still missing, also when the history it rewrites grows: here it
// still holds its history as the version-1 app's companion wrote it (shorter lines), and making room
// rewrites the kept sessions as version 2. Review 45's note: after a refused rewrite the steps doubled
// (the sync state: 256, 512, 1024 ... characters; a new session: its size twice, then doubling), so
// the last try removed up to twice what was needed (the sync state: 8 sessions where 5 made room, 15
// where 10; a new session: 6 where 4, 11 where 8). Now each step after the first frees what the text
// refused exceeds the room the stored texts took, the record of the removal counted in.
import { describe, expect, it } from "vitest";
import { ROUTINE_ACK_FILE, encodeResultMessage, encodeRoutineAckMessage, resultFileName } from "../common/protocol";
import { SessionResult } from "../common/result";
import { parseHistory, serializeHistory } from "../common/history-store";
import { foldRemovedForRoom, latestWeekDay } from "../common/history-summary";
import { SYNC_STATE_ROOM } from "../companion/history-room";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS, PhoneServices, phoneToday } from "../companion/phone-services";
import { asVersion1Message, completedSession, fileOf } from "./support/builders";
import { MemoryStore, QuotaStore } from "./support/phone-stores";
import { PHONE_NOW, quietPhoneServices } from "./support/quiet-phone";

const DAY = 86400000;

/** A phone holding `count` daily sessions as the version-1 app's companion stored them, launched once, then full. */
async function fullVersion1Phone(count: number) {
  const settings = new MemoryStore();
  const local = new QuotaStore();
  const inbox: IncomingFile[] = [];
  const services = quietPhoneServices(settings, local, inbox);
  const sessions: SessionResult[] = [];
  for (let day = count; day > 0; day--) sessions.push(completedSession("s-" + (1000 + day), PHONE_NOW - day * DAY));
  local.data[LOCAL_KEYS.history] =
    "[\n" + sessions.map((s) => JSON.stringify(asVersion1Message(s))).join(",\n") + "\n]";
  await new PhoneSync(services).start(); // the routine sent (revision 1), the sync state written
  // As the phone reads them (a version-1 line takes the phone's time zone: UTC+1).
  const before = parseHistory(local.getItem(LOCAL_KEYS.history), () => 60);
  expect(before.history).toHaveLength(count);
  local.capacity = local.used();
  return { local, inbox, services, before };
}

/**
 * The fewest earliest sessions of `all` whose removal lets the history (rewritten, the record of the
 * removal in it, as the phone writes it) fit in what `local` now leaves it, the other
 * keys as they are now, `spare` characters left over.
 */
function fewestToRemove(
  services: PhoneServices,
  local: QuotaStore,
  all: SessionResult[],
  before: ReturnType<typeof parseHistory>,
  spare = 0,
): number {
  const room = local.capacity - (local.used() - (local.getItem(LOCAL_KEYS.history) as string).length) - spare;
  const goals = JSON.parse(local.getItem(LOCAL_KEYS.goalChanges) || "[]") as number[];
  for (let k = 1; k < all.length; k++) {
    const pruned = foldRemovedForRoom(
      before.pruned,
      all.slice(0, k),
      goals,
      latestWeekDay(all.slice(k), phoneToday(services)),
    );
    const text = serializeHistory(all.slice(k), k, pruned);
    if (text.length <= room) return k;
  }
  return -1;
}

describe("a full phone whose history is from the version-1 app", () => {
  for (const count of [20, 30, 50, 80, 120]) {
    it(`the watch confirming the routine removes only the sessions the grown sync state needs (${count} stored)`, async () => {
      const p = await fullVersion1Phone(count);
      p.inbox.push(fileOf(ROUTINE_ACK_FILE, encodeRoutineAckMessage(1)));
      await new PhoneSync(p.services).drainInbox();
      expect(JSON.parse(p.local.getItem(LOCAL_KEYS.sync) as string).routineConfirmedRevision).toBe(1);
      // The sync state keeps SYNC_STATE_ROOM to spare: it grows again soon, and a rejection's count
      // removes no session (review 28).
      const fewest = fewestToRemove(p.services, p.local, p.before.history, p.before, SYNC_STATE_ROOM);
      expect(fewest).toBeGreaterThan(0);
      const after = parseHistory(p.local.getItem(LOCAL_KEYS.history));
      expect(after.droppedForRoom).toBe(fewest);
      expect(after.history).toHaveLength(count - fewest);
    });

    it(`a new session removes only the sessions it needs (${count} stored)`, async () => {
      const p = await fullVersion1Phone(count);
      const next = completedSession("s-2000", PHONE_NOW - 3600000);
      p.inbox.push(fileOf(resultFileName(next.id), encodeResultMessage(next)));
      await new PhoneSync(p.services).drainInbox();
      const after = parseHistory(p.local.getItem(LOCAL_KEYS.history));
      expect(after.history[after.history.length - 1].id).toBe(next.id);
      const fewest = fewestToRemove(p.services, p.local, p.before.history.concat([next]), p.before);
      expect(fewest).toBeGreaterThan(0);
      expect(after.droppedForRoom).toBe(fewest);
    });
  }
});
