// Unreadable and malformed results on a full phone (review 36, fix36): the log says whether a result
// was acknowledged as it really was, and a new unreadable file is counted though the state grows by
// its reason or by a digit of the count: the reason stored is then cut (marked "…") to fit; since
// splitphone the page shows it in full (test/phone-cut-reason-shown-in-full.test.ts).
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { encodeResultMessage } from "../common/protocol";
import { LOCAL_KEYS } from "../companion/phone-services";
import { QuotaStore } from "./support/phone-stores";
import { PHONE_NOW } from "./support/quiet-phone";
import { PhoneRig } from "./support/phone-rig";

describe("a malformed result a full phone keeps raw but cannot count", () => {
  it("is logged as not acknowledged, and no ack is sent", async () => {
    const phone = new PhoneRig();
    const { local, warnings } = phone;
    phone.pushNumberedSessions(30);
    await phone.sync();
    phone.sent.length = 0;
    warnings.length = 0;
    const bad = encodeResultMessage(completedSession("bad-0001", 1767700000000)) as unknown[];
    bad[4] = -1;
    const raw = JSON.stringify([{ file: "result-bad-0001.cbor", at: PHONE_NOW, message: bad }]);
    // Room for its raw copy, not for its name in the sync state.
    local.capacity = local.used() + LOCAL_KEYS.rejected.length + raw.length + 5;
    phone.inbox.push(fileOf("result-bad-0001.cbor", bad));
    await phone.sync();

    expect(phone.acks()).toEqual([]);
    // Before a fix: "… (acknowledged so the watch drops it)", though no ack went.
    expect(warnings.filter((w) => w.indexOf("acknowledged so the watch drops it") >= 0)).toEqual([]);
    expect(warnings).toContain(
      "Steady Hold: rejected result-bad-0001.cbor: result bad-0001: duration -1 is outside 0–172800000 ms (not acknowledged: the watch sends it again)",
    );
  });
});

/** The last rejection's reason as the sync state in localStorage holds it. */
function storedReason(local: QuotaStore): string {
  return (JSON.parse(local.getItem(LOCAL_KEYS.sync) as string) as { lastRejection: string }).lastRejection;
}

describe("a new unreadable file on a full phone whose names are in the digest", () => {
  it("is counted when the count gains a digit (99 to 100), its reason cut to fit", async () => {
    const phone = new PhoneRig();
    const local = phone.local;
    phone.pushNumberedSessions(30);
    for (let n = 0; n < 99; n++) phone.pushUnreadable("result-x" + String(n).padStart(4, "0") + ".cbor", "bad CBOR");
    await phone.sync();
    const page = () => phone.summary().sync;
    expect(page().rejectedCount).toBe(99); // precondition
    phone.fillToQuota(); // the phone's storage is now full

    phone.pushUnreadable("result-x0099.cbor", "bad CBOR");
    await phone.sync();
    // Before a fix: 99, and "1 unreadable result from the watch not counted yet".
    expect(page().rejectedCount).toBe(100);
    expect(page().storageProblem).toBe("");
    // One character less for the count's new digit, one for the "…"; the page shows it in full.
    expect(storedReason(local)).toBe("not readable CBOR (bad CBO…");
    expect(page().lastRejection).toBe("not readable CBOR (bad CBOR)");
  });

  it("is counted with a longer reason, stored cut; the reason is stored whole once there is room", async () => {
    const phone = new PhoneRig();
    const local = phone.local;
    phone.pushNumberedSessions(30);
    for (let n = 0; n < 25; n++) phone.pushUnreadable("result-x" + String(n).padStart(4, "0") + ".cbor", "bad CBOR");
    await phone.sync();
    const page = () => phone.summary().sync;
    phone.fillToQuota();

    phone.pushUnreadable("result-x0025.cbor", "unexpected end of CBOR data");
    await phone.sync();
    expect(page().rejectedCount).toBe(26);
    // As long as the reason stored before ("not readable CBOR (bad CBOR)"), with the "…"; the page shows it in full.
    expect(storedReason(local)).toBe("not readable CBOR (unexpect…");
    expect(page().lastRejection).toBe("not readable CBOR (unexpected end of CBOR data)");

    local.capacity = Infinity;
    phone.pushUnreadable("result-x0026.cbor", "unexpected end of CBOR data");
    await phone.sync();
    expect(page().rejectedCount).toBe(27);
    expect(storedReason(local)).toBe("not readable CBOR (unexpected end of CBOR data)");
    expect(page().lastRejection).toBe("not readable CBOR (unexpected end of CBOR data)");
  });
});
