import { describe, expect, it } from "vitest";
import { fileOf } from "./support/builders";
import { decode, encode } from "cbor-x";
import { DEFAULT_ROUTINE } from "../common/routine";
import { HoldResult, SessionResult } from "../common/result";
import {
  PROTOCOL_VERSION,
  decodeAckMessage,
  decodeRoutineMessage,
  encodeResultMessage,
  encodeRoutineAckMessage,
} from "../common/protocol";
import { routineToSettings } from "../common/settings-routine";
import { syncLines } from "../settings/page-text";
import { parseHistory } from "../common/history-store";
import { HistorySummary } from "../common/history-summary";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, KeyValueStore, LOCAL_KEYS, PhoneServices } from "../companion/phone-services";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { isNameDigest } from "../common/name-digest";

class MemoryStore {
  data: { [key: string]: string } = {};
  getItem(key: string): string | null {
    return key in this.data ? this.data[key] : null;
  }
  setItem(key: string, value: string): void {
    this.data[key] = value;
  }
  removeItem(key: string): void {
    delete this.data[key];
  }
}

const NOW = Date.UTC(2026, 0, 5, 9);

/** Fake phone: what was sent (decoded from real CBOR bytes), what was logged, an inbox of files. */
function fakePhone() {
  const sent: Array<{ name: string; message: unknown }> = [];
  const warnings: string[] = [];
  const inbox: IncomingFile[] = [];
  // transferState: the readyState of the transfers `send` returns (undefined: no handle, as before).
  const state = { now: NOW, failSends: false, transferState: undefined as string | undefined };
  const settings = new MemoryStore();
  const local = new MemoryStore();
  const services: PhoneServices = {
    settings,
    local,
    send: async (name, payload) => {
      if (state.failSends) throw new Error("transfer refused");
      sent.push({ name, message: decode(encode(payload)) });
      return state.transferState === undefined ? undefined : { readyState: state.transferState };
    },
    nextFile: async () => inbox.shift(),
    now: () => state.now,
    tzOffsetMinutes: () => -60,
    warn: (m) => warnings.push(m),
    log: () => undefined,
  };
  return { sync: new PhoneSync(services), services, sent, warnings, inbox, state, settings, local };
}

function result(id: string, over: Partial<SessionResult> = {}): SessionResult {
  const holds: HoldResult[] = [];
  for (const leg of ["left", "right"] as const) {
    for (let rep = 1; rep <= 3; rep++)
      holds.push({
        leg,
        rep,
        targetSeconds: 30,
        achievedMs: 30000,
        endedEarly: false,
        bounceAtMs: leg === "left" && rep === 3 ? [4000, 9000] : [],
        steadiness: 80,
        bouncingMs: leg === "left" && rep === 3 ? 6000 : 0,
      });
  }
  return {
    id,
    startedAt: NOW - 600000,
    endedAt: NOW - 300000,
    completed: true,
    routine: DEFAULT_ROUTINE,
    holds,
    utcOffsetMinutes: 0,
    ...over,
  };
}

function summaryOf(phone: ReturnType<typeof fakePhone>): HistorySummary {
  return JSON.parse(phone.settings.getItem(SETTINGS_KEYS.history) as string);
}

