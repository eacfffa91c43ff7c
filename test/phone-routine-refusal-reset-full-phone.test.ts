// What the user sees: the watch, which had confirmed the routine, answers with an older revision (the
// app reinstalled, its routine file damaged), on a full phone that never stored its count of the
// watch's refusals (it was full already when the routine was sent). Starting that count over was a
// bare localStorage write: it threw, and ended the whole inbox drain. The routine was not resent, and
// the session that arrived with the answer stayed unread and unacknowledged until the next wake.
// Should see: the routine sent again and the session stored in the same wake (room made for it as
// for any session; the count, when it cannot be stored, is logged and read as 0).
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { encodeResultMessage, encodeRoutineAckMessage } from "../common/protocol";
import { parseHistory } from "../common/history-store";
import { LOCAL_KEYS } from "../companion/phone-services";
import { phoneWithTenSessions } from "./support/routine-phone";

describe("a watch answering an older revision after it confirmed, on a full phone", () => {
  it("gets the routine again, and the files after its answer are read in the same wake", async () => {
    const { local, inbox, revisionsSent, phone } = await phoneWithTenSessions();
    local.removeItem(LOCAL_KEYS.routineRefusals); // never stored: the phone was full
    local.capacity = local.used() + 10; // the count's key and value take 16 characters
    const session = encodeResultMessage(completedSession("new-0001", 1767700000000));

    inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(revisionsSent[0] - 1)));
    inbox.push(fileOf("result-new-0001.cbor", session));
    await phone.drainInbox();

    // Before a fix: the drain ended at the answer: [revision] sent once, the session still in the inbox.
    expect(revisionsSent).toEqual([revisionsSent[0], revisionsSent[0]]);
    expect(inbox).toHaveLength(0);
    expect(parseHistory(local.getItem(LOCAL_KEYS.history)).history.map((r) => r.id)).toContain("new-0001");
  });
});
