// Review 23: a full phone whose stored history is damaged never makes room: no session is stored again.
//
// What the user sees: one line of the phone's stored history got damaged while the phone's storage
// is full. From then on every session stays on the watch ("⚠ the phone's storage is full and its
// history is damaged: sessions stay on the watch until there is room"), for good: the room never
// comes, because nothing ever frees it. The watch's unsent results pile up; the page's week and
// streak stop moving. This is review 21's "full phone never makes room" bug, left in the damaged path.
//
// Why: PhoneSync.loadHistory must first keep the damaged text (damagedHistory, a copy as large as the
// whole history) before anything rewrites the history; on a full phone that write is refused, it
// returns null and receiveFile stops, before storeHistory's new make-room step (dropEarliestArrived)
// can run. Suggested fix: make room there too, e.g. keep only the damaged lines (what parseHistory
// could not read) rather than the whole text, or rewrite the history without its earliest-arrived
// recovered sessions first so the kept text fits, and count those on the page as review 21 does.
import { describe, expect, it } from "vitest";
import { parseHistory } from "../common/history-store";
import { LOCAL_KEYS } from "../companion/phone-services";
import { PhoneRig } from "./support/phone-rig";

describe("review 23: a damaged history on a full phone", () => {
  it("still makes room for new sessions, as an undamaged one does", async () => {
    const phone = new PhoneRig({ now: Date.UTC(2026, 0, 5, 9), tzOffsetMinutes: 0 });
    const local = phone.local;
    await phone.receiveDays(0, 20);
    // One stored line is damaged (a lost quote), and the phone's storage is full: room for the sync
    // state to change, not for another session.
    local.data[LOCAL_KEYS.history] = (local.getItem(LOCAL_KEYS.history) as string).replace('"s-0005"', '"s-0005');
    local.capacity = local.used() + 200;

    const newIds = await phone.receiveDays(20, 25);

    // Expected: like an undamaged history, the earliest-arrived sessions make room and the new ones
    // are stored and acknowledged. Actual: none of the 5 is stored or acknowledged, ever.
    const stored = parseHistory(local.getItem(LOCAL_KEYS.history)).history.map((r) => r.id);
    expect(stored).toEqual(expect.arrayContaining(newIds));
    expect(phone.acks()).toEqual(expect.arrayContaining(newIds.map((id) => "ack-" + id + ".cbor")));
  });
});
