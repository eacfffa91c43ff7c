// A full phone drops its earliest sessions to make room; the page's count of sessions removed must
// survive the companion being stopped (killed) between any two of its writes.
//
// What the user sees: their phone's storage is full. The watch confirms the routine (before fixphone2:
// sends a result the phone cannot read); to record that in the sync state the companion removes the
// earliest sessions from the history,
// and the Fitbit app stops the companion right after (it is unloaded soon after every wake). The
// settings page then lists fewer sessions, but says nothing about sessions removed: the count
// ("⚠ The phone's storage was full: the N sessions received earliest were removed …") was to be
// written in the next write, which never happened. The same when a new session makes room.
//
// Why (before the fix): PhoneSync.writeSyncMakingRoom wrote the history without the dropped sessions
// first and the sync state with their count after; storeHistory likewise counted its drops only in
// the later sync-state write. A kill between the two writes kept the drop and lost the count.
//
// The check: after a kill after each write in turn and a relaunch, the page's count equals the
// sessions that were stored at some point and are no longer in the history.
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { encodeResultMessage, encodeRoutineAckMessage } from "../common/protocol";
import {
  dropEarliestReadableLines,
  noPrunedSessions,
  parseHistory,
  serializeHistory,
  unreadableLines,
  withDroppedForRoom,
} from "../common/history-store";
import { SyncState } from "../common/history-summary";
import { PhoneSync } from "../companion/phone-sync";
import { LOCAL_KEYS } from "../companion/phone-services";
import { QuotaStore } from "./support/phone-stores";
import { DAY_MS, PhoneRig } from "./support/phone-rig";

const START = Date.UTC(2026, 0, 5, 9);

/**
 * localStorage of a companion that can be killed: after `writesLeft` more writes nothing else is
 * stored (the process is gone; the run's code may go on in the test, but nothing it writes lasts).
 * Every write that lasts is seen by `onWrite`.
 */
class KillableStore extends QuotaStore {
  writesLeft = Infinity;
  writes = 0;
  onWrite: () => void = () => undefined;
  setItem(key: string, value: string): void {
    if (this.writesLeft <= 0) return;
    super.setItem(key, value);
    this.writesLeft--;
    this.writes++;
    this.onWrite();
  }
  removeItem(key: string): void {
    if (this.writesLeft <= 0) return;
    super.removeItem(key);
    this.writesLeft--;
    this.writes++;
    this.onWrite();
  }
}

/**
 * A phone full with 10 sessions received one a day (with `damaged`, the first one's line then lost a
 * quote: its damage has to be kept before the history is rewritten).
 */
async function fullPhone(damaged: boolean) {
  const phone = new PhoneRig({ now: START, tzOffsetMinutes: 0, local: new KillableStore() });
  const { local, inbox, clock, services } = phone;
  await phone.receiveDays(0, 10);
  if (damaged)
    local.data[LOCAL_KEYS.history] = (local.getItem(LOCAL_KEYS.history) as string).replace('"s-0000"', '"s-0000');
  phone.fillToQuota();
  const storedIds = () => parseHistory(local.getItem(LOCAL_KEYS.history)).history.map((r) => r.id);
  const everStored = new Set(storedIds());
  local.onWrite = () => storedIds().forEach((id) => everStored.add(id));
  const pageCount = () => phone.summary().sync.sessionsDroppedForRoom;
  return { local, inbox, clock, services, storedIds, everStored, pageCount };
}

type Arrival = (phone: Awaited<ReturnType<typeof fullPhone>>) => void;

// The watch's first confirmation of the routine: the sync state grows by its revision and time.
// (An unreadable result made room for its name too until fixphone2; now it never removes a session.)
const routineConfirmation: Arrival = (phone) => {
  const revision = (JSON.parse(phone.local.getItem(LOCAL_KEYS.sync) as string) as SyncState).routineRevision;
  phone.inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(revision)));
};

const newSession: Arrival = (phone) => {
  phone.clock.now += DAY_MS;
  phone.inbox.push(fileOf("result-s-0010.cbor", encodeResultMessage(completedSession("s-0010", phone.clock.now))));
};

