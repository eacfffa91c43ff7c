// Review 25: on a full phone, a history damaged in many lines loses every readable session, in vain.
//
// What the user sees: most lines of the phone's stored history got damaged while its storage is
// full. At the next session the page's history empties — every session it could still read is
// removed ("removed the N earliest-received sessions to keep the damaged history's unreadable
// lines") — and yet the damage is not kept and the new session is not stored either ("the phone's
// storage is full and its history is damaged: sessions stay on the watch until there is room").
// Nothing was gained: the sessions are gone for good (the watch deleted them when they were acked),
// and the same happens at every later session.
//
// Why: PhoneSync.loadHistory (fix 23) drops the earliest readable lines, rewriting the history each
// time, until damagedHistory fits; when the readable lines together free less than the damage needs
// it drops them all, then gives up (returns null) with the history already rewritten without them.
// Suggested fix: before rewriting anything, check that dropping readable lines can make room (their
// characters, counted by dropEarliestReadableLines on the whole text, at least the room the damage
// needs); when they cannot, drop none and report the full phone, as before fix 23.
import { describe, expect, it } from "vitest";
import { parseHistory } from "../common/history-store";
import { LOCAL_KEYS } from "../companion/phone-services";
import { PhoneRig } from "./support/phone-rig";

describe("review 25: a history damaged in most lines on a full phone", () => {
  it("keeps its readable sessions when dropping them cannot make room for the damage", async () => {
    const phone = new PhoneRig({ now: Date.UTC(2026, 0, 5, 9), tzOffsetMinutes: 0 });
    const local = phone.local;
    await phone.receiveDays(0, 20);
    // Sessions s-0000 to s-0014 each lose a quote; s-0015 to s-0019 stay readable. The phone's
    // storage is full: room for the sync state to change, not for another session.
    let text = local.getItem(LOCAL_KEYS.history) as string;
    for (let n = 0; n < 15; n++) {
      const id = '"s-' + String(n).padStart(4, "0") + '"';
      text = text.replace(id, id.slice(0, -1));
    }
    local.data[LOCAL_KEYS.history] = text;
    local.capacity = local.used() + 200;
    const readable = parseHistory(text).history.map((r) => r.id);
    expect(readable).toEqual(["s-0015", "s-0016", "s-0017", "s-0018", "s-0019"]);

    await phone.receiveNextDay(20);

    // The damage could not be kept (it needs more room than all readable sessions free).
    expect(local.getItem(LOCAL_KEYS.damagedHistory)).toBeNull();
    // Expected: then nothing was worth dropping; the readable sessions are still on the phone.
    // Actual: all five were removed from the history, for nothing.
    expect(parseHistory(local.getItem(LOCAL_KEYS.history)).history.map((r) => r.id)).toEqual(readable);
  });
});
