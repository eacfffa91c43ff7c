// What the simulation gives every simulated runtime (watch app, companion, settings page).
import { VirtualClock } from "./clock";
import { Link } from "./link";
import { MessageEndpoint } from "./messaging";

export interface AppHost {
  clock: VirtualClock;
  random: () => number;
  jitterMs: number;
  link: Link;
  messaging: MessageEndpoint;
  record(event: Record<string, unknown>): void;
  log(level: string, text: string): void;
  invoke(where: string, what: string, fn: () => void): void;
  /** Records that the app used something the simulator does not fake; returns the error to throw. */
  gap(message: string): Error;
}

/** The app's id (package.json fitbit.appUUID): `me.applicationId` on the watch and on the phone. */
export const APPLICATION_ID = "5c1e7a3e-4b8f-4f0e-9d0a-2f6f1c9b7a11";
