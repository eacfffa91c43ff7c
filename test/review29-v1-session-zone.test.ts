// Review 29: a session saved by version 1 (keyed "session.cbor", no utcOffsetMinutes, holds without
// bouncingMs) is stored by the updated watch as a version 2 result with utcOffsetMinutes 0 (UTC):
// app/session-store.ts readSaved (and app/saved-check.ts sound) fill a missing zone with 0 "saved
// by version 1". docs/data-safety.md's day rule says a version 1 result, which lacks the field, uses
// the reader's time zone; here the field is made up as UTC instead and travels as if it were real.
// What the user sees (watch and phone in New York, UTC-5): a session done in full at 21:00 on
// 4 January, ended by a power loss before its result was stored, is counted on 5 January (the UTC
// date): the watch's home screen says "Today 0/1" that same evening, and the phone's history puts
// it on the next day for good.
// Suggested fix: fill a saved session's missing zone with the watch's own at its start,
// -new Date(s.startedAt).getTimezoneOffset() (in readSaved and sound), as the phone does for version 1 results.
import { describe, expect, it } from "vitest";
import { newSession } from "../common/session";
import { encodeCbor } from "../sim/cbor";
import { asVersion1Message, hold } from "./support/builders";
import { Simulation } from "../sim/simulation";
import { robustnessBundle } from "./support/robustness-run";
import { SHORT_ROUTINE, SHORT_ROUTINE_SETTINGS, phoneHistory } from "./support/schedules";

const bundle = robustnessBundle();
const NEW_YORK = -300;
/** 21:00 on 4 January in New York: 02:00 on 5 January UTC. */
const STARTED_AT = Date.UTC(2026, 0, 5, 2, 0, 0);

/** The finished session as version 1 saved it: keyed objects, no zone, holds without bouncingMs. */
function version1SessionFile(): Uint8Array {
  const hold = (leg: "left" | "right") => ({
    leg,
    rep: 1,
    targetSeconds: SHORT_ROUTINE.holdSeconds,
    achievedMs: SHORT_ROUTINE.holdSeconds * 1000,
    endedEarly: false,
    bounceAtMs: [],
    steadiness: 80,
  });
  const state: Record<string, unknown> = {
    ...newSession(SHORT_ROUTINE, "v1ny-0001"),
    startedAt: STARTED_AT,
    phase: "done",
    leg: "right",
    holds: [hold("left"), hold("right")],
    endedAt: STARTED_AT + 10000,
    completed: true,
  };
  delete state.utcOffsetMinutes;
  return encodeCbor({ savedAt: STARTED_AT + 10000, state });
}

describe("review29: a finished session saved by version 1, stored after the update", () => {
  it("counts on the local date where it started, on the watch and on the phone", async () => {
    const sim = new Simulation({
      bundle,
      seed: 291,
      startTime: STARTED_AT + 10 * 60000, // 21:10 in New York
      phoneSettings: SHORT_ROUTINE_SETTINGS,
    });
    sim.setTimeZone("watch", NEW_YORK);
    sim.setTimeZone("phone", NEW_YORK);
    sim.watchState.files.set("session.cbor", version1SessionFile());
    await sim.act(() => sim.launchWatch());
    await sim.advance(30000);
    await sim.act(() => sim.wake());
    expect(phoneHistory(sim).map((r) => r.id)).toEqual(["v1ny-0001"]); // precondition: stored and synced
    expect(sim.element("today-text").text).toMatch(/^Today 1\/1/);
    expect(phoneHistory(sim)[0].utcOffsetMinutes).toBe(NEW_YORK);
  });

  // Fix 29: the same for a version 1 result already stored (pending-<id>.cbor, 8 fields, no zone) when
  // the power went before its session file was erased: the launch counts the stored result
  // (app/results.ts storedResult), which filled the missing zone with 0 (UTC) too.
  it("counts a version 1 result stored before the power loss on the local date where it started", async () => {
    const sim = new Simulation({
      bundle,
      seed: 296,
      startTime: STARTED_AT + 10 * 60000, // 21:10 in New York
      phoneSettings: SHORT_ROUTINE_SETTINGS,
    });
    sim.setTimeZone("watch", NEW_YORK);
    sim.setTimeZone("phone", NEW_YORK);
    const holds = (["left", "right"] as const).map((leg) =>
      hold({ leg, targetSeconds: SHORT_ROUTINE.holdSeconds, achievedMs: SHORT_ROUTINE.holdSeconds * 1000 }),
    );
    const stored = asVersion1Message({
      id: "v1ny-0001",
      startedAt: STARTED_AT,
      endedAt: STARTED_AT + 10000,
      completed: true,
      routine: SHORT_ROUTINE,
      holds,
      utcOffsetMinutes: 0, // dropped: version 1 has no zone
    });
    expect(stored).toHaveLength(8); // precondition: version 1's layout
    sim.watchState.files.set("session.cbor", version1SessionFile());
    sim.watchState.files.set("pending-v1ny-0001.cbor", encodeCbor(stored));
    await sim.act(() => sim.launchWatch());
    await sim.advance(30000);
    await sim.act(() => sim.wake());
    expect(phoneHistory(sim).map((r) => r.id)).toEqual(["v1ny-0001"]); // precondition: stored and synced
    expect(sim.watchState.files.has("session.cbor")).toBe(false); // precondition: settled from the stored result
    expect(sim.element("today-text").text).toMatch(/^Today 1\/1/);
    expect(phoneHistory(sim)[0].utcOffsetMinutes).toBe(NEW_YORK);
  });
});
