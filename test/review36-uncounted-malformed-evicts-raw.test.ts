// What the user sees: on a full phone, one malformed result from the watch that the phone keeps raw
// but cannot count is (since fixphone2) not acknowledged, so the watch sends it again at every retry
// and launch. Each resend is kept raw once more (keepRejected appends without looking for the file),
// and the raw list holds only the last 20: after 20 resends it is 20 copies of that one result, and
// the raw copies of 20 other malformed results are gone. Those were acknowledged, so the watch
// deleted them: the phone's copy was the only one left, and the docs promise "the last 20 results
// that failed validation, raw" (docs/storage.md) for inspection and recovery.
// Should see: a resend replaces its own raw copy (each file kept once at most); the others stay.
// Why it matters: a session's only copy is lost, and before fixphone2 (acknowledged after keeping)
// a file was kept once, so this is a regression of the not-acknowledged path.
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { encodeResultMessage } from "../common/protocol";
import { IncomingFile, LOCAL_KEYS } from "../companion/phone-services";
import { PhoneRig } from "./support/phone-rig";

/** A result of the phone's own version that fails validation (a negative end time); all the same size. */
function malformed(n: number): IncomingFile {
  const id = "bad-" + String(n).padStart(4, "0");
  const message = encodeResultMessage(completedSession(id, 1767700000000)) as unknown[];
  message[4] = -1;
  return fileOf("result-" + id + ".cbor", message);
}

describe("a malformed result a full phone cannot count, resent by the watch", () => {
  it("does not push the raw copies of other malformed results out of the phone", async () => {
    const phone = new PhoneRig();
    const { local, inbox } = phone;
    phone.pushNumberedSessions(30);
    // 20 malformed results on a roomy phone: each kept raw, counted, acknowledged (the watch deletes it).
    for (let n = 1; n <= 20; n++) inbox.push(malformed(n));
    await phone.sync();
    expect(phone.acks().filter((a) => a.startsWith("ack-bad-"))).toHaveLength(20); // precondition
    phone.fillToQuota(); // the phone's storage is now full

    // More arrive, one wake each, until one cannot be counted (its name no longer fits): not acknowledged.
    let stuck = 0;
    for (let n = 21; n <= 60 && stuck === 0; n++) {
      phone.sent.length = 0;
      inbox.push(malformed(n));
      await phone.sync();
      if (phone.acks().length === 0) stuck = n;
    }
    expect(stuck).toBeGreaterThan(0); // precondition: the not-acknowledged path
    const acknowledgedBefore = (JSON.parse(local.getItem(LOCAL_KEYS.rejected) as string) as { file: string }[])
      .map((entry) => entry.file)
      .filter((file) => file !== malformed(stuck).name);

    // The watch resends it at every retry and launch while the phone stays full.
    for (let resend = 0; resend < 25; resend++) {
      inbox.push(malformed(stuck));
      await phone.sync();
    }

    const files = (JSON.parse(local.getItem(LOCAL_KEYS.rejected) as string) as { file: string }[]).map(
      (entry) => entry.file,
    );
    // Before a fix: 20 copies of the one file, every other raw result gone. (Once at most: the watch
    // still holds it, so keeping it raw only after it is counted would do too.)
    expect(files.filter((file) => file === malformed(stuck).name).length).toBeLessThanOrEqual(1);
    for (const file of acknowledgedBefore) expect(files).toContain(file);
  });
});
