// What the user sees: on a full phone a new unreadable result's reason ("latest: …" on the page) is
// cut so that counting it takes no more room than the state stored (review 36). The page then showed
// the cut reason until the next rejection, also once the phone had room again, and the whole reason
// was nowhere but in the companion's log. Should see: the whole reason on the page (it is kept where
// the full phone's storage does not bound it), across a restart too.
import { describe, expect, it } from "vitest";
import { LOCAL_KEYS } from "../companion/phone-services";
import { PhoneRig } from "./support/phone-rig";

const LONGER = "unexpected end of CBOR data at byte 412 of 530";

async function phoneWithCutReason() {
  const phone = new PhoneRig();
  phone.pushNumberedSessions(30);
  // 25 unreadable files: from the 21st the names are kept in the digest.
  for (let n = 0; n < 25; n++) phone.pushUnreadable("result-x" + String(n).padStart(4, "0") + ".cbor", "bad CBOR");
  await phone.sync();
  phone.fillToQuota(); // the phone's storage is now full
  phone.pushUnreadable("result-x0025.cbor", LONGER);
  await phone.sync();
  return { phone, local: phone.local, page: () => phone.summary().sync };
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
    await p.phone.sync();
    expect(p.page().lastRejection).toBe("not readable CBOR (" + LONGER + ")");
  });

  it("gives way to the next rejection's reason", async () => {
    const p = await phoneWithCutReason();
    p.local.capacity = Infinity;
    p.phone.pushUnreadable("result-x0026.cbor", "bad CBOR again");
    await p.phone.sync();
    expect(p.page().lastRejection).toBe("not readable CBOR (bad CBOR again)");
    expect(p.page().rejectedCount).toBe(27);
  });
});