describe("routine sync", () => {
  it("on first launch seeds the settings with defaults and sends the routine with a time-based revision", async () => {
    const phone = fakePhone();
    await phone.sync.start();
    expect(phone.settings.data).toMatchObject(routineToSettings(DEFAULT_ROUTINE));
    expect(phone.sent).toHaveLength(1);
    expect(phone.sent[0].name).toBe("routine.cbor");
    expect(decodeRoutineMessage(phone.sent[0].message)).toEqual({
      ok: true,
      value: { routine: DEFAULT_ROUTINE, revision: NOW },
    });
    expect(summaryOf(phone).sync).toMatchObject({ routineRevision: NOW, routineSentAt: NOW });
  });

  it("sends again only when the routine changed, with a higher revision", async () => {
    const phone = fakePhone();
    await phone.sync.start();
    await phone.sync.onSettingsChange("holdSeconds"); // same value: nothing to send
    expect(phone.sent).toHaveLength(1);
    phone.settings.setItem("holdSeconds", "45");
    await phone.sync.onSettingsChange("holdSeconds");
    expect(phone.sent).toHaveLength(2);
    const decoded = decodeRoutineMessage(phone.sent[1].message);
    expect(decoded.ok && decoded.value.routine.holdSeconds).toBe(45);
    expect(decoded.ok && decoded.value.revision).toBe(NOW + 1); // the clock did not move: last + 1
    // Until the watch confirms it, a relaunch sends the same revision again; once confirmed, nothing.
    const relaunched = new PhoneSync(phone.services);
    await relaunched.start();
    expect(phone.sent).toHaveLength(3);
    expect(decodeRoutineMessage(phone.sent[2].message)).toEqual(decoded);
    phone.inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(NOW + 1)));
    await relaunched.drainInbox();
    await new PhoneSync(phone.services).start();
    expect(phone.sent).toHaveLength(3);
  });

  it("replaces a bad stored value by its default, warns once per value, and writes the default back", async () => {
    const phone = fakePhone();
    phone.settings.setItem("repsPerLeg", "many");
    await phone.sync.start();
    expect(phone.warnings).toEqual(['Settings: Holds per leg: "many" is not a whole number; using 3']);
    expect(phone.settings.getItem("repsPerLeg")).toBe("3");
    expect(decodeRoutineMessage(phone.sent[0].message)).toMatchObject({
      ok: true,
      value: { routine: DEFAULT_ROUTINE },
    });
  });

  it("does not record a routine the transfer refused, so the next change or launch retries", async () => {
    const phone = fakePhone();
    phone.state.failSends = true;
    await phone.sync.start();
    expect(phone.warnings.some((w) => /task failed: transfer refused/.test(w))).toBe(true);
    phone.state.failSends = false;
    await new PhoneSync(phone.services).start();
    expect(phone.sent.map((s) => s.name)).toEqual(["routine.cbor"]);
  });
});

describe("results from the watch", () => {
  it("stores a result, then acks it; the summary flags its bounce warnings", async () => {
    const phone = fakePhone();
    phone.inbox.push(fileOf("result-abc-0001.cbor", encodeResultMessage(result("abc-0001"))));
    await phone.sync.start();
    expect(parseHistory(phone.local.getItem(LOCAL_KEYS.history)).history).toEqual([result("abc-0001")]);
    const acks = phone.sent.filter((s) => s.name.startsWith("ack-"));
    expect(acks.map((a) => a.name)).toEqual(["ack-abc-0001.cbor"]);
    expect(decodeAckMessage(acks[0].message, "abc-0001")).toEqual({ ok: true, value: "abc-0001" });
    const summary = summaryOf(phone);
    expect(summary.recent[0]).toMatchObject({ id: "abc-0001", bounceTotal: 2, bounces: [["left", 3, 2, 6, 30]] });
    expect(summary.sync).toMatchObject({ lastResultId: "abc-0001", lastResultAt: NOW });
  });

  it("a resent result is stored once but acknowledged every time", async () => {
    const phone = fakePhone();
    await phone.sync.start();
    for (let i = 0; i < 3; i++) {
      phone.inbox.push(fileOf("result-abc-0001.cbor", encodeResultMessage(result("abc-0001"))));
      await phone.sync.drainInbox();
    }
    expect(parseHistory(phone.local.getItem(LOCAL_KEYS.history)).history).toHaveLength(1);
    expect(phone.sent.filter((s) => s.name === "ack-abc-0001.cbor")).toHaveLength(3);
  });

  it("several files arriving together are all taken in, in one pass", async () => {
    const phone = fakePhone();
    for (const id of ["a-0001", "b-0001", "c-0001"])
      phone.inbox.push(fileOf("result-" + id + ".cbor", encodeResultMessage(result(id, { startedAt: NOW - 900000 }))));
    await Promise.all([phone.sync.start(), phone.sync.drainInbox(), phone.sync.drainInbox()]);
    expect(
      parseHistory(phone.local.getItem(LOCAL_KEYS.history))
        .history.map((r) => r.id)
        .sort(),
    ).toEqual(["a-0001", "b-0001", "c-0001"]);
    expect(phone.inbox).toHaveLength(0);
  });

  it("a malformed result of our version is rejected with a logged reason, counted, and acked so the watch stops resending", async () => {
    const phone = fakePhone();
    const bad = encodeResultMessage(result("bad-0001")) as unknown[];
    bad[4] = -1;
    phone.inbox.push(fileOf("result-bad-0001.cbor", bad));
    await phone.sync.start();
    expect(phone.warnings).toEqual([
      "Steady Hold: rejected result-bad-0001.cbor: result bad-0001: duration -1 is outside 0–172800000 ms (acknowledged so the watch drops it)",
    ]);
    expect(phone.local.getItem(LOCAL_KEYS.history)).toBeNull();
    expect(phone.sent.map((s) => s.name)).toContain("ack-bad-0001.cbor");
    expect(summaryOf(phone).sync).toMatchObject({
      rejectedCount: 1,
      lastRejection: "result bad-0001: duration -1 is outside 0–172800000 ms",
    });
  });

  it("a result of another protocol version or unreadable bytes is rejected but not acked (a later app may read it)", async () => {
    const phone = fakePhone();
    const future = encodeResultMessage(result("new-0001")) as unknown[];
    future[0] = PROTOCOL_VERSION + 1;
    phone.inbox.push(fileOf("result-new-0001.cbor", future));
    phone.inbox.push({ name: "result-junk-0001.cbor", cbor: async () => Promise.reject(new Error("bad CBOR")) });
    phone.inbox.push(fileOf("notes.txt", "hello"));
    await phone.sync.start();
    expect(phone.sent.filter((s) => s.name.startsWith("ack-"))).toEqual([]);
    expect(phone.warnings).toHaveLength(3);
    expect(phone.warnings[2]).toBe('Steady Hold: ignored unexpected file "notes.txt"');
    expect(summaryOf(phone).sync.rejectedCount).toBe(2);
  });

  it("a corrupted stored history is reported and the new result still stored", async () => {
    const phone = fakePhone();
    phone.local.setItem(LOCAL_KEYS.history, "{broken");
    phone.inbox.push(fileOf("result-abc-0001.cbor", encodeResultMessage(result("abc-0001"))));
    await phone.sync.start();
    expect(phone.warnings).toContain("History: stored text is damaged; recovered 0 sessions one by one");
    expect(phone.local.getItem(LOCAL_KEYS.damagedHistory)).toBe("{broken"); // kept as it was
    expect(parseHistory(phone.local.getItem(LOCAL_KEYS.history)).history).toHaveLength(1);
  });
});

