// The companion's services for phone tests that watch only its stores: a fixed clock (the phone at
// UTC+1), an inbox the test fills, transfers to the watch that go nowhere, warnings and logs dropped.
import type { SessionResult } from "../../common/result";
import type { IncomingFile, KeyValueStore, PhoneServices } from "../../companion/phone-services";
import { completedSession } from "./builders";

/** The phone's clock in these tests: 5 January 2026, 09:00 UTC. */
export const PHONE_NOW = Date.UTC(2026, 0, 5, 9);

/** A completed session of the default routine that started `minutesAgo` minutes before PHONE_NOW. */
export function sessionMinutesAgo(id: string, minutesAgo: number): SessionResult {
  return completedSession(id, PHONE_NOW - minutesAgo * 60000);
}

/** PhoneServices over the given stores at PHONE_NOW; `nextFile` takes the files the test pushes to `inbox`, first in first out. */
export function quietPhoneServices(
  settings: KeyValueStore,
  local: KeyValueStore,
  inbox: IncomingFile[],
): PhoneServices {
  return {
    settings,
    local,
    send: async () => undefined,
    nextFile: async () => inbox.shift(),
    now: () => PHONE_NOW,
    tzOffsetMinutes: () => -60,
    warn: () => undefined,
    log: () => undefined,
  };
}
