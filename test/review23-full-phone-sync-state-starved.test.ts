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
import { encodeRoutineAckMessage } from "../common/protocol";
import { syncLines } from "../settings/page-text";
import { fileOf } from "./support/builders";
import { PhoneRig } from "./support/phone-rig";

describe("review 23: a full phone makes room for the new session only", () => {
  it("keeps recording the last session received and how many sessions were removed", async () => {
    const phone = new PhoneRig({ now: Date.UTC(2026, 0, 5, 9), tzOffsetMinutes: 0 });
    await phone.receiveDays(0, 20);
    phone.fillToQuota(); // the phone's storage is now full
    const lastId = (await phone.receiveDays(20, 35)).pop();
    const lastArrivedAt = phone.clock.now;

    const stored = phone.historyIds();
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
    const phone = new PhoneRig({ now: Date.UTC(2026, 0, 5, 9), tzOffsetMinutes: 0 });
    await phone.receiveDays(0, 20);
    phone.fillToQuota(); // the phone's storage is now full
    await phone.receiveDays(20, 25); // precondition: sessions still stored (room made)
    const revision = phone.routinesSent()[0].revision;
    // The watch, which had been away, confirms the routine the phone sent first.
    phone.inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(revision)));
    await phone.sync();
    const sentBefore = phone.routinesSent().length;
    await phone.receiveDays(25, 28);
    // Expected: confirmed, nothing sent again. Actual: "waiting for the watch to confirm", and the
    // routine is sent again at each of the 3 starts.
    expect(syncLines(phone.summary().sync, 0)[0]).toMatch(/^Routine on the watch: confirmed/);
    expect(phone.routinesSent().length).toBe(sentBefore);
  });
});
