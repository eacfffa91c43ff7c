// What the user sees: on a full phone whose unreadable file names are already folded into the
// fixed-size digest, a new unreadable file from the watch is "not counted yet" (the page's count
// stays, and it says the phone's storage is full) at every resend for as long as the phone stays
// full, only because its reason ("latest: …" on the page) is a few characters longer than the
// reason stored before. Counting it costs no room: the digest keeps its size whatever is added
// (common/name-digest.ts: "adding a name cannot make a full phone's storage refuse it") and the
// count keeps its digits; but every state reject() tries (fixphone2) carries the new, longer reason.
// Should see: the file counted (the count is what matters; the reason can stay the older one or be
// cut to fit). Why it matters: the page undercounts the sessions it could not read and keeps showing
// a storage warning, and a malformed result of the phone's version is not acknowledged meanwhile.
import { describe, expect, it } from "vitest";
import { PhoneRig } from "./support/phone-rig";

describe("an unreadable file on a full phone whose names are in the digest", () => {
  it("is counted though its reason is longer than the one stored", async () => {
    const phone = new PhoneRig();
    phone.pushNumberedSessions(30);
    // 25 unreadable files: from the 21st the names are kept in the digest.
    for (let n = 0; n < 25; n++) phone.pushUnreadable("result-x" + String(n).padStart(4, "0") + ".cbor", "bad CBOR");
    await phone.sync();
    const page = () => phone.summary().sync;
    expect(page().rejectedCount).toBe(25); // precondition
    phone.fillToQuota(); // the phone's storage is now full

    // A new one, resent by the watch at its next retries and launches while the phone stays full.
    for (let resend = 0; resend < 3; resend++) {
      phone.pushUnreadable("result-x0025.cbor", "unexpected end of CBOR data");
      await phone.sync();
    }
    // Before a fix: 25, and "1 unreadable result from the watch not counted yet".
    expect(page().rejectedCount).toBe(26);
    expect(page().storageProblem).toBe("");
  });
});
