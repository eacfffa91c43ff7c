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
import { completedSession, fileOf } from "./support/builders";
import { PHONE_NOW, quietPhoneServices } from "./support/quiet-phone";
import { encodeResultMessage } from "../common/protocol";
import { HISTORY_LIMITS, parseHistory } from "../common/history-store";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, KeyValueStore, LOCAL_KEYS } from "../companion/phone-services";

/** localStorage with a size limit: a write taking the total past `capacity` characters throws, as a full phone does. */
class QuotaStore implements KeyValueStore {
  data: { [key: string]: string } = {};
  constructor(private readonly capacity: number) {}
  private used(): number {
    let total = 0;
    for (const key of Object.keys(this.data)) total += key.length + this.data[key].length;
    return total;
  }
  getItem(key: string): string | null {
    return key in this.data ? this.data[key] : null;
  }
  setItem(key: string, value: string): void {
    const before = key in this.data ? key.length + this.data[key].length : 0;
    if (this.used() - before + key.length + value.length > this.capacity) {
      const error = new Error("QuotaExceededError: the quota has been exceeded");
      error.name = "QuotaExceededError";
      throw error;
    }
    this.data[key] = value;
  }
  removeItem(key: string): void {
    delete this.data[key];
  }
}

const HOUR = 3600000;

describe("review 21: a full phone never makes room", () => {
  it("stores the newest sessions once the history no longer fits", async () => {
    const settings = new QuotaStore(Infinity);
    const local = new QuotaStore(30000); // room for about a hundred typical sessions, under the 270 kept by count
    const inbox: IncomingFile[] = [];
    const acked: string[] = [];
    const services = {
      ...quietPhoneServices(settings, local, inbox),
      send: async (name: string) => {
        if (name.startsWith("ack-")) acked.push(name.slice(4, -5));
      },
    };
    const sessions = 150;
    expect(sessions).toBeLessThan(HISTORY_LIMITS.maxEntries); // precondition: the count limit never prunes here
    for (let i = 0; i < sessions; i++) {
      const id = "s" + i;
      inbox.push(
        fileOf("result-" + id + ".cbor", encodeResultMessage(completedSession(id, PHONE_NOW - (sessions - i) * HOUR))),
      );
      await new PhoneSync(services).start();
    }
    const stored = parseHistory(local.getItem(LOCAL_KEYS.history)).history.map((r) => r.id);
    expect(stored.length).toBeLessThan(sessions); // precondition: the phone filled up on the way
    // Expected: the newest session is on the phone (the oldest made room for it) and acknowledged.
    expect(stored).toContain("s" + (sessions - 1));
    expect(acked).toContain("s" + (sessions - 1));
  });
});
