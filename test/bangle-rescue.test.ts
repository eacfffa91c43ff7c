// The sessions Bangle.js 2 app version 0.02 could never send. 0.02 made session ids from Espruino's
// fractional Date.now() ("mx2z9q80.9py14i-52yn" on the firmware), which the GATT profile refuses, so
// it left on the watch (found in its code, `git show 1a49a62:wearables/bangle/src/store.ts`, and by
// running its built file, sim/bangle/steadyhold-0.02.app.js, in the fake runtime and on the firmware
// emulator, tools/bangle-emu-clock.ts):
//   - steadyhold.x<id>: the finished result as JSON, "kept aside" because its record could not be
//     encoded (a set clock; also a result placed or marked time unknown on a set clock);
//   - steadyhold.u<id>: {timeline, result} for a session on a clock never set; 0.02's own listing
//     skipped the id, so it was never placed;
//   - steadyhold.session.json: the session left mid-way by 0.02's last run (0.02 itself erased it
//     as damaged at its next launch, so only the one saved just before the update is left);
//   - no steadyhold.r<id>: 0.02's encoder refused the id before anything was written.
// On the firmware "steadyhold.x" + a 20-character id is 32 characters, cut to 28: the name no longer
// carries the random part; the id survives in the JSON. Today's app (0.03) left all of them unsent.
import { describe, expect, it } from "vitest";
import { isClockSet } from "../common/clock-correction";
import { makeSessionId, SessionResult } from "../common/result";
import { BANGLE_APP_0_02, FakeBangle, loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { command, files, pullAll, storageWith } from "./support/bangle-central";
import { FullFlash, RecordedFlash, applyChanges, firstErase } from "./support/bangle-flash";
import { isFractionalId, wholeMsId, wholeMsResult, wholeMsState } from "../wearables/bangle/src/whole-ms";
import { DEFAULT_ROUTINE } from "../common/routine";
import { newSession } from "../common/session";
import { RESPONSE_CODE } from "../common/gatt-profile";
import { ONE_HOLD_A_LEG } from "../sim/routines";

/** A set clock as the watch reads it: a fraction of a millisecond past a whole one. */
const START = Date.UTC(2026, 10, 30, 8, 0, 0) + 0.27;
/** An unset clock (10 minutes after a power-up: Espruino counts from 1970), as the watch reads it. */
const UNSET_START = 10 * 60000 + 0.27;
const TEN_MINUTES = 10 * 60000;
/** An id as 0.02 made it on the firmware: (1796025600000.27).toString(36) + "-52yn" on Espruino 2v29. */
const FIRMWARE_ID = "mx2z9q80.9py14i-52yn";
/** Storage names are at most 28 characters on the firmware: longer ones are cut there. */
const firmwareName = (name: string): string => name.slice(0, 28);

/** One short session (two 10 s holds) from the watch's screen, back home after it. */
function sessionOnTheWrist(bangle: FakeBangle): void {
  bangle.touch();
  bangle.advance(21000);
  bangle.touch();
}

/** The files a watch updated from 0.02 holds, with a finished session: version 0.02 run on `storage`. */
function runVersion002(storage: Map<string, string>, clockStart: number): FakeBangle {
  const old = loadBangleApp(BANGLE_APP_0_02, { clockStart, storage });
  sessionOnTheWrist(old);
  return old;
}

/** The one result 0.02 left in `storage` under `prefix` ("steadyhold.x", "steadyhold.u"): its file name and result. */
function leftBy002(storage: Map<string, string>, prefix: string): { name: string; result: SessionResult } {
  const names = [...storage.keys()].filter((k) => k.startsWith(prefix));
  expect(names).toHaveLength(1);
  const value = JSON.parse(storage.get(names[0]) as string);
  return { name: names[0], result: prefix === "steadyhold.u" ? value.result : value };
}

describe("version 0.02's ids made whole (wearables/bangle/src/whole-ms.ts)", () => {
  it("gives the id 0.03 makes from the whole ms, with the same random part", () => {
    expect(wholeMsId(FIRMWARE_ID)).toBe("mx2z9q80-52yn");
    expect(wholeMsId("mx2z9q80.9q-52yn")).toBe("mx2z9q80-52yn"); // V8 prints fewer fraction digits
    for (const random of [0, 0.25, 0.999999]) {
      for (const t of [START, 1764494955123.9990234375, UNSET_START, 1234.5]) {
        expect(wholeMsId(makeSessionId(t, random))).toBe(makeSessionId(Math.floor(t), random));
      }
    }
    expect(wholeMsId("csyo.gfzuxr-ab12")).toBe("csyo-ab12"); // an unset clock: a short time
  });

  it("refuses anything that is not such an id", () => {
    for (const bad of [
      "mx2z9q80-52yn", // already whole
      "mx2z9q80.-52yn",
      ".9q-52yn",
      "mx2z9q80.9q-52y",
      "mx2z9q80.9q-52ynn",
      "mx2z9q80.9q",
      "mx2z9q80.9Q-52yn",
      "mx2z9q80.9q.1-52yn",
      "mx2z9q80.9q-52-yn",
      "0123456789012345678901234567890.1-52yn", // 32 + 5: longer than the profile allows
      "",
      null,
      42,
      undefined,
    ])
      expect(wholeMsId(bad), String(bad)).toBeNull();
    expect(isFractionalId(FIRMWARE_ID)).toBe(true);
    expect(isFractionalId("mx2z9q80-52yn")).toBe(false);
    expect(isFractionalId(3.5)).toBe(false);
  });

  it("floors a result's and a session's clock times, changing nothing else", () => {
    const result: SessionResult = {
      id: FIRMWARE_ID,
      startedAt: START,
      endedAt: START + 20000,
      completed: true,
      routine: DEFAULT_ROUTINE,
      holds: [],
      utcOffsetMinutes: 60,
      timeUnknown: true,
    };
    const before = JSON.stringify(result);
    const whole = wholeMsResult(result, "mx2z9q80-52yn");
    expect(whole).toEqual({ ...result, id: "mx2z9q80-52yn", startedAt: START - 0.27, endedAt: START - 0.27 + 20000 });
    expect(JSON.stringify(result)).toBe(before);
    expect(wholeMsResult({ ...result, timeUnknown: undefined }, "a-b").timeUnknown).toBeUndefined();
    const state = { ...newSession(DEFAULT_ROUTINE, FIRMWARE_ID), startedAt: START, phaseStartedAt: START + 0.5 };
    const wholeState = wholeMsState(state, "mx2z9q80-52yn");
    expect(wholeState).toEqual({
      ...state,
      id: "mx2z9q80-52yn",
      startedAt: START - 0.27,
      phaseStartedAt: START - 0.27,
    });
    expect(wholeState.phaseEndsAt).toBe(-1);
  });
});

describe("a watch updated from 0.02: the sessions it could not send", () => {
  it("0.02 really left them undelivered (its built file, on a fractional clock)", () => {
    const storage = storageWith(ONE_HOLD_A_LEG);
    const old = runVersion002(storage, START);
    const left = leftBy002(storage, "steadyhold.x");
    expect(isFractionalId(left.result.id)).toBe(true);
    expect(files(old, "steadyhold.r")).toEqual([]);
    expect(old.logs.join("\n")).toMatch(/session id has byte 46/);
  });

  it("a result 0.02 set aside reaches the central once, under the id 0.03 would have made", () => {
    const storage = storageWith(ONE_HOLD_A_LEG);
    const bangle = runVersion002(storage, START);
    const left = leftBy002(storage, "steadyhold.x");
    bangle.upgrade(BANGLE_APP_FILE);
    const results = pullAll(bangle);
    expect(results.map((r) => r.id)).toEqual([wholeMsId(left.result.id)]);
    expect(results[0].startedAt).toBe(Math.floor(left.result.startedAt));
    expect(results[0].holds.map((h) => h.leg)).toEqual(["left", "right"]);
    expect(results[0].completed).toBe(true);
    expect(storage.has(left.name)).toBe(false);
    bangle.reload();
    expect(pullAll(bangle)).toEqual([]); // sent once
    expect(bangle.screenText()).toContain("All synced");
    expect(bangle.errors).toEqual([]);
    expect(bangle.truncatedNames).toEqual([]);
  });

  it("a result set aside under the name the firmware cut to 28 characters", () => {
    const storage = storageWith(ONE_HOLD_A_LEG);
    runVersion002(storage, START);
    const left = leftBy002(storage, "steadyhold.x");
    // As on the firmware: Espruino's longer fraction, and the name cut (no random part left in it).
    const firmware = { ...left.result, id: FIRMWARE_ID };
    const name = firmwareName("steadyhold.x" + FIRMWARE_ID);
    expect(name).toBe("steadyhold.xmx2z9q80.9py14i-");
    const flash = storageWith(ONE_HOLD_A_LEG);
    flash.set(name, JSON.stringify(firmware));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage: flash });
    expect(bangle.screenText()).toContain("1 result to sync");
    const results = pullAll(bangle);
    expect(results.map((r) => r.id)).toEqual(["mx2z9q80-52yn"]);
    expect([...flash.keys()].filter((k) => k.startsWith("steadyhold.x"))).toEqual([]);
    expect(bangle.logs.join("\n")).toMatch(/mx2z9q80\.9py14i-52yn.*mx2z9q80-52yn/);
    expect(bangle.errors).toEqual([]);
  });

  it("a result 0.02 kept waiting for the clock is moved and sent when the clock is set", () => {
    const storage = storageWith(ONE_HOLD_A_LEG);
    const bangle = runVersion002(storage, UNSET_START);
    const left = leftBy002(storage, "steadyhold.u");
    expect(isFractionalId(left.result.id)).toBe(true);
    bangle.upgrade(BANGLE_APP_FILE);
    expect(bangle.screenText()).toContain("1 waits for the time");
    const real = Math.floor(START) + TEN_MINUTES;
    const delta = real - bangle.wallTime();
    expect(command(bangle, { op: "set-clock", nowMs: real, utcOffsetMinutes: 60 })).toBe(RESPONSE_CODE.SUCCESS);
    const results = pullAll(bangle);
    expect(results.map((r) => r.id)).toEqual([wholeMsId(left.result.id)]);
    expect(results[0].timeUnknown).toBeUndefined();
    expect(Math.abs(results[0].startedAt - (left.result.startedAt + delta))).toBeLessThan(2);
    expect(files(bangle, "steadyhold.u")).toEqual([]);
    bangle.reload();
    expect(pullAll(bangle)).toEqual([]);
    expect(bangle.errors).toEqual([]);
  });

  it("a result 0.02 kept waiting, the clock set while the app was closed: sent with its time unknown", () => {
    const storage = storageWith(ONE_HOLD_A_LEG);
    const old = runVersion002(storage, UNSET_START);
    const left = leftBy002(storage, "steadyhold.u");
    old.leave();
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage });
    const results = pullAll(bangle);
    expect(results.map((r) => r.id)).toEqual([wholeMsId(left.result.id)]);
    expect(results[0].timeUnknown).toBe(true);
    expect(isClockSet(results[0].startedAt)).toBe(true);
    expect(bangle.errors).toEqual([]);
  });

  it("a session 0.02 left mid-hold is resumed by the updated app within 5 minutes, and reaches the central", () => {
    const storage = storageWith(ONE_HOLD_A_LEG);
    const bangle = loadBangleApp(BANGLE_APP_0_02, { clockStart: START, storage });
    bangle.touch(); // start: the left hold begins
    bangle.advance(5000);
    bangle.upgrade(BANGLE_APP_FILE); // 0.02 saves the session as it is left; today's app starts
    expect(bangle.screenText()).toContain("Paused");
    bangle.touch(); // go on
    bangle.advance(16000);
    expect(bangle.screenText()).toContain("Well done");
    bangle.touch();
    const results = pullAll(bangle);
    expect(results).toHaveLength(1);
    // The id 0.03 makes: the whole ms of the start in base 36, then 0.02's random part.
    expect(results[0].id).toMatch(new RegExp("^" + Math.floor(START).toString(36) + "-[0-9a-z]{4}$"));
    expect(results[0].holds.map((h) => h.leg)).toEqual(["left", "right"]);
    expect(results[0].completed).toBe(true);
    expect(bangle.errors).toEqual([]);
  });

  it("a session 0.02 left mid-hold, the app opened after the resume window: kept as a partial result", () => {
    const storage = storageWith(ONE_HOLD_A_LEG);
    const old = loadBangleApp(BANGLE_APP_0_02, { clockStart: START, storage });
    old.touch();
    old.advance(5000);
    old.leave();
    const saved = JSON.parse(storage.get("steadyhold.session.json") as string);
    expect(isFractionalId(saved.state.id)).toBe(true);
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage });
    const results = pullAll(bangle);
    expect(results.map((r) => r.id)).toEqual([wholeMsId(saved.state.id)]);
    expect(results[0].completed).toBe(false);
    expect(results[0].holds).toHaveLength(1);
    expect(storage.has("steadyhold.session.json")).toBe(false);
    bangle.reload();
    expect(pullAll(bangle)).toEqual([]);
    expect(bangle.errors).toEqual([]);
  });

  it("a 0.02 session file and its result both left (a reset between the two): one result", () => {
    const storage = new RecordedFlash(storageWith(ONE_HOLD_A_LEG));
    storage.changes = [];
    const old = loadBangleApp(BANGLE_APP_0_02, { clockStart: START, storage });
    old.touch();
    old.advance(21000); // 0.02 writes the result aside, then erases the session file
    const erase = firstErase(storage.changes, "steadyhold.session.json");
    expect(erase).toBeGreaterThan(0);
    // The power goes just before that erase: the files as they were then.
    const flash = applyChanges(storageWith(ONE_HOLD_A_LEG), storage.changes.slice(0, erase));
    expect([...flash.keys()].filter((k) => k.startsWith("steadyhold.x"))).toHaveLength(1);
    expect(flash.has("steadyhold.session.json")).toBe(true);
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage: flash });
    const results = pullAll(bangle);
    expect(results).toHaveLength(1);
    expect(results[0].completed).toBe(true);
    expect(flash.has("steadyhold.session.json")).toBe(false);
    bangle.reload();
    expect(pullAll(bangle)).toEqual([]);
  });

  it("a reset anywhere in the rescue: each result is sent exactly once, under the same id", () => {
    // A set-aside result (set clock) and a waiting one (the unset clock's), both as the firmware names
    // them, and a session 0.02 left mid-hold (closed as partial: too old to resume).
    const storage = storageWith(ONE_HOLD_A_LEG);
    runVersion002(storage, START);
    const setAside = { ...leftBy002(storage, "steadyhold.x").result, id: FIRMWARE_ID };
    const waitingStorage = storageWith(ONE_HOLD_A_LEG);
    runVersion002(waitingStorage, UNSET_START);
    const waiting = leftBy002(waitingStorage, "steadyhold.u");
    const waitingId = "csyo.gfzuxr-ab12";
    const before = storageWith(ONE_HOLD_A_LEG);
    before.set(firmwareName("steadyhold.x" + FIRMWARE_ID), JSON.stringify(setAside));
    before.set(
      "steadyhold.u" + waitingId,
      JSON.stringify({ timeline: 0, result: { ...waiting.result, id: waitingId } }),
    );
    const left = loadBangleApp(BANGLE_APP_0_02, {
      clockStart: START - TEN_MINUTES,
      storage: storageWith(ONE_HOLD_A_LEG),
    });
    left.touch();
    left.advance(5000);
    left.leave();
    const session = left.storage.get("steadyhold.session.json") as string;
    before.set("steadyhold.session.json", session);
    const expected = ["mx2z9q80-52yn", "csyo-ab12", wholeMsId(JSON.parse(session).state.id)];
    // The rescue's own writes and erases, as one launch makes them.
    const recorded = new RecordedFlash(before);
    recorded.changes = [];
    loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage: recorded });
    const changes = recorded.changes.filter((c) => /^steadyhold\.([rux]|session)/.test(c.name));
    expect(changes.length).toBeGreaterThanOrEqual(6); // three writes, three erases at least
    for (let cut = 0; cut <= changes.length; cut++) {
      for (const tear of [false, true]) {
        const change = changes[cut];
        if (tear && (change === undefined || change.text === null)) continue;
        const flash = applyChanges(new Map(before), changes.slice(0, cut));
        // Torn as it was written: its size, the first half, then erased flash (Espruino's jsfWriteFile).
        if (tear)
          flash.set(change.name, change.text!.slice(0, change.text!.length >> 1).padEnd(change.text!.length, "\xff"));
        const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage: flash });
        const results = pullAll(bangle);
        const where = `reset after ${cut} of ${changes.length} changes${tear ? ", the next one torn" : ""}`;
        expect(results.map((r) => r.id).sort(), where).toEqual([...expected].sort());
        bangle.reload();
        expect(pullAll(bangle), where).toEqual([]);
        expect(
          [...flash.keys()].filter((k) => /^steadyhold\.[rux].*\./.test(k) || /session/.test(k)),
          where,
        ).toEqual([]);
        expect(bangle.errors, where).toEqual([]);
      }
    }
  });

  it("files damaged beyond the id are kept aside, never erased, with a log line", () => {
    const storage = storageWith(ONE_HOLD_A_LEG);
    const notJson = '{"id":"mx2z9q80.9py14i-52yn","startedAt":17960256\xff\xff\xff\xff';
    const noResult = JSON.stringify({ timeline: 0, result: null });
    const otherId = JSON.stringify({ ...leftOf(), id: "mx2z9q80.1q-zzzz" }); // not the id its name was cut from
    const session = JSON.stringify({
      savedAt: START,
      state: { ...newSession(DEFAULT_ROUTINE, FIRMWARE_ID), phase: "stretching" },
    });
    storage.set(firmwareName("steadyhold.x" + FIRMWARE_ID), notJson);
    storage.set("steadyhold.ucsyo.gfzuxr-ab12", noResult);
    storage.set("steadyhold.xmx2z9q80.ab-52yn", otherId);
    storage.set("steadyhold.session.json", session);
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage });
    expect(pullAll(bangle)).toEqual([]);
    const kept = [...storage.values()];
    for (const text of [notJson, noResult, otherId, session]) expect(kept).toContain(text);
    expect(bangle.screenText()).toContain("4 kept, not sent");
    const log = bangle.logs.join("\n");
    expect(log).toMatch(/steadyhold\.xmx2z9q80\.9py14i- .*cannot be read.*kept aside/);
    expect(log).toMatch(/steadyhold\.ucsyo\.gfzuxr-ab12 .*cannot be read.*kept aside/);
    expect(log).toMatch(/session.*cannot be read.*kept aside/);
    // Nothing changes at the next launch: still kept, nothing sent, nothing new written.
    const files = [...storage.entries()].sort();
    bangle.reload();
    expect(pullAll(bangle)).toEqual([]);
    expect([...storage.entries()].sort()).toEqual(files);
    expect(bangle.errors).toEqual([]);
  });
});