describe("export on request", () => {
  it("writes CSV or JSON text and a note when the settings page asks, then clears the request", async () => {
    const phone = fakePhone();
    phone.inbox.push(fileOf("result-abc-0001.cbor", encodeResultMessage(result("abc-0001"))));
    await phone.sync.start();
    phone.settings.setItem(SETTINGS_KEYS.exportRequest, "csv:123");
    await phone.sync.onSettingsChange(SETTINGS_KEYS.exportRequest);
    expect(phone.settings.getItem(SETTINGS_KEYS.exportText)?.split("\r\n")).toHaveLength(8); // header + 6 holds + final newline
    expect(phone.settings.getItem(SETTINGS_KEYS.exportNote)).toBe("CSV: 1 session");
    expect(phone.settings.getItem(SETTINGS_KEYS.exportRequest)).toBeNull();
    phone.settings.setItem(SETTINGS_KEYS.exportRequest, "json:124");
    await phone.sync.onSettingsChange(SETTINGS_KEYS.exportRequest);
    expect(JSON.parse(phone.settings.getItem(SETTINGS_KEYS.exportText) as string).sessions).toEqual([
      result("abc-0001"),
    ]);
  });
});

/** Routine files sent so far. */
function routinesSent(phone: ReturnType<typeof fakePhone>): number {
  return phone.sent.filter((s) => s.name === "routine.cbor").length;
}

describe("routine resends: only a routine the watch received and answered older counts (review 21)", () => {
  it("a watch that keeps refusing a delivered routine gets it 5 times, then a warning; a new change starts over", async () => {
    const phone = fakePhone();
    phone.state.transferState = "transferred";
    await phone.sync.start();
    for (let answer = 0; answer < 8; answer++) {
      phone.inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(0)));
      await phone.sync.drainInbox();
    }
    expect(routinesSent(phone)).toBe(5);
    expect(phone.warnings.filter((w) => /not resending routine revision/.test(w)).length).toBeGreaterThan(0);
    await new PhoneSync(phone.services).start(); // nor at launch
    expect(routinesSent(phone)).toBe(5);
    phone.settings.setItem("holdSeconds", "45");
    await phone.sync.onSettingsChange("holdSeconds");
    phone.inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(0)));
    await phone.sync.drainInbox();
    expect(routinesSent(phone)).toBe(7); // the change, and a resend after the watch answered older
  });

  it("transfers that failed are not counted: every older answer gets the routine again", async () => {
    const phone = fakePhone();
    phone.state.transferState = "error";
    await phone.sync.start();
    for (let answer = 0; answer < 8; answer++) {
      phone.inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(0)));
      await phone.sync.drainInbox();
    }
    expect(routinesSent(phone)).toBe(9);
    expect(phone.local.getItem(LOCAL_KEYS.routineRefusals)).toBe("0");
  });

  it("a companion restarted for every answer counts the earlier run's transfer once, so a refusing watch is not sent it for ever", async () => {
    const phone = fakePhone();
    phone.state.transferState = "pending"; // this run's transfer is always still on its way when the answer comes
    await phone.sync.start();
    for (let run = 0; run < 8; run++) {
      phone.inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(0)));
      await new PhoneSync(phone.services).start();
    }
    // The first send and a resend after each of the first 4 refusals: each launch reads the answer
    // that woke it before it resends (6 before fixphone2: a launch resent before reading the 5th).
    expect(routinesSent(phone)).toBe(5);
    expect(Number(phone.local.getItem(LOCAL_KEYS.routineRefusals))).toBeGreaterThanOrEqual(5);
  });

  it("forgets the count of the version before this fix (it counted transfers that never reached the watch)", async () => {
    const phone = fakePhone();
    phone.local.setItem("routineResends", "5");
    await phone.sync.start();
    expect(phone.local.getItem("routineResends")).toBeNull();
  });
});

