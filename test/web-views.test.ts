// Pure modules of the web companion: connection messages, the routine editor's checks, the live
// countdown, the Fitbit export import, and the chart points from common/history-summary.ts.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  BLUETOOTH_OFF_MESSAGE,
  ProfileVersionError,
  bluetoothUnavailableReason,
  describeConnectError,
} from "../web/src/messages";
import { checkRoutineForm, historyRoutine, routineFormFields, routineToForm } from "../web/src/routine-form";
import { liveText, remainingTenthsAt } from "../web/src/live-view";
import { parseHistoryExport } from "../web/src/fitbit-import";
import { DEFAULT_ROUTINE, ROUTINE_KEYS } from "../common/routine";
import { CHOICE_OPTIONS } from "../common/settings-routine";
import { EMPTY_SYNC_STATE, progressPoints, sessionLine, summarizeHistory } from "../common/history-summary";
import { exportJson } from "../common/history-export";
import type { LiveState } from "../common/gatt-profile";
import type { SessionResult } from "../common/result";

function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe("connection messages", () => {
  it("tells a missing Web Bluetooth from an insecure origin, and says nothing when it can be tried", () => {
    expect(
      bluetoothUnavailableReason({ hasWebBluetooth: true, isSecureContext: true, origin: "https://x" }),
    ).toBeNull();
    expect(bluetoothUnavailableReason({ hasWebBluetooth: false, isSecureContext: true, origin: "https://x" })).toMatch(
      /^This browser has no Web Bluetooth \(Firefox and Safari/,
    );
    expect(
      bluetoothUnavailableReason({ hasWebBluetooth: false, isSecureContext: false, origin: "http://192.168.1.5:5173" }),
    ).toMatch(/^Web Bluetooth only works on a secure page, and http:\/\/192\.168\.1\.5:5173 is not one/);
  });

  it("puts each browser error in words the user can act on", () => {
    expect(describeConnectError(named("NotFoundError", "User cancelled the requestDevice() chooser."))).toMatch(
      /^No watch was chosen/,
    );
    expect(describeConnectError(named("NotFoundError", "Bluetooth adapter not available."))).toBe(
      BLUETOOTH_OFF_MESSAGE,
    );
    expect(describeConnectError(named("NotFoundError", "No Services matching UUID x found in Device."))).toMatch(
      /does not offer the Steady Hold service/,
    );
    expect(describeConnectError(named("SecurityError", "blocked"))).toMatch(/blocked Bluetooth/);
    expect(describeConnectError(named("NetworkError", "GATT Server is disconnected."))).toMatch(
      /could not be reached or the link dropped/,
    );
    expect(describeConnectError(new ProfileVersionError("This watch cannot be used: profile 2.0."))).toBe(
      "This watch cannot be used: profile 2.0.",
    );
    expect(describeConnectError("weird")).toBe("Could not connect: weird.");
    expect(describeConnectError(null)).toBe("Could not connect: null.");
  });

  it("ends each sentence with one full stop when the browser's message has its own", () => {
    // Chromium's messages end with a full stop: "aborted.." and "(… watch.)." read as typos.
    expect(describeConnectError(named("AbortError", "Connection attempt aborted."))).toBe(
      "Could not connect: Connection attempt aborted.",
    );
    expect(describeConnectError(named("NetworkError", "Not connected to the watch."))).toBe(
      "The watch could not be reached or the link dropped (Not connected to the watch). Bring it closer and try again.",
    );
    expect(describeConnectError(named("NotSupportedError", "GATT operation not permitted."))).toBe(
      "The watch refused an operation (GATT operation not permitted).",
    );
  });
});

describe("routine editor", () => {
  it("has every routine field once, with the settings page's labels, ranges and choice names", () => {
    const fields = routineFormFields();
    expect(fields.map((f) => f.key)).toEqual(ROUTINE_KEYS);
    const hold = fields.find((f) => f.key === "holdSeconds");
    expect(hold).toMatchObject({ label: "Hold", kind: "integer", min: 5, max: 60, hint: "5–60 s" });
    const aid = fields.find((f) => f.key === "aid");
    expect(aid?.options.map((o) => o.name)).toEqual(CHOICE_OPTIONS.aid.map((o) => o.name));
  });

  it("accepts the default routine and returns it unchanged", () => {
    expect(checkRoutineForm(routineToForm(DEFAULT_ROUTINE))).toEqual({ routine: DEFAULT_ROUTINE, errors: {} });
  });

  it("refuses out-of-range, fractional and empty values with parseRoutine's messages, sending nothing", () => {
    const values = {
      ...routineToForm(DEFAULT_ROUTINE),
      holdSeconds: "75",
      repsPerLeg: "2.5",
      restSeconds: "",
      lastSecondsCue: "4",
    };
    const checked = checkRoutineForm(values);
    expect(checked.routine).toBeNull();
    expect(checked.errors).toEqual({
      holdSeconds: "Hold: 75 is outside 5–60",
      repsPerLeg: 'Holds per leg: "2.5" is not a whole number',
      restSeconds: "Rest between holds: no value given",
      lastSecondsCue: 'Last-seconds cue: "4" is not one of 0/3/5',
    });
  });

  it("never accepts a value outside the bounds (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 200 }), (hold) => {
        const checked = checkRoutineForm({ ...routineToForm(DEFAULT_ROUTINE), holdSeconds: String(hold) });
        expect(checked.routine !== null).toBe(hold >= 5 && hold <= 60);
      }),
    );
  });
});

