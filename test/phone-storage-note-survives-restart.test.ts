// What the user sees: a full phone could not store a session, and the page says why. That note was
// stored in the sync state only when it fitted; on a full phone it was kept in memory only, and the
// companion's next launch (the Fitbit app unloads it soon after every wake) rewrote the page without
// it, though the session was still on the watch and the phone still full. Should see: the note after
// a restart too, bounded in size, and gone once a session is stored again.
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { encodeResultMessage } from "../common/protocol";
import { parseHistory } from "../common/history-store";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS, PhoneServices } from "../companion/phone-services";
import { MemoryStore, QuotaStore } from "./support/phone-stores";
import { quietPhoneServices } from "./support/quiet-phone";

/** A full phone whose history writes fail with `historyError` (not a lack of room) while it is set. */
class FailingHistoryStore extends QuotaStore {
  historyError = "";
  setItem(key: string, value: string): void {
    if (this.historyError !== "" && key === LOCAL_KEYS.history) throw new Error(this.historyError);
    super.setItem(key, value);
  }
}

async function fullPhone() {
  const settings = new MemoryStore();
  const local = new FailingHistoryStore();
  const inbox: IncomingFile[] = [];
  const services: PhoneServices = quietPhoneServices(settings, local, inbox);
  for (let n = 0; n < 30; n++) {
    const id = "s-" + String(n).padStart(4, "0");
    inbox.push(fileOf("result-" + id + ".cbor", encodeResultMessage(completedSession(id, 1767600000000 + n * 1e6))));
  }
  await new PhoneSync(services).start();
  local.capacity = local.used(); // the phone's storage is now full
  const page = () => (JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).sync;
  const receive = async (id: string) => {
    inbox.push(fileOf("result-" + id + ".cbor", encodeResultMessage(completedSession(id, 1767700000000))));
    await new PhoneSync(services).start();
  };
  return { settings, local, services, page, receive };
}

describe("the page's note that a session could not be stored, on a full phone", () => {
  it("is still on the page after the companion restarts", async () => {
    const p = await fullPhone();
    p.local.historyError = "I/O error";
    await p.receive("new-0001");
    const note = "the phone refused to store the history (I/O error): sessions stay on the watch meanwhile";
    expect(p.page().storageProblem).toBe(note);
    // The companion is unloaded and woken again (a settings change, or a launch with nothing new).
    await new PhoneSync(p.services).start();
    expect(p.page().storageProblem).toBe(note);
    expect(parseHistory(p.local.getItem(LOCAL_KEYS.history)).history).toHaveLength(30);
  });

  it("is bounded however long the phone's error is", async () => {
    const p = await fullPhone();
    p.local.historyError = "disk error " + "x".repeat(20000);
    await p.receive("new-0001");
    await new PhoneSync(p.services).start();
    const shown = p.page().storageProblem;
    expect(shown.startsWith("the phone refused to store the history (disk error xxx")).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(300);
    const kept = Object.keys(p.settings.data).map((key) => p.settings.data[key].length);
    expect(Math.max(...kept)).toBeLessThan(6000); // the summary's own bound; nothing near the error's size
  });

  it("is gone once a session is stored again, also after a restart", async () => {
    const p = await fullPhone();
    p.local.historyError = "I/O error";
    await p.receive("new-0001");
    p.local.historyError = "";
    p.local.capacity = Infinity;
    await p.receive("new-0001"); // the watch resends it
    expect(p.page().storageProblem).toBe("");
    await new PhoneSync(p.services).start();
    expect(p.page().storageProblem).toBe("");
    expect(parseHistory(p.local.getItem(LOCAL_KEYS.history)).history).toHaveLength(31);
  });
});
