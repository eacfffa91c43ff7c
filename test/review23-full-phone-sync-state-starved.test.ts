// Review 23: a full phone makes room for the new session only, so the sync state can no longer grow.
//
// What the user sees: their phone's storage is full. Sessions keep arriving and the companion drops
// the earliest-received ones to store them (review 21's fix), but the settings page goes on saying
// "Last session received: <a day long past>" and undercounts the removed sessions ("the 10 sessions
// received earliest were removed" after 15 went), so the user never learns how much history was lost.
//
// Why: PhoneSync.storeHistory drops sessions whose stored entries add up to the NEW entry's size
// (dropEarliestArrived(kept, step) with step = storedEntryChars(new)): the history fits again, but
// the storage is exactly as full as before. Whatever the sync state then has to grow by (here
// sessionsDroppedForRoom going from 9 to 10, one more character; likewise a routine confirmation, an
// unreadable file's name) cannot be written, and every later writeSync fails too: lastResultId /
// lastResultAt stay at the session stored before, and the drops are only counted in memory
// (unrecordedDrops), lost when the companion ends. Likewise the watch's confirmation of the routine
// (routineConfirmedRevision, "-1" becoming a 13-digit revision) is never recorded: the page says
// "waiting for the watch to confirm" for good and every companion start sends the routine again. Suggested fix: make room for a margin on top of the
// new entry (e.g. the sync state's size, or a fixed few hundred characters), or write the sync state
// first and drop more when that is refused.
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { decodeRoutineMessage, encodeResultMessage, encodeRoutineAckMessage } from "../common/protocol";
import { parseHistory } from "../common/history-store";
import { HistorySummary } from "../common/history-summary";
import { syncLines } from "../settings/page-text";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS, PhoneServices } from "../companion/phone-services";
import { MemoryStore, QuotaStore } from "./support/phone-stores";

const DAY_MS = 86400000;

/** A phone whose companion starts for each file; `receiveNextDay` brings one session a day. */
function phoneAt(start: number) {
  const settings = new MemoryStore();
  const local = new QuotaStore();
  const inbox: IncomingFile[] = [];
  const routineRevisionsSent: number[] = [];
  const clock = { now: start };
  const services: PhoneServices = {
    settings,
    local,
    send: async (name, payload) => {
      const routine = decodeRoutineMessage(payload);
      if (name === "routine.cbor" && routine.ok) routineRevisionsSent.push(routine.value.revision);
      return undefined;
    },
    nextFile: async () => inbox.shift(),
    now: () => clock.now,
    tzOffsetMinutes: () => 0,
    warn: () => undefined,
    log: () => undefined,
  };
  const receiveNextDay = async (n: number) => {
    clock.now += DAY_MS;
    const id = "s-" + String(n).padStart(4, "0");
    inbox.push(fileOf("result-" + id + ".cbor", encodeResultMessage(completedSession(id, clock.now - 600000))));
    await new PhoneSync(services).start();
    return id;
  };
  const summary = () => JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary;
  return { local, inbox, clock, services, routineRevisionsSent, receiveNextDay, summary };
}

describe("review 23: a full phone makes room for the new session only", () => {
  it("keeps recording the last session received and how many sessions were removed", async () => {
    const phone = phoneAt(Date.UTC(2026, 0, 5, 9));
    for (let n = 0; n < 20; n++) await phone.receiveNextDay(n);
    phone.local.capacity = phone.local.used(); // the phone's storage is now full
    let lastId = "";
    for (let n = 20; n < 35; n++) lastId = await phone.receiveNextDay(n);
    const lastArrivedAt = phone.clock.now;

    const stored = parseHistory(phone.local.getItem(LOCAL_KEYS.history)).history.map((r) => r.id);
    expect(stored[stored.length - 1]).toBe(lastId); // precondition: each new session was stored
    // Precondition: 16 sessions were removed to make room. (Review 23 said 15, one per new session,
    // but then nothing could make room for the sync state growing by a character, "9" removed
    // becoming "10": with the quota exactly full at 20 sessions of equal size, 19 fit beside it.
    // Since review 43 17: the record of removed sessions keeps the last 8 ids, 80 characters here,
    // and 18 fit beside it.)
    expect(35 - stored.length).toBe(17);

    const summary = phone.summary();
    // Expected: the last session is the one just stored, and all 17 removals are counted.
    // Actual: lastResultId stays "s-0028" (Last session received: Tue 3 Feb 09:00) and the page says 10.
    expect(summary.sync.lastResultId).toBe(lastId);
    expect(summary.sync.lastResultAt).toBe(lastArrivedAt);
    expect(syncLines(summary.sync, 0)).toContain(
      "⚠ The phone's storage was full: the 17 sessions received earliest were removed to make room for newer ones",
    );
  });

  it("records the watch's confirmation of the routine, so the routine is not sent again at every start", async () => {
    const phone = phoneAt(Date.UTC(2026, 0, 5, 9));
    for (let n = 0; n < 20; n++) await phone.receiveNextDay(n);
    phone.local.capacity = phone.local.used(); // the phone's storage is now full
    for (let n = 20; n < 25; n++) await phone.receiveNextDay(n); // precondition: sessions still stored (room made)
    const revision = phone.routineRevisionsSent[0];
    // The watch, which had been away, confirms the routine the phone sent first.
    phone.inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(revision)));
    await new PhoneSync(phone.services).start();
    const sentBefore = phone.routineRevisionsSent.length;
    for (let n = 25; n < 28; n++) await phone.receiveNextDay(n);
    // Expected: confirmed, nothing sent again. Actual: "waiting for the watch to confirm", and the
    // routine is sent again at each of the 3 starts.
    expect(syncLines(phone.summary().sync, 0)[0]).toMatch(/^Routine on the watch: confirmed/);
    expect(phone.routineRevisionsSent.length).toBe(sentBefore);
  });
});