const HOLDING: LiveState = {
  phase: "hold",
  paused: false,
  bouncingNow: false,
  leg: "right",
  rep: 2,
  repsPerLeg: 3,
  holdSeconds: 30,
  remainingTenths: 125,
  bounceCount: 0,
  lastBounceTenths: -1,
  steadiness: 84,
  sequence: 9,
};

describe("live view", () => {
  it("counts down from the value's arrival, and stands still while paused", () => {
    expect(remainingTenthsAt(HOLDING, 1000, 1000)).toBe(125);
    expect(remainingTenthsAt(HOLDING, 1000, 3550)).toBe(100);
    expect(remainingTenthsAt(HOLDING, 1000, 60000)).toBe(0);
    expect(remainingTenthsAt({ ...HOLDING, paused: true }, 1000, 9000)).toBe(125);
    const text = liveText(HOLDING, 1000, 3550);
    expect(text).toMatchObject({
      phase: "Hold — keep it still",
      where: "Right leg · hold 2 of 3",
      countdown: "10",
      warning: "",
      steadiness: "Steadiness 84/100",
    });
    expect(text).toMatchObject({ canStart: false, canPause: true, canResume: false, canEnd: true });
    expect(liveText({ ...HOLDING, paused: true }, 0, 0)).toMatchObject({
      phase: "Hold — keep it still (paused)",
      canPause: false,
      canResume: true,
    });
  });

  it("warns while bouncing and keeps the count for the rest of the hold", () => {
    expect(liveText({ ...HOLDING, bouncingNow: true, bounceCount: 2, lastBounceTenths: 41 }, 0, 0).warning).toBe(
      "Bouncing! Ease off and hold still. 2 warnings in this hold (latest at 4.1 s).",
    );
    expect(liveText({ ...HOLDING, bounceCount: 1, lastBounceTenths: 41 }, 0, 0).warning).toBe(
      "1 bounce warning in this hold (latest at 4.1 s). Keep it still.",
    );
    expect(liveText({ ...HOLDING, phase: "rest", bounceCount: 1 }, 0, 0).warning).toBe("");
  });

  it("offers only Start when idle or done, and nothing when not connected", () => {
    expect(liveText({ ...HOLDING, phase: "idle", rep: 0 }, 0, 0)).toMatchObject({
      countdown: "",
      canStart: true,
      canPause: false,
      canEnd: false,
    });
    expect(liveText(null, 0, 0)).toMatchObject({ phase: "Not connected", canStart: false });
  });
});

function session(id: string, startedAt: number, bounces: number[][]): SessionResult {
  return {
    id,
    startedAt,
    endedAt: startedAt + 120000,
    completed: true,
    routine: { ...DEFAULT_ROUTINE, repsPerLeg: 1 },
    holds: [
      {
        leg: "left",
        rep: 1,
        targetSeconds: 30,
        achievedMs: 30000,
        endedEarly: false,
        bounceAtMs: bounces[0],
        steadiness: 80,
        bouncingMs: 0,
      },
      {
        leg: "right",
        rep: 1,
        targetSeconds: 30,
        achievedMs: 20000,
        endedEarly: true,
        bounceAtMs: bounces[1],
        steadiness: 60,
        bouncingMs: 0,
      },
    ],
    utcOffsetMinutes: 60,
  };
}

