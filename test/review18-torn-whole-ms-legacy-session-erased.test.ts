// review18: commit cc02c8a keeps a torn session file of version 0.02 aside instead of erasing it
// (0.02 kept no copy: it is all that is left of that session), telling 0.02's from today's by
// store.ts isLegacySaveText: the state's id decides when it is before the tear, the savedAt (the
// file's first field) only when the tear came before the id. But 0.02 read Date.now() as it was,
// and on a watch that is a whole ms now and then (system time in 2^-20 s units, moved by the 32768 Hz
// RTC: on a clock set to a whole second, one tick in 4096 reads a whole ms, every 125 ms): 0.02 then
// made an id with no "." — the same form as today's (rare, but then the whole session is at stake) —
// while its saves, at other times, still carry a fractional savedAt. Such a torn 0.02 file has a
// fractional savedAt at its very start, which no save of today's has (wholeNow), yet it is erased
// as a torn save of today's ("torn; erased"), and that session is gone.
// Suggested fix: in isLegacySaveText, a fractional savedAt marks 0.02's whatever the id says (check
// it first); the id then only matters when savedAt is whole.
import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTINE } from "../common/routine";
import { newSession } from "../common/session";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { storageWith } from "./support/bangle-central";
import { ONE_HOLD_A_LEG } from "../sim/routines";

/** 0.02's session began on a whole ms (its id has no "."); it was saved 12 s later, at a fraction. */
const START = Date.UTC(2026, 10, 30, 8, 0, 0);
const SAVED_AT = START + 12000.27;
const TEN_MINUTES = 10 * 60000;

describe("review18: a torn 0.02 session file whose session began on a whole ms", () => {
  it("is kept aside, not erased (its savedAt has a fraction: 0.02's)", () => {
    const storage = storageWith(ONE_HOLD_A_LEG);
    // As 0.02 saved it (git show 1a49a62:wearables/bangle/src/store.ts saveSession): savedAt first,
    // then the state (routine, id, ...); one hold done, the right one running.
    const state = {
      ...newSession({ ...DEFAULT_ROUTINE, ...ONE_HOLD_A_LEG }, START.toString(36) + "-52yn"),
      startedAt: START,
      phase: "hold",
      leg: "right",
      phaseStartedAt: START + 10000.27,
      phaseEndsAt: START + 20000.27,
      holds: [
        {
          leg: "left",
          rep: 1,
          targetSeconds: 10,
          achievedMs: 10000,
          endedEarly: false,
          bounceAtMs: [],
          steadiness: 100,
          bouncingMs: 0,
        },
        {
          leg: "right",
          rep: 1,
          targetSeconds: 10,
          achievedMs: 0,
          endedEarly: false,
          bounceAtMs: [],
          steadiness: 100,
          bouncingMs: 0,
        },
      ],
    };
    const whole = JSON.stringify({ savedAt: SAVED_AT, state });
    expect(whole.startsWith('{"savedAt":' + SAVED_AT + ",")).toBe(true);
    // Torn as it was written (Espruino's jsfWriteFile): its size, the first half, then erased flash.
    const torn = whole.slice(0, whole.length >> 1).padEnd(whole.length, "\xff");
    expect(torn).toContain('"id":"' + START.toString(36) + '-52yn"'); // the id is before the tear
    storage.set("steadyhold.session.json", torn);
    const bangle = loadBangleApp(BANGLE_APP_FILE, { clockStart: START + TEN_MINUTES, storage });
    expect([...storage.values()]).toContain(torn);
    expect(bangle.screenText()).toContain("1 kept, not sent");
    expect(bangle.errors).toEqual([]);
  });
});
