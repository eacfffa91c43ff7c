// Review 30: on a full phone, a history cut short at the end of a line (its closing "]" lost) stops
// every new session from being stored, for good.
//
// What the user sees: their phone's storage is full; the stored history lost its last characters
// (the list's closing bracket and the line break before it; every session's line is whole). From then
// on the settings page says "the phone's storage is full and its history is damaged: sessions stay
// on the watch until there is room" after every session, no session is ever added or acknowledged,
// and the watch keeps every session it records. Making room never happens, though the history has
// sessions to remove (as it does for any other damage on a full phone).
//
// Why: loadHistory keeps the damage before rewriting the history, as the lines that hold no readable
// session (unreadableLines); when there is no such line it keeps the WHOLE text instead
// (`unreadableLines(...).join("\n") || text`). That needs as much room again as the history itself,
// more than removing every readable line can free (`freeable < needed`), so nothing is removed and
// the damage is never kept.
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { encodeResultMessage } from "../common/protocol";
import { parseHistory } from "../common/history-store";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS } from "../companion/phone-services";
import { MemoryStore, QuotaStore } from "./support/phone-stores";
import { quietPhoneServices } from "./support/quiet-phone";

describe("a full phone whose history lost its closing bracket", () => {
  it("makes room and stores the next session", async () => {
    const settings = new MemoryStore();
    const local = new QuotaStore();
    const inbox: IncomingFile[] = [];
    const acked: string[] = [];
    const services = {
      ...quietPhoneServices(settings, local, inbox),
      send: async (name: string) => {
        if (name.slice(0, 4) === "ack-") acked.push(name);
        return undefined;
      },
    };
    for (let n = 0; n < 10; n++) {
      const id = "s-" + String(n).padStart(4, "0");
      inbox.push(fileOf("result-" + id + ".cbor", encodeResultMessage(completedSession(id, 1767600000000 + n * 1e6))));
    }
    await new PhoneSync(services).start();
    const text = local.getItem(LOCAL_KEYS.history) as string;
    local.data[LOCAL_KEYS.history] = text.slice(0, text.lastIndexOf("\n]")); // cut before "\n]"
    const cut = parseHistory(local.getItem(LOCAL_KEYS.history));
    expect(cut.damaged).toBe(true);
    expect(cut.history).toHaveLength(10); // every session still readable
    local.capacity = local.used(); // the phone's storage is now full

    acked.length = 0;
    inbox.push(fileOf("result-s-0010.cbor", encodeResultMessage(completedSession("s-0010", 1767700000000))));
    await new PhoneSync(services).start();
    // Before a fix: not stored, not acknowledged (and so at every later session).
    expect(parseHistory(local.getItem(LOCAL_KEYS.history)).history.map((r) => r.id)).toContain("s-0010");
    expect(acked).toEqual(["ack-s-0010.cbor"]);
  });
});
