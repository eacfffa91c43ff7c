// The watch's fixed facts: the `device`, `user-settings` and `power` modules, the same in every run.
import { FakeEventTarget } from "./events";
import { Realm } from "./realm";

/** The watch of each build target: `device.me.modelName` and screen size. */
const MODELS: Record<string, { name: string; width: number; height: number }> = {
  atlas: { name: "Versa 3", width: 336, height: 336 },
  vulcan: { name: "Sense", width: 336, height: 336 },
  mira: { name: "Versa 2", width: 300, height: 300 },
  meson: { name: "Versa", width: 300, height: 300 },
  gemini: { name: "Versa Lite", width: 300, height: 300 },
  higgs: { name: "Ionic", width: 348, height: 250 },
};

/** `device` of the build target (an unknown target is a Versa 3). */
export function makeDevice(realm: Realm, target: string): Record<string, unknown> {
  const model = MODELS[target] ?? MODELS.atlas;
  return {
    me: realm.adopt({
      modelName: model.name,
      modelId: "sim-" + target,
      type: target,
      screen: { width: model.width, height: model.height },
      bodyColor: "black",
      firmwareVersion: "simulated",
    }),
  };
}

/** `user-settings`: a metric, 24-hour, English-speaking user. */
export function makeUserSettings(realm: Realm): Record<string, unknown> {
  return realm.adopt({
    preferences: { clockDisplay: "24h", firstDayOfWeek: 1 },
    locale: { language: "en-US" },
    units: {
      bodyWeight: "metric",
      distance: "metric",
      height: "metric",
      speed: "metric",
      temperature: "C",
      volume: "metric",
      weight: "metric",
    },
    exercise: { poolLength: 25 },
  }) as Record<string, unknown>;
}

/** `power`: 80 % charged, not on the charger. */
export function makePower(realm: Realm): Record<string, unknown> {
  return {
    battery: Object.assign(new FakeEventTarget(realm), { chargeLevel: 80, charging: false, timeUntilFull: 0 }),
    charger: Object.assign(new FakeEventTarget(realm), { connected: false, powerIsGood: undefined }),
  };
}
