// The fixes for review 30's phone-companion bugs, beyond the review's own tests: the launch path of an
// unrecorded routine, the tolerant reading of a damaged drop-count line, the digest's first fold on a
// roomy and on a full phone, the export's count of sessions removed for room, and what is kept of a
// history whose every line is readable.
import { describe, expect, it } from "vitest";
import { phoneWithTenSessions } from "./support/routine-phone";
import { completedSession, fileOf } from "./support/builders";
import { decodeRoutineMessage, encodeResultMessage, encodeRoutineAckMessage } from "../common/protocol";
import { parseHistory, serializeHistory } from "../common/history-store";
import { exportJson } from "../common/history-export";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS, PhoneServices } from "../companion/phone-services";
import { parseHistoryExport } from "../web/src/fitbit-import";
import { MemoryStore, QuotaStore } from "./support/phone-stores";
import { PHONE_NOW, quietPhoneServices, sessionMinutesAgo } from "./support/quiet-phone";

function tenSessions(inbox: IncomingFile[]): void {
  for (let n = 0; n < 10; n++) {
    const id = "s-" + String(n).padStart(4, "0");
    inbox.push(fileOf("result-" + id + ".cbor", encodeResultMessage(completedSession(id, 1767600000000 + n * 1e6))));
  }
}

describe("a routine whose record a full phone could not store", () => {
  it("is not sent again when each confirmation launches the companion, and a later change is still sent", async () => {
    const { settings, local, inbox, services, revisionsSent, phone } = await phoneWithTenSessions();
    local.data[LOCAL_KEYS.history] = (local.getItem(LOCAL_KEYS.history) as string).replace('"s-0003"', '"s-0003');
    local.capacity = local.used();

    settings.setItem("switchSeconds", "120");
    await phone.onSettingsChange("switchSeconds");
    expect(revisionsSent).toHaveLength(2);
    // The record of the routine before is gone; only the short form fits (a revision and a hash, review 32).
    expect(local.getItem(LOCAL_KEYS.sentRoutine)).toMatch(/^\d+:[0-9a-z]+$/);

    for (let confirmation = 0; confirmation < 3; confirmation++) {
      inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(revisionsSent[revisionsSent.length - 1])));
      await new PhoneSync(services).start(); // every wake is a launch
    }
    // Since fixphone2 a launch reads the confirmation that woke it before it resends anything: nothing
    // more is sent (before, the same revision once, then nothing).
    expect(revisionsSent).toHaveLength(2);

    settings.setItem("switchSeconds", "150");
    await new PhoneSync(services).onSettingsChange("switchSeconds");
    expect(revisionsSent).toHaveLength(3);
    expect(revisionsSent[2]).toBeGreaterThan(revisionsSent[1]);
  });

  it("is sent again at launch while the watch has not confirmed it", async () => {
    const settings = new MemoryStore();
    const local = new MemoryStore();
    const sent: number[] = [];
    const services: PhoneServices = {
      ...quietPhoneServices(settings, local, []),
      send: async (_name, payload) => {
        const decoded = decodeRoutineMessage(payload);
        if (decoded.ok) sent.push(decoded.value.revision);
        return undefined;
      },
    };
    await new PhoneSync(services).start();
    local.removeItem(LOCAL_KEYS.sentRoutine); // never confirmed, and no record
    await new PhoneSync(services).start();
    expect(sent).toHaveLength(2);
  });
});

describe("the drop-count line of a damaged history", () => {
  const kept = [3, 2, 1].map((daysAgo) => sessionMinutesAgo("s-000" + daysAgo, daysAgo * 1440));
  const stored = serializeHistory(kept, 12);
  const damages: [string, string][] = [
    ["a lost brace", '"droppedForRoom":12},'],
    ["a lost letter", '{"dropedForRoom":12},'],
    ["a lost closing brace", '{"droppedForRoom":12,'],
    ["a lost colon", '{"droppedForRoom"12},'],
  ];
  for (const [what, line] of damages)
    it("counts 12 after " + what, () => {
      const parsed = parseHistory(stored.replace('{"droppedForRoom":12},', line));
      expect(parsed.damaged || parsed.errors.length > 0).toBe(true);
      expect(parsed.history).toHaveLength(3);
      expect(parsed.droppedForRoom).toBe(12);
    });

  it("takes no number of a session's line for the count", () => {
    const damaged = serializeHistory(kept).replace("]\n]", "]\n"); // no record, damaged
    expect(parseHistory(damaged).droppedForRoom).toBe(0);
  });
});

