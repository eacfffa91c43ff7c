// What the user sees: on a full phone a new unreadable result's reason ("latest: …" on the page) is
// cut so that counting it takes no more room than the state stored (review 36). The page then showed
// the cut reason until the next rejection, also once the phone had room again, and the whole reason
// was nowhere but in the companion's log. Should see: the whole reason on the page (it is kept where
// the full phone's storage does not bound it), across a restart too.
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { encodeResultMessage } from "../common/protocol";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS } from "../companion/phone-services";
import { MemoryStore, QuotaStore } from "./support/phone-stores";
import { quietPhoneServices } from "./support/quiet-phone";

/** A file the phone cannot decode; `error` is what the CBOR decoder says (the page's "latest"). */
function unreadable(name: string, error: string): IncomingFile {
  return { name, cbor: async () => Promise.reject(new Error(error)) };
}

const LONGER = "unexpected end of CBOR data at byte 412 of 530";

async function phoneWithCutReason() {
  const settings = new MemoryStore();
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
  inbox.push(unreadable("result-x0025.cbor", LONGER));
  await new PhoneSync(services).start();
  const page = () => (JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).sync;
  return { settings, local, inbox, services, page };
}

describe("a rejection's reason cut to fit a full phone", () => {
  it("is shown in full on the page", async () => {
    const p = await phoneWithCutReason();
    expect(p.page().rejectedCount).toBe(26); // counted (review 36)
    const stored = JSON.parse(p.local.getItem(LOCAL_KEYS.sync) as string) as { lastRejection: string };
    expect(stored.lastRejection.endsWith("…")).toBe(true); // precondition: the sync state holds it cut
    // Before the fix: "not readable CBOR (unexpect…" until the next rejection.
    expect(p.page().lastRejection).toBe("not readable CBOR (" + LONGER + ")");
  });

  it("is shown in full after a restart, once the phone has room again", async () => {
    const p = await phoneWithCutReason();
    p.local.capacity = Infinity;
    await new PhoneSync(p.services).start();
    expect(p.page().lastRejection).toBe("not readable CBOR (" + LONGER + ")");
  });

  it("gives way to the next rejection's reason", async () => {
    const p = await phoneWithCutReason();
    p.local.capacity = Infinity;
    p.inbox.push(unreadable("result-x0026.cbor", "bad CBOR again"));
    await new PhoneSync(p.services).start();
    expect(p.page().lastRejection).toBe("not readable CBOR (bad CBOR again)");
    expect(p.page().rejectedCount).toBe(27);
  });
});
