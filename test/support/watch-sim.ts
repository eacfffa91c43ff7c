// What the watch tests do to the simulated Fitbit watch again and again: read the results it keeps
// for the phone, act as a user would (raise the wrist, then touch), start a session from home.
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