describe("a changed routine the transfer refused (review 21)", () => {
  it("is shown as not sent until a change or launch hands it over; changing it back clears that", async () => {
    const phone = fakePhone();
    await phone.sync.start();
    const firstLine = () => syncLines(summaryOf(phone).sync, -60)[0];
    phone.state.failSends = true;
    phone.settings.setItem("holdSeconds", "45");
    await phone.sync.onSettingsChange("holdSeconds");
    expect(firstLine()).toBe(
      "Routine changed Mon 5 Jan 10:00; not sent to the watch yet (tried again at the next change or when the companion starts)",
    );
    phone.settings.setItem("holdSeconds", "30"); // back to the routine the transfer took
    await phone.sync.onSettingsChange("holdSeconds");
    expect(firstLine()).toMatch(/^Routine sent Mon 5 Jan 10:00; waiting for the watch to confirm/);
    phone.settings.setItem("holdSeconds", "45");
    await phone.sync.onSettingsChange("holdSeconds");
    expect(firstLine()).toMatch(/^Routine changed/);
    phone.state.failSends = false;
    await new PhoneSync(phone.services).start(); // the next launch sends it
    const last = phone.sent[phone.sent.length - 1];
    expect(decodeRoutineMessage(last.message)).toMatchObject({ ok: true, value: { routine: { holdSeconds: 45 } } });
    expect(firstLine()).toMatch(/^Routine sent/);
  });
});

describe("unreadable results are counted once per file name (review 21)", () => {
  it("counts different files apart and a resent one once, with a bounded digest of the names", async () => {
    const phone = fakePhone();
    const unreadable = (name: string): IncomingFile => ({ name, cbor: async () => Promise.reject(new Error("bad")) });
    for (let i = 0; i < 65; i++) phone.inbox.push(unreadable("result-x" + i + ".cbor"));
    phone.inbox.push(unreadable("result-x64.cbor"));
    phone.inbox.push(unreadable("result-x5.cbor"));
    await phone.sync.start();
    // The page needs no names and no digest.
    expect(summaryOf(phone).sync).toMatchObject({ rejectedCount: 65, rejectedFiles: [], rejectedDigest: "" });
    const stored = JSON.parse(phone.local.getItem(LOCAL_KEYS.sync) as string);
    expect(stored.rejectedFiles).toEqual([]);
    expect(isNameDigest(stored.rejectedDigest)).toBe(true);
    phone.inbox.push(unreadable("result-x0.cbor")); // the first, 66 names ago: not counted again (review 23's window)
    phone.inbox.push(unreadable("result-x65.cbor")); // new
    await phone.sync.drainInbox();
    expect(summaryOf(phone).sync.rejectedCount).toBe(66);
  });

  it("does not count again the names an earlier version remembered (rejectedFiles), up to 60 of them", async () => {
    const phone = fakePhone();
    const names: string[] = [];
    for (let i = 0; i < 60; i++) names.push("result-old" + i + ".cbor");
    phone.local.setItem(LOCAL_KEYS.sync, JSON.stringify({ rejectedCount: 60, rejectedFiles: names }));
    const unreadable = (name: string): IncomingFile => ({ name, cbor: async () => Promise.reject(new Error("bad")) });
    for (const name of names.concat(["result-new.cbor"])) phone.inbox.push(unreadable(name));
    await phone.sync.start();
    expect(summaryOf(phone).sync.rejectedCount).toBe(61);
    const stored = JSON.parse(phone.local.getItem(LOCAL_KEYS.sync) as string);
    expect(stored.rejectedFiles).toEqual([]);
    expect(isNameDigest(stored.rejectedDigest)).toBe(true);
  });

  it("does not count again a few names an earlier version remembered, and keeps them as names", async () => {
    const phone = fakePhone();
    phone.local.setItem(
      LOCAL_KEYS.sync,
      JSON.stringify({ rejectedCount: 2, rejectedFiles: ["result-a.cbor", "result-b.cbor"], lastRejection: "bad" }),
    );
    const unreadable = (name: string): IncomingFile => ({ name, cbor: async () => Promise.reject(new Error("bad")) });
    for (const name of ["result-b.cbor", "result-c.cbor", "result-a.cbor"]) phone.inbox.push(unreadable(name));
    await phone.sync.start();
    expect(summaryOf(phone).sync.rejectedCount).toBe(3);
    expect(JSON.parse(phone.local.getItem(LOCAL_KEYS.sync) as string).rejectedFiles).toEqual([
      "result-a.cbor",
      "result-b.cbor",
      "result-c.cbor",
    ]);
  });
});

