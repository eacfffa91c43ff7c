// A launch of the Fitbit watch app that finds a session saved in its first hold (the app closed
// during it), the saved file's fields replaced as a damaged "session.cbor" could hold them: the
// setup of the tests of what a launch offers to resume.
import { expect } from "vitest";
import { DEFAULT_ROUTINE, ROUTINE_KEYS } from "../../common/routine";
import { encodeSavedSession } from "../../common/saved-session";
import { newSession, reduceSession } from "../../common/session";
import { encodeCbor } from "../../sim/cbor";
import { Simulation } from "../../sim/simulation";
import { robustnessBundle } from "./robustness-run";

/**
 * "session.cbor" of a default-routine session saved 20 s into its first hold a minute before `now`
 * (inside the resume window), its phase replaced by `phase` and, if given, its routine's last-seconds
 * cue by `lastSecondsCue`.
 */
function savedInHold(now: number, phase: unknown, lastSecondsCue: unknown): Uint8Array {
  const startedAt = now - 60000 - 30000;
  let state = newSession(DEFAULT_ROUTINE, "abc123-wxyz");
  state = reduceSession(state, { type: "start", utcOffsetMinutes: 0 }, startedAt).state;
  state = reduceSession(state, { type: "tick" }, startedAt + 10000).state; // get ready is over: the hold runs
  const saved = encodeSavedSession(state, now - 60000) as { savedAt: number; state: unknown[] };
  expect(saved.state[3]).toBe("hold"); // the phase's place in the row
  saved.state[3] = phase;
  if (lastSecondsCue !== undefined)
    (saved.state[0] as unknown[])[ROUTINE_KEYS.indexOf("lastSecondsCue")] = lastSecondsCue;
  return encodeCbor(saved);
}

/**
 * The built app (timers up to 40 ms late, `seed`) launched with the phone out of reach on a session
 * saved 20 s into its first hold a minute ago, its phase `phase` (and its last-seconds cue
 * `lastSecondsCue`, if given).
 */
export async function launchWithSessionSavedInHold(options: {
  seed: number;
  phase: unknown;
  lastSecondsCue?: unknown;
}): Promise<Simulation> {
  const sim = new Simulation({ bundle: robustnessBundle(), jitterMs: 40, seed: options.seed });
  await sim.act(() => {
    sim.watchState.files.set("session.cbor", savedInHold(sim.now, options.phase, options.lastSecondsCue));
    sim.setPhoneInReach(false);
    sim.launchWatch();
  });
  return sim;
}
