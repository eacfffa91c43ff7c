// On a full phone, counting the watch's unreadable results must never remove stretching sessions.
// Before fixphone2 each new unreadable file name grew the sync state by its length and the
// companion made room for it by removing the sessions received earliest: about 2 KB of sessions
// (7 of them) before the names' digest took over. Now a name is kept only in room the phone still
// has or the names already take (compacted to a short stand-in); one that does not fit is not
// counted yet, the page says so, and it is counted once there is room (the watch resends it).
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { encodeResultMessage } from "../common/protocol";
import { LOCAL_KEYS } from "../companion/phone-services";
import { PhoneRig, watchResultName as resultName } from "./support/phone-rig";
import { PHONE_NOW } from "./support/quiet-phone";

describe("unreadable results arriving on a full phone", () => {
  it.each([
    ["with none counted before", 0],
    ["with 10 counted before", 10],
    ["with 30 counted before (the names folded into the digest)", 30],
  ])("remove no session to be counted, %s", async (_name, before) => {
    const phone = new PhoneRig();
    phone.pushNumberedSessions(30);
    for (let i = 0; i < before; i++) phone.pushUnreadable(resultName(i), "unexpected end of CBOR data");
    await phone.sync();
    phone.fillToQuota(); // the phone's storage is now full
    const stored = () => phone.historyIds().length;
    const page = () => phone.summary().sync;

    // 60 more arrive, one wake each, and the watch resends them all twice.
    const names = Array.from({ length: 60 }, (_, i) => resultName(before + i));
    for (let pass = 0; pass < 3; pass++)
      for (const name of names) {
        phone.pushUnreadable(name, "unexpected end of CBOR data");
        await phone.sync();
        // Before a fix: 1 to 7 sessions removed.
        expect(stored()).toBe(30);
      }
    const counted = page().rejectedCount;
    expect(counted).toBeGreaterThanOrEqual(before);
    expect(counted).toBeLessThanOrEqual(before + 60); // a resend never counts again
    if (counted < before + 60) expect(page().storageProblem).toMatch(/unreadable result.* not counted/);

    // Room again (the user freed some): the next resends count every file once.
    phone.fillToQuota(4096);
    for (const name of names) {
      phone.pushUnreadable(name, "unexpected end of CBOR data");
      await phone.sync();
    }
    expect(page().rejectedCount).toBe(before + 60);
    expect(page().storageProblem).toBe("");
    expect(stored()).toBe(30);
  });

  it("does not acknowledge a malformed result it could keep raw but not count", async () => {
    const phone = new PhoneRig();
    const { local, inbox } = phone;
    phone.pushNumberedSessions(30);
    await phone.sync();
    phone.sent.length = 0;
    // A result of the phone's version that fails validation: kept raw, counted, then acknowledged.
    const bad = encodeResultMessage(completedSession("bad-0001", 1767700000000)) as unknown[];
    bad[4] = -1;
    const raw = JSON.stringify([{ file: "result-bad-0001.cbor", at: PHONE_NOW, message: bad }]);
    // Room for its raw copy, not for its name in the sync state.
    local.capacity = local.used() + LOCAL_KEYS.rejected.length + raw.length + 5;
    inbox.push(fileOf("result-bad-0001.cbor", bad));
    await phone.sync();

    const page = phone.summary().sync;
    expect(phone.historyIds()).toHaveLength(30);
    // Not counted, so not acknowledged: the watch keeps it and sends it again (counted once there is room).
    expect(page.rejectedCount).toBe(0);
    expect(phone.acks()).toEqual([]);
  });
});
