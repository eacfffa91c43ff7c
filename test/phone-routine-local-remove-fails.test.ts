// A phone whose localStorage refuses removals (its removeItem throws, as a store that cannot write may)
// while its writes still go through. The routine handed to the watch must still be recorded as sent:
// sendRoutine removed a legacy key with a bare removeItem after the transfer, so the throw ended it
// before the sync state took the revision. The page then said the routine was never sent, and each
// change sent a new revision without a record of the one before.
import { describe, expect, it } from "vitest";
import { encodeRoutineAckMessage } from "../common/protocol";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS, PhoneServices } from "../companion/phone-services";
import { fileOf } from "./support/builders";
import { MemoryStore } from "./support/phone-stores";
import { routineRecordingServices } from "./support/routine-phone";

/** localStorage that stores but cannot remove a key. */
class LocalRemovalFails extends MemoryStore {
  removeItem(_key: string): void {
    throw new Error("local storage unavailable");
  }
}

function phoneOnFailingRemovals(): {
  settings: MemoryStore;
  local: LocalRemovalFails;
  inbox: IncomingFile[];
  revisionsSent: number[];
  warnings: string[];
  phone: PhoneSync;
} {
  const settings = new MemoryStore();
  const local = new LocalRemovalFails();
  const inbox: IncomingFile[] = [];
  const revisionsSent: number[] = [];
  const warnings: string[] = [];
  const services: PhoneServices = {
    ...routineRecordingServices(settings, local, inbox, revisionsSent),
    warn: (m: string) => void warnings.push(m),
  };
  return { settings, local, inbox, revisionsSent, warnings, phone: new PhoneSync(services) };
}

function page(settings: MemoryStore): HistorySummary {
  return JSON.parse(settings.getItem(SETTINGS_KEYS.history) || "null") as HistorySummary;
}

describe("a routine sent while localStorage cannot remove a key", () => {
  it("is recorded as sent, and the page says so", async () => {
    const { settings, local, revisionsSent, warnings, phone } = phoneOnFailingRemovals();
    await phone.start();
    expect(revisionsSent).toHaveLength(1);
    expect(page(settings).sync.routineRevision).toBe(revisionsSent[0]);
    expect(page(settings).sync.routineRefusedAt).toBe(-1);
    expect(JSON.parse(local.getItem(LOCAL_KEYS.sentRoutine) || "null")).not.toBeNull();
    expect(warnings.some((w) => w.includes("could not remove"))).toBe(true);
  });

  it("once confirmed, is not sent again at the next launch", async () => {
    const first = phoneOnFailingRemovals();
    await first.phone.start();
    first.inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(first.revisionsSent[0])));
    await first.phone.drainInbox();
    expect(page(first.settings).sync.routineConfirmedRevision).toBe(first.revisionsSent[0]);

    // The companion is started again over the same stores.
    const revisionsSent: number[] = [];
    const again = new PhoneSync(routineRecordingServices(first.settings, first.local, [], revisionsSent));
    await again.start();
    expect(revisionsSent).toEqual([]);
  });
});