/** Kills the companion after each of its writes in turn; after a relaunch the page's count must be the sessions gone. */
async function checkEveryKill(arrive: Arrival, damaged = false): Promise<void> {
  const whole = await fullPhone(damaged);
  const before = whole.local.writes;
  arrive(whole);
  await new PhoneSync(whole.services).start();
  const writes = whole.local.writes - before;
  // Precondition: sessions were removed to make room, and the count says so when nothing is killed.
  const gone = whole.everStored.size - whole.storedIds().length;
  expect(gone).toBeGreaterThan(0);
  expect(whole.pageCount()).toBe(gone);

  const undercounted: string[] = [];
  for (let kill = 0; kill <= writes; kill++) {
    const phone = await fullPhone(damaged);
    arrive(phone);
    phone.local.writesLeft = kill;
    await new PhoneSync(phone.services).start();
    phone.local.writesLeft = Infinity;
    await new PhoneSync(phone.services).start(); // relaunched (the watch resends what was not acknowledged)
    arrive(phone);
    await new PhoneSync(phone.services).start();
    const removed = phone.everStored.size - phone.storedIds().length;
    if (phone.pageCount() !== removed)
      undercounted.push("killed after write " + kill + ": " + removed + " removed, page says " + phone.pageCount());
  }
  expect(undercounted).toEqual([]);
}

describe("a full phone killed while it makes room", () => {
  it("counts the sessions removed for the sync state (the routine's confirmation arrived)", async () => {
    await checkEveryKill(routineConfirmation);
  });

  it("counts the sessions removed for a new session", async () => {
    await checkEveryKill(newSession);
  });

  it("counts the sessions removed to keep a damaged history's damage (a new session arrived)", async () => {
    await checkEveryKill(newSession, true);
  });
});

describe("the stored history's record of sessions removed for room (common/history-store.ts)", () => {
  const sessions = [1, 2, 3].map((day) => completedSession("s-000" + day, START + day * DAY_MS));

  it("comes first when there is one, and reads back", () => {
    expect(serializeHistory(sessions, 0)).toBe(serializeHistory(sessions)); // none: as before
    const text = serializeHistory(sessions, 7);
    expect(text.split("\n").slice(1, 3)).toEqual(['{"droppedForRoom":7},', '{"droppedForRoomAgain":7},']);
    expect(parseHistory(text)).toEqual({
      history: sessions,
      errors: [],
      damaged: false,
      droppedForRoom: 7,
      pruned: noPrunedSessions(),
    });
    expect(unreadableLines(text)).toEqual([]); // no damage
  });

  it("is replaced or added in text as it is, damaged or not, and read from damaged text", () => {
    const plain = serializeHistory(sessions);
    const recorded = withDroppedForRoom(plain, 2);
    expect(parseHistory(recorded).droppedForRoom).toBe(2);
    expect(withDroppedForRoom(recorded, 5)).toBe(serializeHistory(sessions, 5));
    const damaged = recorded.replace('"s-0002"', '"s-0002');
    const parsed = parseHistory(damaged);
    expect(parsed.damaged).toBe(true);
    expect(parsed.droppedForRoom).toBe(2);
    expect(parsed.history.map((r) => r.id)).toEqual(["s-0001", "s-0003"]);
    expect(unreadableLines(damaged)).toHaveLength(1); // the session's line, not the record
    expect(withDroppedForRoom("garbage", 3)).toBe('{"droppedForRoom":3}\n{"droppedForRoomAgain":3}\ngarbage');
    // Dropping readable lines keeps the record where it is.
    expect(dropEarliestReadableLines(recorded, 1).text.split("\n")[1]).toBe('{"droppedForRoom":2},');
  });

  it("is not a session, and a malformed one counts nothing", () => {
    const text = "[\n" + '{"droppedForRoom":-1},\n{"droppedForRoom":"x"},\n' + serializeHistory(sessions).slice(2);
    const parsed = parseHistory(text);
    expect(parsed.history).toEqual(sessions);
    expect(parsed.droppedForRoom).toBe(0);
    expect(parsed.errors).toHaveLength(2);
  });
});
