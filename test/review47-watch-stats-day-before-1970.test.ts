// The watch's side of review 47: a session completed on a watch whose clock was just reset (01:00 on
// 1 January 1970 UTC) in New York (UTC−5) starts on 31 December 1969 there: local day −1.
//
// What the user sees: goal 2, a three-day streak; the clock is reset, a session is done, then the
// phone sets the clock again. "stats.cbor" held day −1, which its reader rejects (days from 0): the
// next launch sets it aside ("stats: damaged, starting from zero") and home says "Today 0/2 · streak
// 0 days" (measured before the fix) instead of the streak of 3 the watch and the page agreed on.
//
// Fix: the writer and the reader agree: recordSession counts no day before 0 (common/daily.ts), as the
// phone's record of removed sessions (fix47). The result itself is kept and sent as any other. Stats
// a watch already wrote with day -1 (and a phone record of removed sessions, before fix47) are read
// whole: parseStats accepts a first day of -1.
//
// The Bangle.js 2 app keeps no day stats (no goal, no streak on the watch), and a session on its
// unset clock (1970 until a phone sets it, docs/bangle.md) waits for the clock and leaves dated on
// the set clock, in its zone: it never reaches the web companion on day −1 (tested below, guard).
import { describe, expect, it } from "vitest";
import { parseStats, sessionDay } from "../common/daily";
import { CLOCK_SET_FROM_MS } from "../common/clock-correction";
import { RESPONSE_CODE } from "../common/gatt-profile";
import { decodeCbor, encodeCbor } from "../sim/cbor";
import { encodeResultMessage } from "../common/protocol";
import { makeSessionId } from "../common/result";
import { parseHistory } from "../common/history-store";
import { completedSession } from "./support/builders";
import { loadBangleApp } from "../sim/bangle/runtime";
import { ONE_HOLD_A_LEG } from "../sim/routines";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { command, files, pullAll, storageWith } from "./support/bangle-central";
import { SESSION_MS } from "./support/schedules";
import { streakOfThree, watchText } from "./support/streak-scene";
import { pendingResults, userTap } from "./support/watch-sim";

const HOUR = 3600000;
/** Tue 6 Jan 2026, 09:00 in New York (UTC−5). */
const TUESDAY_9AM = Date.UTC(2026, 0, 6, 14);

describe("review 47 on the watch: a session on a reset clock, before 1970 in the watch's zone", () => {
  it("leaves the day stats readable: once the clock is set again, the streak is whole", async () => {
    const sim = await streakOfThree(2, TUESDAY_9AM, 4701, { zoneMinutes: -300 });
    await sim.act(() => {
      sim.setPhoneInReach(false);
      sim.killWatch();
    });

    sim.jumpClock("watch", HOUR - sim.watchClock.now()); // reset: 01:00 UTC, 20:00 on 31 Dec 1969 there
    await sim.act(() => sim.launchWatch());
    await sim.advance(1000);
    await userTap(sim, "start-button");
    await sim.advance(SESSION_MS + 500);
    await userTap(sim, "done-button");
    const [result] = pendingResults(sim);
    expect(result).toMatchObject({ completed: true, utcOffsetMinutes: -300 });
    expect(result.startedAt).toBeLessThan(2 * HOUR); // precondition: dated on the reset clock
    await sim.advance(60000);
    await sim.act(() => sim.killWatch());

    sim.jumpClock("watch", TUESDAY_9AM + HOUR - sim.watchClock.now()); // the phone sets the clock again
    await sim.act(() => sim.launchWatch());
    await sim.advance(1000);
    // Measured before the fix: "Today 0/2 · streak 0 days", the stats set aside as damaged.
    expect(watchText(sim)).toBe("Today 0/2 · streak 3 days");
    expect(sim.logs.filter((l) => /stats/.test(l.text))).toEqual([]);
    expect([...sim.watchState.files.keys()].filter((name) => /^stats/.test(name))).toEqual(["stats.cbor"]);
    const stored = parseStats(decodeCbor(sim.watchState.files.get("stats.cbor") as Uint8Array));
    expect(stored.error).toBe("");
    expect(stored.stats.days.filter((_, i) => i % 3 === 0).every((day) => day >= 0)).toBe(true);
    // The session itself is kept for the phone as any other.
    expect(pendingResults(sim).map((r) => r.id)).toEqual([result.id]);
    expect(sim.events.filter((e) => e.type === "error")).toEqual([]);
  });

  it("reads the stats a watch wrote with day -1 before the fix: the streak is kept", async () => {
    const sim = await streakOfThree(2, TUESDAY_9AM, 4702, { zoneMinutes: -300 });
    await sim.act(() => sim.killWatch());
    const written = parseStats(decodeCbor(sim.watchState.files.get("stats.cbor") as Uint8Array)).stats;
    const before = { ...written, days: [-1, 1, 2, ...written.days], counted: [...written.counted, "x"] };
    sim.watchState.files.set("stats.cbor", encodeCbor(before));
    await sim.act(() => sim.launchWatch());
    await sim.advance(1000);
    // Measured before: "Today 0/2 · streak 0 days", the stats set aside as damaged.
    expect(watchText(sim)).toBe("Today 0/2 · streak 3 days");
    expect(sim.logs.filter((l) => /stats/.test(l.text))).toEqual([]);
    expect(sim.watchState.files.has("stats.cbor.bad")).toBe(false);
  });
});

