// Review 11: app/session-store.ts sound() now checks a saved session's phase as a key of
// PHASE_TITLE (`typeof PHASE_TITLE[s.phase] === "string"`) instead of a list of the six phase
// names. A property look-up turns its key into a string first, so a damaged "session.cbor" whose
// phase is not a string but a list holding a name (["hold"]) passes: the launch offers to resume a
// session the engine cannot run as saved (no phase of its own: `s.phase === HOLD` is false), where
// 43515e9 set the file aside as damaged ("Decoders never throw; bad input is a clear, logged
// rejection with a safe default").
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTINE, ROUTINE_KEYS } from "../common/routine";
import { encodeSavedSession } from "../common/saved-session";
import { newSession, reduceSession } from "../common/session";
import { loadBundle } from "../sim/bundle";
import { encodeCbor } from "../sim/cbor";
import { Simulation } from "../sim/simulation";

const FBA = path.resolve(__dirname, "..", "build", "app.fba");

function simulation(): Simulation {
  if (!fs.existsSync(FBA)) throw new Error(`${FBA} is missing: run "npm run build" (npm test does it first)`);
  return new Simulation({ bundle: loadBundle(FBA, "atlas"), jitterMs: 40, seed: 11 });
}

/** A session saved 20 s into its first hold, a minute before `now` (inside the resume window). */
function savedInHold(
  now: number,
  phase: unknown,
  lastSecondsCue: unknown = DEFAULT_ROUTINE.lastSecondsCue,
): Uint8Array {
  const startedAt = now - 60000 - 30000;
  let state = newSession(DEFAULT_ROUTINE, "abc123-wxyz");
  state = reduceSession(state, { type: "start", utcOffsetMinutes: 0 }, startedAt).state;
  state = reduceSession(state, { type: "tick" }, startedAt + 10000).state; // get ready is over: the hold runs
  const saved = encodeSavedSession(state, now - 60000) as { savedAt: number; state: unknown[] };
  expect(saved.state[3]).toBe("hold");
  saved.state[3] = phase;
  const routineRow = saved.state[0] as unknown[];
  routineRow[ROUTINE_KEYS.indexOf("lastSecondsCue")] = lastSecondsCue;
  return encodeCbor(saved);
}

async function launchWith(phase: unknown, lastSecondsCue?: unknown): Promise<Simulation> {
  const sim = simulation();
  await sim.act(() => {
    sim.watchState.files.set("session.cbor", savedInHold(sim.now, phase, lastSecondsCue));
    sim.setPhoneInReach(false);
    sim.launchWatch();
  });
  return sim;
}

describe("review 11 — a saved session's phase must be one of the phase names", () => {
  it("a sound saved hold is offered for resuming (the fixture is right)", async () => {
    const sim = await launchWith("hold");
    expect(sim.element("resume-dialog").isVisible()).toBe(true);
  });

  it('a saved session whose phase is a list (["hold"]) is set aside as damaged, not offered for resuming', async () => {
    const sim = await launchWith(["hold"]);
    expect(sim.element("resume-dialog").isVisible()).toBe(false);
    expect(sim.watchState.files.has("session.cbor.bad")).toBe(true);
  });

  it("a saved session whose routine is out of its limits (a cue count of 3e128 would keep the catch-up looping) is set aside", async () => {
    const sim = await launchWith("hold", 3e128);
    expect(sim.element("resume-dialog").isVisible()).toBe(false);
    expect(sim.watchState.files.has("session.cbor.bad")).toBe(true);
  });
});