/** A 0.02 session file that cannot be read beyond its id (a phase no version runs). */
function unreadable002Session(): string {
  return JSON.stringify({
    savedAt: START,
    state: { ...newSession(DEFAULT_ROUTINE, FIRMWARE_ID), phase: "stretching" },
  });
}

/** Torn as it was written: its size, the first `part` of it, then erased flash (Espruino's jsfWriteFile). */
function torn(text: string, part: number): string {
  return text.slice(0, Math.floor(text.length * part)).padEnd(text.length, "\xff");
}

describe("a watch updated from 0.02: session files kept aside (review 17)", () => {
  it("a 0.02 save torn before its id (its savedAt has the fraction) is kept aside; today's torn save is erased", () => {
    const session = JSON.stringify({
      savedAt: START,
      state: newSession({ ...DEFAULT_ROUTINE, ...ONE_HOLD_A_LEG }, FIRMWARE_ID),
    });
    const beforeId = torn(session, 0.1);
    expect(beforeId).not.toContain(FIRMWARE_ID);
    const storage = storageWith(ONE_HOLD_A_LEG);
    storage.set("steadyhold.session.json", beforeId);
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage });
    expect([...storage.values()]).toContain(beforeId);
    expect(bangle.screenText()).toContain("1 kept, not sent");
    // Today's own save (whole ms, a whole-ms id) torn: it has a whole copy elsewhere, so it just goes.
    const today = JSON.stringify({ savedAt: Math.floor(START), state: newSession(DEFAULT_ROUTINE, "mx2z9q80-52yn") });
    for (const part of [0.1, 0.5]) {
      const flash = storageWith(ONE_HOLD_A_LEG);
      flash.set("steadyhold.session.json", torn(today, part));
      const again = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage: flash });
      expect([...flash.keys()]).toEqual(["steadyhold.json"]);
      expect(again.logs.join("\n")).toMatch(/torn; erased/);
    }
    expect(bangle.errors).toEqual([]);
  });

  it("an aside copy a reset tore as it was written is written again under its name: kept aside once", () => {
    const session = unreadable002Session();
    const before = storageWith(ONE_HOLD_A_LEG);
    before.set("steadyhold.session.json", session);
    const recorded = new RecordedFlash(before);
    recorded.changes = [];
    loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage: recorded });
    const write = recorded.changes.findIndex((c) => c.name.startsWith("steadyhold.xsession.") && c.text !== null);
    expect(write).toBeGreaterThanOrEqual(0);
    const flash = applyChanges(new Map(before), recorded.changes.slice(0, write));
    const aside = recorded.changes[write].name;
    flash.set(aside, torn(session, 0.5));
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES + 60000, storage: flash });
    expect([...flash.keys()].filter((k) => k.startsWith("steadyhold.xsession."))).toEqual([aside]);
    expect(flash.get(aside)).toBe(session);
    expect(flash.has("steadyhold.session.json")).toBe(false);
    expect(bangle.screenText()).toContain("1 kept, not sent");
    expect(bangle.errors).toEqual([]);
  });

  it("while the full flash refuses the aside copy no session starts, from the screen or over GATT", () => {
    const session = unreadable002Session();
    const storage = new FullFlash(storageWith(ONE_HOLD_A_LEG));
    storage.set("steadyhold.session.json", session);
    storage.refusing = /^steadyhold\.x/;
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage });
    bangle.touch();
    expect(bangle.screenText()).toContain("Flash full");
    expect(command(bangle, { op: "start" })).toBe(RESPONSE_CODE.NOT_ALLOWED);
    expect(storage.get("steadyhold.session.json")).toBe(session);
    storage.refusing = null; // room again: the next start keeps it aside first
    expect(command(bangle, { op: "start" })).toBe(RESPONSE_CODE.SUCCESS);
    expect([...storage.keys()].filter((k) => k.startsWith("steadyhold.xsession.")).map((k) => storage.get(k))).toEqual([
      session,
    ]);
    expect(bangle.errors).toEqual([]);
  });

  it("a 0.02 result waiting for the clock and its session file, the flash full at the launch: one complete result", () => {
    const recorded = new RecordedFlash(storageWith(ONE_HOLD_A_LEG));
    recorded.changes = [];
    const old = loadBangleApp(BANGLE_APP_0_02, { clockStart: UNSET_START, storage: recorded });
    old.touch();
    old.advance(21000); // 0.02 writes the result waiting for the clock, then erases the session file
    const erase = firstErase(recorded.changes, "steadyhold.session.json");
    expect(erase).toBeGreaterThan(0);
    const flash = applyChanges(new FullFlash(storageWith(ONE_HOLD_A_LEG)), recorded.changes.slice(0, erase));
    const legacy = leftBy002(flash, "steadyhold.u").result;
    flash.refusing = /^steadyhold\.[rux]/;
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: UNSET_START + TEN_MINUTES, storage: flash });
    flash.refusing = null;
    bangle.leave();
    expect(flash.has("steadyhold.session.json")).toBe(false);
    bangle.reload();
    const id = wholeMsId(legacy.id) as string;
    expect([...flash.keys()].filter((k) => /^steadyhold\.[rux]/.test(k))).toEqual(["steadyhold.u" + id]);
    const waiting = JSON.parse(flash.get("steadyhold.u" + id) as string).result as SessionResult;
    expect(waiting.completed).toBe(true);
    expect(waiting.holds.map((h) => Math.round(h.achievedMs))).toEqual([10000, 10000]);
    expect(bangle.errors).toEqual([]);
  });
});

/** A whole result as 0.02 kept it aside (its own fields; the id is the caller's). */
function leftOf(): SessionResult {
  return {
    id: FIRMWARE_ID,
    startedAt: START,
    endedAt: START + 20000,
    completed: false,
    routine: { ...DEFAULT_ROUTINE, ...ONE_HOLD_A_LEG },
    holds: [],
    utcOffsetMinutes: 0,
  };
}