describe("import of the Fitbit settings page's JSON export", () => {
  const now = Date.UTC(2026, 10, 29);
  const sessions = [session("mabc-0001", now - 86400000, [[], []]), session("mabd-0002", now, [[1200, 5300], []])];

  it("reads back what common/history-export.ts exportJson writes", () => {
    const outcome = parseHistoryExport(exportJson(sessions, now).text);
    expect(outcome.errors).toEqual([]);
    expect(outcome.sessions).toEqual(sessions);
  });

  it("takes exports made before bouncingMs and utcOffsetMinutes existed (0 = not measured)", () => {
    const old = JSON.parse(exportJson(sessions, now).text);
    for (const s of old.sessions) {
      delete s.utcOffsetMinutes;
      for (const h of s.holds) delete h.bouncingMs;
    }
    const outcome = parseHistoryExport(JSON.stringify(old));
    expect(outcome.sessions.map((s) => s.utcOffsetMinutes)).toEqual([0, 0]);
    expect(outcome.sessions[1].holds[0].bounceAtMs).toEqual([1200, 5300]);
  });

  it("takes version-1 sessions kept in the Fitbit history (bouncingMs -1 = unknown) instead of skipping them", () => {
    // The phone keeps version-1 results with bouncingMs -1 and exports them as they are.
    const v1 = sessions.map((s) => ({ ...s, holds: s.holds.map((h) => ({ ...h, bouncingMs: -1 })) }));
    const outcome = parseHistoryExport(exportJson(v1, now).text);
    expect(outcome.errors).toEqual([]);
    expect(outcome.sessions.map((s) => s.id)).toEqual(["mabc-0001", "mabd-0002"]);
    expect(outcome.sessions[1].holds[0].bounceAtMs).toEqual([1200, 5300]);
    // Unknown stays unknown (review 26): the page shows "unknown", never 0 s of bouncing.
    expect(outcome.sessions[1].holds[0].bouncingMs).toBe(-1);
  });

  it("skips a session whose routine is missing a field, is not an object or holds a number as text: no default is filled in", () => {
    const data = JSON.parse(exportJson(sessions, now).text);
    const good = data.sessions[1];
    const noSensitivity = { ...good.routine };
    delete noSensitivity.sensitivity;
    data.sessions.push(
      { ...good, routine: noSensitivity },
      { ...good, routine: null },
      { ...good, routine: { ...good.routine, holdSeconds: String(good.routine.holdSeconds) } },
    );
    const outcome = parseHistoryExport(JSON.stringify(data));
    expect(outcome.sessions.map((s) => s.routine)).toEqual([sessions[0].routine, sessions[1].routine]);
    expect(outcome.errors).toEqual([
      "Session 3 skipped: routine sensitivity (Bounce sensitivity): nothing is not one of low/normal/high",
      "Session 4 skipped: routine is not an object",
      'Session 5 skipped: routine holdSeconds (Hold): "30" is not a whole number',
    ]);
  });

  it("skips a bad session with its reason and keeps the good ones", () => {
    const data = JSON.parse(exportJson(sessions, now).text);
    data.sessions[0].holds[0].achievedMs = 99000;
    data.sessions.push({ id: "x" }, "nonsense", {
      ...data.sessions[1],
      holds: [{ ...data.sessions[1].holds[0], leg: "middle" }],
    });
    const outcome = parseHistoryExport(JSON.stringify(data));
    expect(outcome.sessions.map((s) => s.id)).toEqual(["mabd-0002"]);
    expect(outcome.errors).toHaveLength(4);
    expect(outcome.errors[0]).toMatch(/^Session 1 skipped: .*achieved/);
    expect(outcome.errors[1]).toBe("Session 3 skipped: completed is not true/false");
    expect(outcome.errors[2]).toBe("Session 4 skipped: not an object");
    expect(outcome.errors[3]).toBe('Session 5 skipped: hold 1: leg "middle" is not left or right');
  });

  it("refuses other files whole, never throws (property)", () => {
    expect(parseHistoryExport("{").errors[0]).toMatch(/^The file is not JSON/);
    expect(parseHistoryExport('{"format":"other"}').errors[0]).toMatch(/not a Steady Hold history export/);
    expect(parseHistoryExport('{"format":"steady-hold-history","version":2,"sessions":[]}').errors[0]).toMatch(
      /version 2 is not supported/,
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const outcome = parseHistoryExport(
          JSON.stringify({ format: "steady-hold-history", version: 1, sessions: [value] }),
        );
        expect(outcome.sessions.length + outcome.errors.length).toBe(1);
      }),
    );
  });
});

