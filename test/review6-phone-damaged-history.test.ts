// Review 6: the phone's stored history is found damaged while localStorage is nearly full.
// docs/data-safety.md promises that damaged history text is "kept once as damagedHistory" and that a
// damaged entry that is lost is "reported on the page". When the copy of the damaged text does not fit
// (it needs as much room again as the history itself), PhoneSync.loadHistory goes on anyway:
// receiveFile then overwrites "history" with the smaller recovered list, so the damaged text, and the
// session inside it that could not be recovered, are gone for good, and the page says nothing.
import { describe, expect, it } from "vitest";
import { SessionResult } from "../common/result";
import { fileOf } from "./support/builders";
import { quietPhoneServices, sessionMinutesAgo as session } from "./support/quiet-phone";
import { encodeResultMessage } from "../common/protocol";
import { parseHistory, serializeHistory } from "../common/history-store";
import { HistorySummary } from "../common/history-summary";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, KeyValueStore, LOCAL_KEYS } from "../companion/phone-services";
import { SETTINGS_KEYS } from "../common/settings-keys";

/** localStorage with a size limit: a write that would take the total past `capacity` characters throws, as a full phone does. */
class QuotaStore implements KeyValueStore {
  data: { [key: string]: string } = {};
  capacity = Infinity;
  used(): number {
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

/** The stored history of `sessions` with one character inside the last one's entry damaged, so that entry cannot be recovered. */
function damagedInLastSession(sessions: SessionResult[]): string {
  const stored = serializeHistory(sessions);
  const at = stored.indexOf(sessions[sessions.length - 1].id);
  return stored.slice(0, at + 20) + "\u0000" + stored.slice(at + 21);
}

/** A phone whose settings and localStorage have size limits (none until a test sets one), with an empty inbox. */
function phoneWithQuota() {
  const settings = new QuotaStore();
  const local = new QuotaStore();
  const inbox: IncomingFile[] = [];
  return { settings, local, inbox, services: quietPhoneServices(settings, local, inbox) };
}

describe("review 6: damaged phone history on a nearly full phone", () => {
  it("keeps the damaged text (or leaves the history untouched) when its copy does not fit", async () => {
    const { settings, local, inbox, services } = phoneWithQuota();
    // Three stored sessions; one character of the third is damaged, so it cannot be recovered.
    const damaged = damagedInLastSession([
      session("aaa-0001", 3000),
      session("bbb-0002", 2000),
      session("ccc-0003", 1000),
    ]);
    // The premise: the third session is not recoverable from the damaged text.
    expect(parseHistory(damaged).history.map((r) => r.id)).toEqual(["aaa-0001", "bbb-0002"]);
    local.setItem(LOCAL_KEYS.history, damaged);
    // A launch with nothing in the inbox (routine sent, summary written), then the phone is nearly full:
    // less free room than the damaged text takes.
    await new PhoneSync(services).start();
    local.capacity = local.used() + Math.floor(damaged.length / 2);

    inbox.push(fileOf("result-ddd-0004.cbor", encodeResultMessage(session("ddd-0004", 10))));
    await new PhoneSync(services).start();

    // What happens today: "history" was rewritten with the recovered sessions and the new one ...
    const summary = JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary;
    const afterwards = parseHistory(local.getItem(LOCAL_KEYS.history)).history.map((r) => r.id);
    // ... so the damaged text, with the session only it holds, must still be somewhere on the phone
    // (kept as damagedHistory, or "history" left as it was and the new result not acknowledged).
    // Since review 23 damagedHistory keeps the damaged text's unreadable lines (the recovered
    // sessions are in the history): the line of the session only it holds must be kept whole.
    const damagedLine = damaged.split("\n").filter((line) => line.indexOf("\u0000") >= 0)[0];
    const keptDamage = local.getItem(LOCAL_KEYS.damagedHistory);
    expect(
      local.getItem(LOCAL_KEYS.history) === damaged ||
        (keptDamage !== null && keptDamage.split("\n").indexOf(damagedLine) >= 0),
      "damaged text gone; history now holds " +
        afterwards.join(", ") +
        "; note on the page: " +
        JSON.stringify(summary.sync.historyDamage),
    ).toBe(true);
  });

  it("a second damage, after one was kept, is reported on the page too (the lost session is not silent)", async () => {
    const { settings, local, inbox, services } = phoneWithQuota();
    // First damage: nothing recoverable; it is kept and reported ("0 sessions recovered").
    local.setItem(LOCAL_KEYS.history, "{broken");
    inbox.push(fileOf("result-aaa-0001.cbor", encodeResultMessage(session("aaa-0001", 3000))));
    await new PhoneSync(services).start();
    const firstNote = (JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).sync
      .historyDamage;
    expect(firstNote).toContain("0 sessions recovered");
    // Weeks later the history is damaged again, inside the second of two stored sessions.
    const damaged = damagedInLastSession([session("bbb-0002", 2000), session("ccc-0003", 1000)]);
    expect(parseHistory(damaged).history.map((r) => r.id)).toEqual(["bbb-0002"]);
    local.setItem(LOCAL_KEYS.history, damaged);
    inbox.push(fileOf("result-ddd-0004.cbor", encodeResultMessage(session("ddd-0004", 10))));
    await new PhoneSync(services).start();
    // Session ccc-0003 is now gone: the damaged text was not kept (damagedHistory holds the first one) ...
    expect(parseHistory(local.getItem(LOCAL_KEYS.history)).history.map((r) => r.id)).toEqual(["bbb-0002", "ddd-0004"]);
    const kept = [local.getItem(LOCAL_KEYS.history), local.getItem(LOCAL_KEYS.damagedHistory)];
    // ... and the page still shows the first note only: the new loss must be kept or reported.
    const note = (JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).sync.historyDamage;
    expect(kept.indexOf(damaged) >= 0 || note !== firstNote, "page note unchanged: " + JSON.stringify(note)).toBe(true);
  });
});
