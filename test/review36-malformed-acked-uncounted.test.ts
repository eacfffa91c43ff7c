// What the user sees: a malformed result from the watch (the phone's own version, failing
// validation) arrives while the phone refuses to store its sync state for a reason other than room
// (an I/O error, a storage that is briefly unavailable). The companion keeps the result raw, cannot
// store its count, and acknowledges it anyway: the watch deletes it, and the page's count of results
// it could not read never includes it, though the write works again a moment later.
// Should see: the result counted on the page (1 unreadable result) once the phone can store the
// count, as fixphone2 does for a full phone: not acknowledged while it cannot be counted, so the
// watch sends it again. A session history write that fails for any reason sends no ack either.
// Why it matters: the page is the only place the user learns that a session could not be read;
// fixphone2 made reject() say when it could not count, but only for a quota refusal.
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { encodeResultMessage } from "../common/protocol";
import { LOCAL_KEYS } from "../companion/phone-services";
import { QuotaStore } from "./support/phone-stores";
import { PhoneRig } from "./support/phone-rig";

/** localStorage whose writes of the sync state fail (not for room) while `failing` is set. */
class FlakySyncStore extends QuotaStore {
  failing = false;
  setItem(key: string, value: string): void {
    if (this.failing && key === LOCAL_KEYS.sync) throw new Error("I/O error");
    super.setItem(key, value);
  }
}

describe("a malformed result whose count the phone could not store", () => {
  it("is counted on the page once the phone can store it", async () => {
    const phone = new PhoneRig({ local: new FlakySyncStore() });
    const { local, inbox } = phone;
    await phone.sync();
    const bad = encodeResultMessage(completedSession("bad-0001", 1767700000000)) as unknown[];
    bad[4] = -1; // fails validation: never readable

    local.failing = true;
    inbox.push(fileOf("result-bad-0001.cbor", bad));
    await phone.sync();
    local.failing = false;

    // The watch sends again what it got no ack for (at its next retry or launch).
    if (phone.acks().indexOf("ack-bad-0001.cbor") < 0) {
      inbox.push(fileOf("result-bad-0001.cbor", bad));
      await phone.sync();
    }
    const page = phone.summary().sync;
    // Before a fix: 0 (acknowledged uncounted; the watch deleted it).
    expect(page.rejectedCount).toBe(1);
  });
});