/** localStorage that refuses a write past `capacity` characters (QuotaExceededError), or any history write with `failure`. */
class LimitedStore implements KeyValueStore {
  data: { [key: string]: string } = {};
  capacity = Infinity;
  failure: Error | null = null;
  used(): number {
    let total = 0;
    for (const key of Object.keys(this.data)) total += key.length + this.data[key].length;
    return total;
  }
  getItem(key: string): string | null {
    return key in this.data ? this.data[key] : null;
  }
  setItem(key: string, value: string): void {
    if (this.failure && key === LOCAL_KEYS.history) throw this.failure;
    const before = key in this.data ? key.length + this.data[key].length : 0;
    if (this.used() - before + key.length + value.length > this.capacity) {
      const error = new Error("the quota has been exceeded");
      error.name = "QuotaExceededError";
      throw error;
    }
    this.data[key] = value;
  }
  removeItem(key: string): void {
    delete this.data[key];
  }
}

describe("a full phone makes room (review 21)", () => {
  function limitedPhone() {
    const phone = fakePhone();
    const local = new LimitedStore();
    const services = { ...phone.services, local };
    const receive = async (id: string) => {
      phone.inbox.push(fileOf("result-" + id + ".cbor", encodeResultMessage(result(id))));
      await new PhoneSync(services).start();
    };
    const stored = () => parseHistory(local.getItem(LOCAL_KEYS.history)).history.map((r) => r.id);
    const acked = () => phone.sent.filter((s) => s.name.startsWith("ack-")).map((s) => s.name);
    return { phone, local, receive, stored, acked };
  }

  it("drops the earliest received to store the new session, acknowledges it, and the page says how many went", async () => {
    const { phone, local, receive, stored, acked } = limitedPhone();
    for (const id of ["a-0001", "b-0002", "c-0003"]) await receive(id);
    // Room for the sync state to change and for the record of the removed session's day (its first
    // line: about 60 characters), not for another session.
    local.capacity = local.used() + 160;
    await receive("d-0004");
    expect(stored()).toEqual(["b-0002", "c-0003", "d-0004"]);
    expect(acked()).toContain("ack-d-0004.cbor");
    const lines = syncLines(summaryOf(phone).sync, -60);
    expect(lines).toContain(
      "⚠ The phone's storage was full: the 1 session received earliest was removed to make room for newer ones",
    );
    expect(lines.join("\n")).not.toMatch(/sessions stay on the watch/);
  });

  it("drops nothing when the new session alone does not fit: not acknowledged, the watch keeps it", async () => {
    const { phone, local, receive, stored, acked } = limitedPhone();
    await receive("a-0001");
    // Less room than now: the new session, as large as the stored one, does not fit even alone.
    local.capacity = local.used() - 50;
    await receive("b-0002");
    expect(stored()).toEqual(["a-0001"]);
    expect(acked()).toEqual(["ack-a-0001.cbor"]);
    expect(syncLines(summaryOf(phone).sync, -60)).toContain(
      "⚠ the phone's storage is full: sessions stay on the watch until there is room",
    );
  });

  it("drops nothing when the refusal is not about room", async () => {
    const { phone, local, receive, stored, acked } = limitedPhone();
    for (const id of ["a-0001", "b-0002"]) await receive(id);
    local.failure = new Error("disk I/O error");
    await receive("c-0003");
    local.failure = null;
    expect(stored()).toEqual(["a-0001", "b-0002"]);
    expect(acked()).not.toContain("ack-c-0003.cbor");
    expect(syncLines(summaryOf(phone).sync, -60).join("\n")).toMatch(
      /⚠ the phone refused to store the history \(disk I\/O error\): sessions stay on the watch meanwhile/,
    );
    expect(summaryOf(phone).sync.sessionsDroppedForRoom).toBe(0);
  });
});
