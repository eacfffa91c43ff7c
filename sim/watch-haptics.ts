// The watch's `haptics` module: each vibration is recorded on the timeline; an unknown pattern
// throws, as on the watch.
import { Realm } from "./realm";
import { WatchHost } from "./watch-host";

export const VIBRATION_PATTERNS = [
  "alert",
  "bump",
  "confirmation",
  "confirmation-max",
  "nudge",
  "nudge-max",
  "ping",
  "ring",
];

export function makeHaptics(realm: Realm, host: WatchHost): Record<string, unknown> {
  const vibration = {
    start: (pattern: unknown): boolean => {
      if (typeof pattern !== "string" || VIBRATION_PATTERNS.indexOf(pattern) < 0) {
        throw new realm.intrinsics.TypeError(`Invalid vibration pattern: ${String(pattern)}`);
      }
      host.record({ type: "vibrate", pattern });
      return true;
    },
    stop: (): void => undefined,
  };
  return { vibration };
}
