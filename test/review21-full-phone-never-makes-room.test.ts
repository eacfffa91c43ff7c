// Review 21: once the phone's storage is full, the companion never stores a session again.
//
// What the user sees: the Sync section says "⚠ the phone's storage is full: sessions stay on the
// watch until there is room", and no new session ever shows up again — there is nothing on the page
// to make room, and the companion makes none: the history is pruned by count only
// (HISTORY_LIMITS.maxEntries = 270, history-store.ts pruneHistory), so when the phone refuses the
// write earlier (docs/data-safety.md: Fitbit documents no size; the worst case of 270 sessions is
// 1.7 million characters), PhoneSync.storeHistory fails for every later session, forever. Every
// session from then on waits on the watch, which resends them all at every launch and retry.
// Fix: when the history write is refused, drop the earliest-arrived sessions (as the count limit
// does) until the new one fits, and acknowledge only after that write succeeded.
import { describe, expect, it } from "vitest";
import { completedSession } from "./support/builders";
import { PHONE_NOW } from "./support/quiet-phone";
import { HISTORY_LIMITS } from "../common/history-store";
import { PhoneRig } from "./support/phone-rig";

const HOUR = 3600000;

describe("review 21: a full phone never makes room", () => {
  it("stores the newest sessions once the history no longer fits", async () => {
    const phone = new PhoneRig();
    phone.local.capacity = 30000; // room for about a hundred typical sessions, under the 270 kept by count
    const sessions = 150;
    expect(sessions).toBeLessThan(HISTORY_LIMITS.maxEntries); // precondition: the count limit never prunes here
    for (let i = 0; i < sessions; i++) {
      const id = "s" + i;
      await phone.receive(completedSession(id, PHONE_NOW - (sessions - i) * HOUR));
    }
    const stored = phone.historyIds();
    const acked = phone.acks().map((name) => name.slice(4, -5)); // "ack-<id>.cbor"
    expect(stored.length).toBeLessThan(sessions); // precondition: the phone filled up on the way
    // Expected: the newest session is on the phone (the oldest made room for it) and acknowledged.
    expect(stored).toContain("s" + (sessions - 1));
    expect(acked).toContain("s" + (sessions - 1));
  });
});
