// Review 33: on a full phone (intact history), a routine change whose record is one character longer
// (switch 30 s -> 120 s) removes the user's earliest session to store the whole record
// ("removed the 1 earliest-received sessions to store sentRoutine"), though since review 32 a short
// record (revision and settings hash) would fit in the old record's room and removes nothing.
//
// What the user sees: they change the break between legs on the settings page, and a stretching
// session disappears from their history (the page counts 1 session removed for room), to keep
// bookkeeping about the routine.
//
// Note for the fix: the short record must then carry what the whole one is kept for (see
// review33-short-record-refusing-watch.test.ts: refusals are not counted with it).
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { decodeRoutineMessage, encodeResultMessage, encodeRoutineAckMessage } from "../common/protocol";
import { parseHistory } from "../common/history-store";
import { IncomingFile, LOCAL_KEYS, PhoneServices, PhoneSync } from "../companion/phone-sync";
import { MemoryStore, QuotaStore } from "./support/phone-stores";
import { quietPhoneServices } from "./support/quiet-phone";

describe("review 33: a routine change on a full phone", () => {
  it("removes no session to store the record of the routine sent", async () => {
    const settings = new MemoryStore();
    const local = new QuotaStore();
    const inbox: IncomingFile[] = [];
    const revisionsSent: number[] = [];
    const services: PhoneServices = {
      ...quietPhoneServices(settings, local, inbox),
      send: async (name, payload) => {
        const decoded = decodeRoutineMessage(payload);
        if (name === "routine.cbor" && decoded.ok) revisionsSent.push(decoded.value.revision);
        return { readyState: "transferred" };
      },
    };
    const phone = new PhoneSync(services);
    await phone.start();
    inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(revisionsSent[0])));
    for (let n = 0; n < 10; n++) {
      const id = "s-" + String(n).padStart(4, "0");
      inbox.push(fileOf("result-" + id + ".cbor", encodeResultMessage(completedSession(id, 1767600000000 + n * 1e6))));
    }
    await phone.drainInbox();
    local.capacity = local.used(); // full to the last character

    settings.setItem("switchSeconds", "120");
    await phone.onSettingsChange("switchSeconds");
    expect(revisionsSent).toHaveLength(2); // the change went to the watch
    const kept = parseHistory(local.getItem(LOCAL_KEYS.history));
    // Before a fix: 9 sessions kept, 1 counted as removed for room.
    expect(kept.history).toHaveLength(10);
    expect(kept.droppedForRoom).toBe(0);
  });
});
