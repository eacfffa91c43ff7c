// Review 25: on a full phone, storing the sync state can drop all but the last session, in vain.
//
// What the user sees: the phone's storage is full, mostly with other data; the page's history holds
// a few sessions. The watch sends a result the phone cannot read. The page's history then shows only
// its latest session — every earlier one was removed "to store the sync state" — and the page still
// does not count the unreadable result (the sync state was not stored after all). The sessions are
// gone for good (the watch deleted each once it was acknowledged), for nothing.
//
// Why: PhoneSync.writeSyncMakingRoom (fix 23) rewrites the history without its earliest-arrived
// sessions, step after step, until the sync state fits; when the whole history frees less than the
// sync state needs, it drops every session but the last and then fails anyway (the drops are not undone).
// Suggested fix: before rewriting the history, check that dropping sessions can make room (the
// stored history's characters, or the sync state's growth against what dropEarliestArrived could
// free, at least what the refused write needs); when it cannot, drop none, as before fix 23.
import { describe, expect, it } from "vitest";
import { completedSession } from "./support/builders";
import { parseHistory } from "../common/history-store";
import { LOCAL_KEYS } from "../companion/phone-services";
import { DAY_MS, PhoneRig } from "./support/phone-rig";

describe("review 25: the sync state on a full phone", () => {
  it("does not drop sessions when dropping all it may cannot make room for it", async () => {
    const phone = new PhoneRig({ now: Date.UTC(2026, 0, 5, 9), tzOffsetMinutes: 0 });
    const { local, clock } = phone;
    // Two sessions: a short one (the user stopped after one hold), then a whole one.
    const short = completedSession("s-0001", clock.now + DAY_MS - 600000);
    short.holds = short.holds.slice(0, 1);
    const sessions = [short, completedSession("s-0002", clock.now + 2 * DAY_MS - 600000)];
    for (const session of sessions) {
      clock.now += DAY_MS;
      await phone.receive(session);
    }
    const before = parseHistory(local.getItem(LOCAL_KEYS.history)).history.map((r) => r.id);
    expect(before).toEqual(["s-0001", "s-0002"]);

    // The storage is full (other data fills it); the watch sends a result the phone cannot read,
    // whose reason (200 characters on the page) makes the sync state grow by more than the short
    // session frees (the last session is never dropped).
    phone.fillToQuota();
    const reason = "the CBOR ends inside a map: " + "x".repeat(200);
    clock.now += DAY_MS;
    phone.pushUnreadable("result-s-0003.cbor", reason);
    await phone.sync();

    const sync = JSON.parse(local.getItem(LOCAL_KEYS.sync) as string);
    expect(sync.rejectedCount).toBe(0); // the sync state could not be stored
    // Expected: nothing gained, nothing dropped: s-0001 still on the phone. Actual: s-0001 is gone.
    expect(parseHistory(local.getItem(LOCAL_KEYS.history)).history.map((r) => r.id)).toEqual(before);
  });
});
