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
