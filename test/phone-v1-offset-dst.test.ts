// A version-1 result (from a watch app before the wire format carried utcOffsetMinutes) takes the
// phone's time zone at the SESSION'S instant, not the phone's offset now.
//
// What the user sees (phone in Berlin, now in November, winter time UTC+1): a session the watch
// recorded on 21 October at 00:30 summer time (UTC+2), still on the watch when its app was updated,
// shows in the settings page's history as "Tue 20 Oct 23:30", an hour off, and counts on 20 October
// (the day before) toward the daily goal, the week and the streak; the CSV export dates it
// 2026-10-20 too. The same for a version-1 session stored in the phone's history before the update,
// and the other way round in summer for a session from winter.
//
// Why (before the fix): PhoneSync decoded version-1 results with the phone's offset NOW
// (services.tzOffsetMinutes()) for every session, whatever season it was recorded in.
//
// The phone's services here are wired as companion/index.ts wires the real ones: the offset comes
// from Date.prototype.getTimezoneOffset in a real time zone with daylight saving (TZ=Europe/Berlin).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asVersion1Message, completedSession, fileOf } from "./support/builders";
import { parseHistory } from "../common/history-store";
import { encodeResultMessage } from "../common/protocol";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { LOCAL_KEYS } from "../companion/phone-services";
import { PhoneRig } from "./support/phone-rig";

beforeAll(() => {
  vi.stubEnv("TZ", "Europe/Berlin");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

/** A phone whose clock reads `now`, its zone the host's as in companion/index.ts; `csv` asks for the CSV export. */
function phoneAt(now: number) {
  const phone = new PhoneRig({ now, tzOffsetMinutes: "device" });
  const csv = async () => {
    phone.settings.setItem(SETTINGS_KEYS.exportRequest, "csv");
    await phone.launch().onSettingsChange(SETTINGS_KEYS.exportRequest);
    return phone.settings.getItem(SETTINGS_KEYS.exportText) as string;
  };
  return {
    phone,
    local: phone.local,
    inbox: phone.inbox,
    services: phone.services,
    summary: () => phone.summary(),
    csv,
  };
}

/** 21 Oct 2026 00:30 in Berlin summer time (UTC+2): 20 Oct 22:30 UTC. Summer time ends 25 Oct. */
const SUMMER_SESSION = Date.UTC(2026, 9, 20, 22, 30);
/** 5 Nov 2026 09:00 UTC: winter time in Berlin (UTC+1). */
const WINTER_NOW = Date.UTC(2026, 10, 5, 9);
/** 15 Jan 2026 23:30 in Berlin winter time (UTC+1): 15 Jan 22:30 UTC. */
const WINTER_SESSION = Date.UTC(2026, 0, 15, 22, 30);
/** 1 Jul 2026 09:00 UTC: summer time in Berlin (UTC+2). */
const SUMMER_NOW = Date.UTC(2026, 6, 1, 9);

describe("a version-1 result takes the phone's time zone at the session's start", () => {
  it("precondition: the tests run in a time zone with daylight saving", () => {
    expect(new Date(SUMMER_SESSION).getTimezoneOffset()).toBe(-120);
    expect(new Date(WINTER_NOW).getTimezoneOffset()).toBe(-60);
  });

  it("sent by the watch in winter for a summer session: shown at its own time, on its own day", async () => {
    const phone = phoneAt(WINTER_NOW);
    const session = completedSession("s-summer", SUMMER_SESSION);
    phone.inbox.push(fileOf("result-s-summer.cbor", asVersion1Message(session)));
    await new PhoneSync(phone.services).start();
    const stored = parseHistory(phone.local.getItem(LOCAL_KEYS.history)).history;
    // Before the fix: 60 (the phone's offset in November).
    expect(stored.map((r) => r.utcOffsetMinutes)).toEqual([120]);
    // Before the fix: "Tue 20 Oct 23:30".
    expect(phone.summary().recent[0].when).toBe("Wed 21 Oct 00:30");
    // Before the fix: dated 2026-10-20 23:30:00.
    expect(await phone.csv()).toContain("2026-10-21 00:30:00");
  });

  it("stored as version 1 before the update, read in summer for a winter session", async () => {
    const phone = phoneAt(SUMMER_NOW);
    const session = completedSession("s-winter", WINTER_SESSION);
    phone.local.data[LOCAL_KEYS.history] = "[\n" + JSON.stringify(asVersion1Message(session)) + "\n]";
    await new PhoneSync(phone.services).start();
    // Before the fix: "Fri 16 Jan 00:30" (the phone's summer offset): the session moved to the next day.
    expect(phone.summary().recent[0].when).toBe("Thu 15 Jan 23:30");
    expect(await phone.csv()).toContain("2026-01-15 23:30:00");
    // Once a new session makes the history be rewritten, the winter offset is the one kept.
    phone.inbox.push(fileOf("result-s-new.cbor", asVersion1Message(completedSession("s-new", SUMMER_NOW - 3600000))));
    await new PhoneSync(phone.services).start();
    const stored = parseHistory(phone.local.getItem(LOCAL_KEYS.history)).history;
    expect(stored.map((r) => [r.id, r.utcOffsetMinutes])).toEqual([
      ["s-winter", 60],
      ["s-new", 120],
    ]);
  });
});

describe("parseHistory with the reader's offset at each session's start (common/history-store.ts)", () => {
  const winter = completedSession("s-winter", WINTER_SESSION);
  const summer = { ...completedSession("s-summer", SUMMER_SESSION), utcOffsetMinutes: -300 };
  const text =
    "[\n" + JSON.stringify(asVersion1Message(winter)) + ",\n" + JSON.stringify(encodeResultMessage(summer)) + "\n]";
  const offsetAt = (startedAt: number) => (startedAt < Date.UTC(2026, 2, 29, 1) ? 60 : 120);

  it("gives a version-1 session the offset at its start and leaves a version-2 session's own", () => {
    const parsed = parseHistory(text, offsetAt);
    expect(parsed.errors).toEqual([]);
    expect(parsed.history.map((r) => r.utcOffsetMinutes)).toEqual([60, -300]);
  });

  it("rejects a version-1 session when the offset found is no time zone, as a sent one", () => {
    const parsed = parseHistory(text, () => 24 * 60);
    expect(parsed.history.map((r) => r.id)).toEqual(["s-summer"]);
    expect(parsed.errors[0]).toMatch(/time zone 1440 is not whole minutes/);
  });
});