describe("review 47 on the phone: the record of removed sessions a completed day -1 entered before fix47", () => {
  it("is read whole (the same reader as the watch's stats)", () => {
    const record = '{"pruned":4,"days":[-1,1,3,20458,3,3],"baseDay":-1,"baseStreak":0}';
    const entry = JSON.stringify(encodeResultMessage(completedSession(makeSessionId(TUESDAY_9AM, 0.5), TUESDAY_9AM)));
    const parsed = parseHistory("[\n" + record + ",\n" + entry + "\n]");
    // Before: "the record of sessions pruned over the limit is damaged", its days and streak lost.
    expect(parsed.errors).toEqual([]);
    expect(parsed.pruned.days.days).toEqual([-1, 1, 3, 20458, 3, 3]);
  });
});

describe("review 47 on the Bangle.js 2: a session on its unset clock, before 1970 in the watch's zone", () => {
  for (const powerLost of [false, true])
    it(`waits for the clock and leaves dated on the set clock's day (${
      powerLost ? "a power loss before the clock is set: time unknown" : "placed"
    })`, () => {
      const storage = storageWith(ONE_HOLD_A_LEG);
      const unset = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: HOUR, timeZoneHours: -5 });
      unset.touch();
      unset.advance(21000); // 10 s a leg
      unset.touch(); // home
      expect(sessionDay(unset.wallTime(), -300)).toBe(-1); // precondition: 31 Dec 1969 there
      expect(unset.screenText()).toContain("1 waits for the time");
      unset.gatt.connect();
      expect(pullAll(unset)).toEqual([]); // nothing dated 1969 leaves the watch
      // Charged again after a power loss, its clock counts from 1970 anew.
      const bangle = powerLost
        ? loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: 30000, timeZoneHours: -5 })
        : unset;
      if (powerLost) bangle.gatt.connect();
      const setAt = TUESDAY_9AM;
      expect(command(bangle, { op: "set-clock", nowMs: setAt, utcOffsetMinutes: -300 })).toBe(RESPONSE_CODE.SUCCESS);
      const [result] = pullAll(bangle);
      expect(result.timeUnknown).toBe(powerLost ? true : undefined);
      expect(result.startedAt).toBeGreaterThanOrEqual(CLOCK_SET_FROM_MS);
      expect(result.utcOffsetMinutes).toBe(-300);
      expect(sessionDay(result.startedAt, result.utcOffsetMinutes)).toBe(sessionDay(setAt, -300));
      expect(files(bangle, "steadyhold.u")).toEqual([]);
      expect(bangle.errors).toEqual([]);
    });
});
