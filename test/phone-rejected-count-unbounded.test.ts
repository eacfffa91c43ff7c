// Unreadable results the watch keeps resending are counted once each, however many there are, and
// what the phone keeps to count them stays bounded.
//
// What the user sees: their watch app was updated to a protocol version the phone's companion
// cannot read yet, so for a few weeks every session arrives unreadable (about 100, never
// acknowledged: an updated companion may read them, so the watch keeps them and resends them all at
// every retry). The settings page said "⚠ 100 unreadable results from the watch" after the first
// round, then 200, 300, … — growing with every resend of the same files.
//
// Why (before the fix): PhoneSync.reject remembered the last 60 file names it counted
// (MAX_REJECTED_NAMES_COUNTED). The watch resends in the same order each time, so with more than 60
// each name had been pushed out of the window before it came again, and was counted again.
import { describe, expect, it } from "vitest";
import { quietPhoneServices } from "./support/quiet-phone";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS } from "../companion/phone-services";
import { MemoryStore } from "./support/phone-stores";

/** A file the phone cannot decode (another protocol version's bytes, say): never acknowledged. */
function unreadable(name: string): IncomingFile {
  return { name, cbor: async () => Promise.reject(new Error("unexpected end of CBOR data")) };
}

/** Result file names as the watch makes them: start time in base 36, a random suffix. */
function resultNames(count: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const startedAt = Date.UTC(2026, 0, 5, 9) + i * 8 * 3600000;
    names.push(
      "result-" + startedAt.toString(36) + "-" + ((i * 7919) % 1679616).toString(36).padStart(4, "0") + ".cbor",
    );
  }
  return names;
}

function phone() {
  const settings = new MemoryStore();
  const local = new MemoryStore();
  const inbox: IncomingFile[] = [];
  const services = quietPhoneServices(settings, local, inbox);
  const rejectedCount = () =>
    (JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).sync.rejectedCount;
  const syncChars = () => (local.getItem(LOCAL_KEYS.sync) as string).length;
  return { local, inbox, services, rejectedCount, syncChars };
}

describe("unreadable results resent by the watch, more than 60", () => {
  it("count once each over three resends of 100 (a companion started for each round)", async () => {
    const p = phone();
    const names = resultNames(100);
    for (let round = 0; round < 3; round++) {
      for (const name of names) p.inbox.push(unreadable(name));
      await new PhoneSync(p.services).start();
      // Before the fix: 100, then 200, then 300.
      expect(p.rejectedCount()).toBe(100);
    }
  });

  it("count once each when resends come in another order and new ones arrive between them", async () => {
    const p = phone();
    const sync = new PhoneSync(p.services);
    await sync.start();
    const names = resultNames(300);
    // Sessions arrive a few at a time; each time the watch resends all it holds, latest first.
    for (let held = 10; held <= 300; held += 10) {
      for (const name of names.slice(0, held).reverse()) p.inbox.push(unreadable(name));
      await sync.drainInbox();
      expect(p.rejectedCount()).toBe(held);
    }
  });

  it("are kept as names up to 20 (a full phone makes room for a name), then as a digest", async () => {
    const p = phone();
    const sync = new PhoneSync(p.services);
    await sync.start();
    const names = resultNames(21);
    const stored = () => JSON.parse(p.local.getItem(LOCAL_KEYS.sync) as string);
    for (const name of names.slice(0, 20)) p.inbox.push(unreadable(name));
    await sync.drainInbox();
    expect(stored()).toMatchObject({ rejectedCount: 20, rejectedFiles: names.slice(0, 20), rejectedDigest: "" });
    for (const name of names) p.inbox.push(unreadable(name));
    await sync.drainInbox();
    expect(stored()).toMatchObject({ rejectedCount: 21, rejectedFiles: [] });
    expect(stored().rejectedDigest).toHaveLength(2048);
    for (const name of names) p.inbox.push(unreadable(name));
    await sync.drainInbox();
    expect(p.rejectedCount()).toBe(21);
  });

  it("keep the sync state bounded for any number of names", async () => {
    const p = phone();
    const sync = new PhoneSync(p.services);
    await sync.start();
    const names = resultNames(2000);
    const chars: number[] = [];
    for (let i = 0; i < names.length; i += 100) {
      for (const name of names.slice(i, i + 100)) p.inbox.push(unreadable(name));
      await sync.drainInbox();
      chars.push(p.syncChars());
    }
    // Resending all 2000 adds nothing (it may count a few fewer than 2000: see docs/companion.md).
    const counted = p.rejectedCount();
    expect(counted).toBeGreaterThan(1950);
    expect(counted).toBeLessThanOrEqual(2000);
    for (const name of names) p.inbox.push(unreadable(name));
    await sync.drainInbox();
    // Before the fix: 4000 (each name had fallen out of the 60 remembered).
    expect(p.rejectedCount()).toBe(counted);
    // What the count needs is bounded: a fixed-size digest, not the names. From 100 names to 2000
    // the sync state grows only by the count's fourth digit.
    expect(Math.max(...chars) - chars[0]).toBeLessThanOrEqual(1);
    expect(Math.max(...chars)).toBeLessThan(2600);
  });
});
