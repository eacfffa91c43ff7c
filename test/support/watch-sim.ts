// What the watch tests do to the simulated Fitbit watch again and again: read the results it keeps
// for the phone, act as a user would (raise the wrist, then touch), start a session from home, open
// the app again after a session was left open, send it routines that overtake each other.
import { decodeResultMessage } from "../../common/protocol";
import { SessionResult } from "../../common/result";
import { decodeCbor } from "../../sim/cbor";
import { Simulation } from "../../sim/simulation";

/** Results the watch keeps until the phone acknowledges them ("pending-<id>.cbor"), decoded. */
export function pendingResults(sim: Simulation): SessionResult[] {
  const out: SessionResult[] = [];
  for (const [name, bytes] of sim.watchState.files) {
    if (!/^pending-.*\.cbor$/.test(name)) continue;
    const decoded = decodeResultMessage(decodeCbor(bytes));
    if (!decoded.ok) throw new Error(decoded.reason);
    out.push(decoded.value);
  }
  return out;
}

/** A user action on a possibly dark screen: raise the wrist first, as a user would. */
export async function userAct(sim: Simulation, act: () => void): Promise<void> {
  await sim.act(() => {
    sim.wake();
    act();
  });
}

/** A user's tap on the element `id`, the wrist raised first (the screen may be dark). */
export function userTap(sim: Simulation, id: string): Promise<void> {
  return userAct(sim, () => sim.tap(id));
}

/** Opens the app, waits `lookAfterMs` and answers No if the resume question shows (a session was left open). */
export async function launchDecliningResume(sim: Simulation, lookAfterMs: number): Promise<void> {
  await sim.act(() => sim.launchWatch());
  await sim.advance(lookAfterMs);
  if (sim.element("resume-no").isVisible()) await userTap(sim, "resume-no");
}

/**
 * Opens the app (3 s for the companion's first routine), then two routine updates from the phone
 * reach the watch out of order: holds of 6 s, held back on the watch's side of the link, and 2.5 s
 * later holds of 7 s, which lands first. `withNewer` runs in the same step as the newer update (e.g.
 * a storage fault for the write-back the older copy causes). Then 20 s for both, and the wrist raised.
 */
export async function routineOvertakenOnTheWay(
  sim: Simulation,
  withNewer: () => void = () => undefined,
): Promise<void> {
  await sim.act(() => sim.launchWatch());
  await sim.advance(3000);
  await sim.act(() => {
    sim.reorderNextTransfers("phone-to-watch", 1);
    sim.phoneSet("holdSeconds", 6);
  });
  // The first copy is on the watch's side of the link (a transfer still queued would be replaced).
  await sim.advance(2500);
  await sim.act(() => {
    sim.phoneSet("holdSeconds", 7);
    withNewer();
  });
  await sim.advance(20000);
  await sim.act(() => sim.wake());
}

/** Launches the watch with the phone out of reach, waits 1 s and starts a session; returns when it started. */
export async function startAwayFromPhone(sim: Simulation): Promise<number> {
  await sim.act(() => {
    sim.setPhoneInReach(false);
    sim.launchWatch();
  });
  await sim.advance(1000);
  const startAt = sim.now;
  await userAct(sim, () => sim.tap("start-button"));
  return startAt;
}