describe("the unreadable results' names folded into the digest", () => {
  function unreadable(name: string): IncomingFile {
    return { name, cbor: async () => Promise.reject(new Error("unexpected end of CBOR data")) };
  }
  const names = Array.from({ length: 21 }, (_, i) => "result-" + (1767600000000 + i * 1e6).toString(36) + "-ab.cbor");

  it("folds at the 21st name when the phone has room", async () => {
    const local = new MemoryStore();
    const inbox = names.map(unreadable);
    await new PhoneSync(quietPhoneServices(new MemoryStore(), local, inbox)).start();
    const sync = JSON.parse(local.getItem(LOCAL_KEYS.sync) as string);
    expect(sync.rejectedCount).toBe(21);
    expect(sync.rejectedFiles).toEqual([]);
    expect(sync.rejectedDigest).toHaveLength(2048);
  });

  it("keeps the names as they are on a full phone, the 21st with them", async () => {
    const local = new QuotaStore();
    const inbox: IncomingFile[] = [];
    tenSessions(inbox);
    names.slice(0, 20).forEach((name) => inbox.push(unreadable(name)));
    const services = quietPhoneServices(new MemoryStore(), local, inbox);
    await new PhoneSync(services).start();
    local.capacity = local.used();
    inbox.push(unreadable(names[20]));
    await new PhoneSync(services).start();
    const sync = JSON.parse(local.getItem(LOCAL_KEYS.sync) as string);
    expect(sync.rejectedCount).toBe(21);
    expect(sync.rejectedFiles).toHaveLength(21);
    expect(sync.rejectedDigest).toBe("");
    expect(parseHistory(local.getItem(LOCAL_KEYS.history)).history.length).toBeGreaterThanOrEqual(9);
  });
});

describe("the JSON export's count of sessions removed for room", () => {
  it("is in the envelope and the web import reports it (one session, and none)", () => {
    const one = exportJson([sessionMinutesAgo("s-1", 60)], PHONE_NOW, undefined, 1);
    expect(JSON.parse(one.text).sessionsRemovedForRoom).toBe(1);
    expect(parseHistoryExport(one.text).errors).toEqual([
      "The phone's storage was full: the 1 session it received earliest was removed before this export; it is not in the file.",
    ]);
    const none = exportJson([sessionMinutesAgo("s-1", 60)], PHONE_NOW);
    expect(JSON.parse(none.text).sessionsRemovedForRoom).toBe(0);
    expect(parseHistoryExport(none.text).errors).toEqual([]);
  });

  it("is in the phone's export note", async () => {
    const settings = new MemoryStore();
    const local = new MemoryStore();
    local.data[LOCAL_KEYS.history] = serializeHistory([sessionMinutesAgo("s-1", 60)], 5);
    settings.setItem(SETTINGS_KEYS.exportRequest, "json:1");
    await new PhoneSync(quietPhoneServices(settings, local, [])).start();
    expect(settings.getItem(SETTINGS_KEYS.exportNote)).toBe(
      "JSON: 1 session; 5 received earliest were removed when the phone was full",
    );
  });
});

describe("a history whose every line is readable but whose list is not", () => {
  it("keeps a short marker of its ends as the damage, not the whole text", async () => {
    const local = new MemoryStore();
    const inbox: IncomingFile[] = [];
    tenSessions(inbox);
    const services = quietPhoneServices(new MemoryStore(), local, inbox);
    await new PhoneSync(services).start();
    const text = local.getItem(LOCAL_KEYS.history) as string;
    local.data[LOCAL_KEYS.history] = text.slice(0, text.lastIndexOf("\n]"));
    inbox.push(fileOf("result-s-0010.cbor", encodeResultMessage(completedSession("s-0010", 1767700000000))));
    await new PhoneSync(services).start();
    const damage = local.getItem(LOCAL_KEYS.damagedHistory) as string;
    expect(damage).toContain("every line readable");
    expect(damage).toContain(JSON.stringify(text.slice(text.lastIndexOf("\n]") - 80, text.lastIndexOf("\n]"))));
    expect(damage.length).toBeLessThan(400);
    expect(parseHistory(local.getItem(LOCAL_KEYS.history)).history).toHaveLength(11);
  });
});