describe("the routine the history page judges by", () => {
  it("is the watch's when connected, else the one the latest session ran, not the page's default", () => {
    const now = Date.UTC(2026, 10, 29, 12);
    const band = { ...DEFAULT_ROUTINE, repsPerLeg: 1, aid: "band" as const, dailyGoal: 2 };
    const older = {
      ...session("mabc-0001", now - 3 * 86400000, [[], []]),
      routine: { ...band, aid: "towel" as const },
    };
    const latest = { ...session("mabd-0002", now - 3600000, [[], []]), routine: band };
    // Stored oldest first; the page opened without a watch must not judge by the default goal and aid.
    expect(historyRoutine(null, [older, latest])).toEqual(band);
    const summary = summarizeHistory([older, latest], historyRoutine(null, [older, latest]), EMPTY_SYNC_STATE, now, 0);
    expect(summary.week.dailyGoal).toBe(2);
    expect(summary.progression).toMatch(
      /with this aid on 1 of the last 7 days; 5 unlock the next step \(step 2 of 4\)/,
    );
    const watch = { ...DEFAULT_ROUTINE, dailyGoal: 3 };
    expect(historyRoutine(watch, [older, latest])).toEqual(watch);
    expect(historyRoutine(null, [])).toEqual(DEFAULT_ROUTINE);
  });
});

describe("progressPoints (common/history-summary.ts) for the charts", () => {
  it("gives per session the weighted steadiness, seconds per leg, left share and bounces", () => {
    const points = progressPoints([session("a", 1000, [[], []]), session("b", 2000, [[1], [2, 3]])]);
    expect(points).toEqual([
      {
        id: "a",
        startedAt: 1000,
        localStartedAt: 1000 + 3600000,
        steadiness: 72,
        leftSeconds: 30,
        rightSeconds: 20,
        leftSharePercent: 60,
        bounces: 0,
      },
      {
        id: "b",
        startedAt: 2000,
        localStartedAt: 2000 + 3600000,
        steadiness: 72,
        leftSeconds: 30,
        rightSeconds: 20,
        leftSharePercent: 60,
        bounces: 3,
      },
    ]);
    const empty = { ...session("c", 3000, [[], []]), holds: [] };
    expect(progressPoints([empty])[0]).toMatchObject({
      steadiness: -1,
      leftSharePercent: -1,
      leftSeconds: 0,
      rightSeconds: 0,
    });
  });

  it("places each session at its own wall-clock time, as the session list does", () => {
    // 23:30 in Tokyo (UTC+9) and 08:00 in New York (UTC-5) on 1 March 2026, whatever the browser's zone.
    const tokyo = { ...session("t", Date.UTC(2026, 2, 1, 14, 30), [[], []]), utcOffsetMinutes: 540 };
    const newYork = { ...session("n", Date.UTC(2026, 2, 1, 13, 0), [[], []]), utcOffsetMinutes: -300 };
    const [n, t] = progressPoints([newYork, tokyo]);
    expect(new Date(t.localStartedAt).toISOString()).toBe("2026-03-01T23:30:00.000Z");
    expect(new Date(n.localStartedAt).toISOString()).toBe("2026-03-01T08:00:00.000Z");
    expect(sessionLine(tokyo).when).toMatch(/23:30/);
  });

  it("keeps the time axis ascending after a flight west (uPlot needs ascending x)", () => {
    // Tokyo Monday 08:00 (UTC+9), then New York Monday 07:00 and 09:00 (UTC-5): later in UTC, earlier on the clock.
    const monday = Date.UTC(2026, 2, 2);
    const points = progressPoints([
      { ...session("tokyo", monday - 3600000, [[], []]), utcOffsetMinutes: 540 },
      { ...session("ny-1", monday + 12 * 3600000, [[], []]), utcOffsetMinutes: -300 },
      { ...session("ny-2", monday + 14 * 3600000, [[], []]), utcOffsetMinutes: -300 },
    ]);
    expect(points.map((p) => p.id)).toEqual(["ny-1", "tokyo", "ny-2"]);
    expect(points.map((p) => new Date(p.localStartedAt).toISOString().slice(11, 16))).toEqual([
      "07:00",
      "08:00",
      "09:00",
    ]);
  });
});
