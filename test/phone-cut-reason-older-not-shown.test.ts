// What the user sees: on a full phone the latest unreadable result's reason is cut in the sync state
// ("latest: not readable CBOR (unexpe…") and shown in full from settingsStorage (lastRejection). When
// settingsStorage refused the new reason, the older one stayed there, and the page took it for the
// full form of the new one because it starts the same (review 45's note: lastRejectionInFull matches
// by prefix): "latest: … byte 412 of 530" for a file that failed at byte 97. Should see: the new
// reason (cut, as stored), never an older one as the latest.
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { encodeResultMessage } from "../common/protocol";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS } from "../companion/phone-services";
import { MemoryStore, QuotaStore } from "./support/phone-stores";
import { quietPhoneServices } from "./support/quiet-phone";

/** settingsStorage that refuses writes of the last rejection's reason while `refusing` is set. */
class RefusingReasonStore extends MemoryStore {
  refusing = false;
  setItem(key: string, value: string): void {
    if (this.refusing && key === SETTINGS_KEYS.lastRejection) throw new Error("settings storage unavailable");
    super.setItem(key, value);
  }
}

/** A file the phone cannot decode; `error` is what the CBOR decoder says (the page's "latest"). */
function unreadable(name: string, error: string): IncomingFile {
  return { name, cbor: async () => Promise.reject(new Error(error)) };
}

const OLDER = "unexpected end of CBOR data at byte 412 of 530";
const NEWER = "unexpected end of CBOR data at byte 97 of 530";

describe("a rejection's reason cut to fit a full phone, settingsStorage refusing it", () => {
  it("is shown as stored, not as an older reason that starts the same", async () => {
    const settings = new RefusingReasonStore();
    const local = new QuotaStore();
    const inbox: IncomingFile[] = [];
    const services = quietPhoneServices(settings, local, inbox);
    for (let n = 0; n < 30; n++) {
      const id = "s-" + String(n).padStart(4, "0");
      inbox.push(fileOf("result-" + id + ".cbor", encodeResultMessage(completedSession(id, 1767600000000 + n * 1e6))));
    }
    // 25 unreadable files: from the 21st the names are kept in the digest.
    for (let n = 0; n < 25; n++) inbox.push(unreadable("result-x" + String(n).padStart(4, "0") + ".cbor", "bad CBOR"));
    await new PhoneSync(services).start();
    local.capacity = local.used(); // the phone's storage is now full
    inbox.push(unreadable("result-x0025.cbor", OLDER));
    await new PhoneSync(services).start();
    const page = () => (JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).sync;
    expect(page().lastRejection).toBe("not readable CBOR (" + OLDER + ")"); // precondition

    settings.refusing = true;
    inbox.push(unreadable("result-x0026.cbor", NEWER));
    await new PhoneSync(services).start();
    expect(page().rejectedCount).toBe(27);
    const stored = (JSON.parse(local.getItem(LOCAL_KEYS.sync) as string) as { lastRejection: string }).lastRejection;
    expect(stored.endsWith("…")).toBe(true); // the sync state holds the new one cut
    expect(("not readable CBOR (" + NEWER + ")").startsWith(stored.slice(0, -1))).toBe(true);
    // Before the fix: "not readable CBOR (unexpected end of CBOR data at byte 412 of 530)".
    expect(page().lastRejection).toBe(stored);
  });
});
