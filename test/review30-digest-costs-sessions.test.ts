// Review 30: on a full phone, the 21st unreadable result removes about seven real sessions to make
// room for the bookkeeping that counts it.
//
// What the user sees: their phone's storage is full. The watch has sent 20 results the phone cannot
// read (counted on the page: "⚠ 20 unreadable results from the watch"). A 21st arrives; the page now
// says 21 unreadable, and also "The phone's storage was full: the 7 sessions received earliest were
// removed". Seven sessions they had are gone to count one result they will never see, where each of
// the first 20 cost at most one.
//
// Why: PhoneSync.reject keeps the first 20 names as they are (MAX_REJECTED_NAMES_KEPT, "a full phone
// makes room for a name, not 2 KB", 8b26eec); the 21st folds them all into the 2048-character digest
// (common/name-digest.ts) in one sync-state write that grows by 1,489 characters here, and writeSync
// makes room for it by removing sessions (storeMakingRoom) like for anything the user must see.
import { describe, expect, it } from "vitest";
import { PhoneRig, watchResultName as resultName } from "./support/phone-rig";

/** Another protocol version's bytes, say: never acknowledged. */
const CANNOT_DECODE = "unexpected end of CBOR data";

describe("the 21st unreadable result on a full phone", () => {
  it("costs no more stored sessions than one of the first 20", async () => {
    const phone = new PhoneRig();
    phone.pushNumberedSessions(30);
    for (let i = 0; i < 19; i++) phone.pushUnreadable(resultName(i), CANNOT_DECODE);
    await phone.sync();
    phone.fillToQuota(); // the phone's storage is now full
    const stored = () => phone.historyIds().length;
    const page = () => phone.summary().sync;

    phone.pushUnreadable(resultName(19), CANNOT_DECODE); // the 20th: one name more in the sync state
    await phone.sync();
    expect(page().rejectedCount).toBe(20);
    const removedForTwentieth = 30 - stored();
    expect(removedForTwentieth).toBeLessThanOrEqual(1);

    phone.pushUnreadable(resultName(20), CANNOT_DECODE); // the 21st: the names become the digest
    await phone.sync();
    expect(page().rejectedCount).toBe(21);
    // Before a fix: 7 sessions removed for the 21st.
    expect(30 - removedForTwentieth - stored()).toBeLessThanOrEqual(1);
  });
});
