// Review 23: a full phone whose stored history is damaged never makes room: no session is stored again.
//
// What the user sees: one line of the phone's stored history got damaged while the phone's storage
// is full. From then on every session stays on the watch ("⚠ the phone's storage is full and its
// history is damaged: sessions stay on the watch until there is room"), for good: the room never
// comes, because nothing ever frees it. The watch's unsent results pile up; the page's week and
// streak stop moving. This is review 21's "full phone never makes room" bug, left in the damaged path.
//
// Why: PhoneSync.loadHistory must first keep the damaged text (damagedHistory, a copy as large as the
// whole history) before anything rewrites the history; on a full phone that write is refused, it
// returns null and receiveFile stops, before storeHistory's new make-room step (dropEarliestArrived)
// can run. Suggested fix: make room there too, e.g. keep only the damaged lines (what parseHistory
// could not read) rather than the whole text, or rewrite the history without its earliest-arrived
// recovered sessions first so the kept text fits, and count those on the page as review 21 does.
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { encodeResultMessage } from "../common/protocol";
import { parseHistory } from "../common/history-store";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS, PhoneServices } from "../companion/phone-services";
import { MemoryStore, QuotaStore } from "./support/phone-stores";

const DAY_MS = 86400000;

describe("review 23: a damaged history on a full phone", () => {
  it("still makes room for new sessions, as an undamaged one does", async () => {
    const settings = new MemoryStore();
    const local = new QuotaStore();
    const inbox: IncomingFile[] = [];
    const acked: string[] = [];
    const clock = { now: Date.UTC(2026, 0, 5, 9) };
    const services: PhoneServices = {
      settings,
      local,
      send: async (name) => {
        if (name.startsWith("ack-")) acked.push(name);
        return undefined;
      },
      nextFile: async () => inbox.shift(),
      now: () => clock.now,
      tzOffsetMinutes: () => 0,
      warn: () => undefined,
      log: () => undefined,
    };
    const receiveNextDay = async (n: number) => {
      clock.now += DAY_MS;
      const id = "s-" + String(n).padStart(4, "0");
      inbox.push(fileOf("result-" + id + ".cbor", encodeResultMessage(completedSession(id, clock.now - 600000))));
      await new PhoneSync(services).start();
      return id;
    };
    for (let n = 0; n < 20; n++) await receiveNextDay(n);
    // One stored line is damaged (a lost quote), and the phone's storage is full: room for the sync
    // state to change, not for another session.
    local.data[LOCAL_KEYS.history] = (local.getItem(LOCAL_KEYS.history) as string).replace('"s-0005"', '"s-0005');
    local.capacity = local.used() + 200;

    const newIds: string[] = [];
    for (let n = 20; n < 25; n++) newIds.push(await receiveNextDay(n));

    // Expected: like an undamaged history, the earliest-arrived sessions make room and the new ones
    // are stored and acknowledged. Actual: none of the 5 is stored or acknowledged, ever.
    const stored = parseHistory(local.getItem(LOCAL_KEYS.history)).history.map((r) => r.id);
    expect(stored).toEqual(expect.arrayContaining(newIds));
    expect(acked).toEqual(expect.arrayContaining(newIds.map((id) => "ack-" + id + ".cbor")));
  });
});
