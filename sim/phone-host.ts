// What the simulation gives the phone's runtimes (companion runs and the settings page), on top of
// what every simulated runtime gets (sim/host.ts): the phone's storage and its wall clock.
import { AppHost } from "./host";
import { StorageData } from "./storage";
import { SideClock } from "./faults";

export interface PhoneState {
  settings: StorageData;
  local: StorageData;
  /** Files from the watch not yet popped by the companion. */
  inbox: Array<{ name: string; bytes: Uint8Array }>;
}

export interface PhoneHost extends AppHost {
  state: PhoneState;
  /** The phone's wall clock and time zone. */
  wallClock: SideClock;
}
