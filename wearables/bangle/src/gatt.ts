// Publishes the Steady Hold GATT profile (docs/gatt-profile.md) with NRF.setServices. The profile's
// logic is the shared GattPeripheral (common/gatt-peripheral.ts); this file is its host on the
// watch (Storage, the session runner, the clock) and its transport (values pushed with
// NRF.updateServices, since Espruino serves stored values and cannot answer a read with code).
// Every write is bounded by maxLen and decoded as bytes; nothing received is evaluated as code.
// The Nordic UART service stays on: it is how the App Loader and the Web IDE reach the watch.
import {
  CHARACTERISTIC_KEYS,
  CHARACTERISTIC_UUIDS,
  CHUNK_HEADER_LENGTH,
  CharacteristicKey,
  LIVE_STATE_LENGTH,
  MAX_CHUNK_PAYLOAD,
  MAX_CONTROL_WRITE_LENGTH,
  PROFILE_VERSION_LENGTH,
  RESPONSE_CODE,
  ROUTINE_VALUE_LENGTH,
  SERVICE_UUID,
  SessionCommand,
} from "../../../common/gatt-profile";
import { GattPeripheral, PeripheralHost, applySessionCommand, liveFieldsOf } from "../../../common/gatt-peripheral";
import { Routine } from "../../../common/routine";
import { makeSessionId } from "../../../common/result";
import { newSession } from "../../../common/session";
import {
  applyStep,
  clockMoved,
  currentSession,
  endForgottenPause,
  isBouncingNow,
  isRunning,
  mayStart,
  wallNow,
} from "./runner";
import { deleteResult, pendingIds, readRecord, saveRoutine, setAsideResult } from "./store";
import { clockJumped } from "./clock";
import { wholeNow } from "./time";

/** Longest value of each characteristic (and so the longest write it accepts). */
const MAX_LENGTH: { [K in CharacteristicKey]: number } = {
  version: PROFILE_VERSION_LENGTH,
  routine: ROUTINE_VALUE_LENGTH,
  results: CHUNK_HEADER_LENGTH + MAX_CHUNK_PAYLOAD,
  live: LIVE_STATE_LENGTH,
  control: MAX_CONTROL_WRITE_LENGTH,
};
const NOTIFYING: { [K in CharacteristicKey]: boolean } = {
  version: false,
  routine: false,
  results: false,
  live: true,
  control: true,
};
const WRITABLE: { [K in CharacteristicKey]: boolean } = {
  version: false,
  routine: true,
  results: true,
  live: false,
  control: true,
};

export interface GattApp {
  routine(): Routine;
  useRoutine(routine: Routine): void;
  steadiness(): number;
  /** A result left the queue (acknowledged): the home screen's count changes. */
  queueChanged(): void;
}

let peripheral: GattPeripheral | null = null;
let canUpdate = true;

/** Pushes the new values of `keys` to the radio, notifying subscribers where the profile says so (unless `quiet`). */
function push(keys: CharacteristicKey[], quiet?: boolean): void {
  if (peripheral === null || keys.length === 0) return;
  if (typeof NRF.updateServices !== "function") {
    if (canUpdate) console.log("gatt: NRF.updateServices is missing; values stay as published");
    canUpdate = false;
    return;
  }
  const chars: { [uuid: string]: { value: Uint8Array; notify?: boolean } } = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    chars[CHARACTERISTIC_UUIDS[key]] =
      NOTIFYING[key] && !quiet ? { value: peripheral.value(key), notify: true } : { value: peripheral.value(key) };
  }
  const services: { [uuid: string]: typeof chars } = {};
  services[SERVICE_UUID] = chars;
  try {
    NRF.updateServices(services);
  } catch (e) {
    // No central, or a notification before the central subscribed: the value is still stored for reads.
    console.log("gatt: update " + keys.join(",") + ": " + e);
  }
}

function onWrite(key: CharacteristicKey): (evt: { data: ArrayBuffer }) => void {
  return (evt) => {
    if (peripheral === null) return;
    const changed = peripheral.write(key, evt.data, wallNow());
    // Espruino keeps the bytes a central wrote as the characteristic's value: put the served value
    // back even when the write changed nothing (a rejected routine, a cursor to the same chunk).
    if (changed.indexOf(key) < 0) changed.push(key);
    push(changed);
  };
}

function control(command: SessionCommand, nowMs: number, app: GattApp): number {
  // As from the screen: no session starts over a finished result the full flash has not kept, nor
  // without room kept for its result (runner.ts mayStart), and the watch's screen says why.
  if (command === "start" && !isRunning() && !mayStart(app.routine())) return RESPONSE_CODE.NOT_ALLOWED;
  // As a tap would: a session paused too long has ended where its pause began. END asked for that end.
  if (endForgottenPause(nowMs) && command === "end") return RESPONSE_CODE.SUCCESS;
  const outcome = applySessionCommand(currentSession(), command, nowMs, () =>
    newSession(app.routine(), makeSessionId(nowMs, Math.random())),
  );
  if (outcome.step !== null) applyStep(outcome.step, nowMs);
  return outcome.code;
}

/** Publishes the service and starts answering; call once at start-up. */
export function startGatt(app: GattApp): void {
  const host: PeripheralHost = {
    resultIds: pendingIds,
    readResult: readRecord,
    deleteResult: (id) => {
      deleteResult(id);
      app.queueChanged();
    },
    setAsideResult: setAsideResult,
    routine: () => app.routine(),
    setRoutine: (routine) => {
      // Not kept on flash (full): refused, so the companion knows and the next launch agrees with it.
      if (!saveRoutine(routine)) return false;
      app.useRoutine(routine);
      return true;
    },
    control: (command, nowMs) => control(command, nowMs, app),
    setClock: (nowMs, utcOffsetMinutes) => {
      const before = wholeNow();
      setTime(nowMs / 1000);
      E.setTimeZone(utcOffsetMinutes / 60);
      const deltaMs = wholeNow() - before;
      clockMoved(deltaMs);
      clockJumped(deltaMs); // results recorded before the clock was ever set are placed by it
    },
    log: (message) => console.log(message),
  };
  const p = new GattPeripheral(host);
  peripheral = p;
  const chars: { [uuid: string]: CharacteristicSpec } = {};
  for (let i = 0; i < CHARACTERISTIC_KEYS.length; i++) {
    const key = CHARACTERISTIC_KEYS[i];
    const spec: CharacteristicSpec = {
      value: p.value(key),
      maxLen: MAX_LENGTH[key],
      readable: true,
      description: "Steady Hold " + key,
    };
    if (WRITABLE[key]) {
      spec.writable = true;
      spec.onWrite = onWrite(key);
    }
    if (NOTIFYING[key]) spec.notify = true;
    chars[CHARACTERISTIC_UUIDS[key]] = spec;
  }
  const services: { [uuid: string]: typeof chars } = {};
  services[SERVICE_UUID] = chars;
  NRF.setServices(services, { advertise: [SERVICE_UUID], uart: true });
  NRF.on("connect", () => {
    push(p.connected());
    push(["live"], true); // the countdown as it stands now, for a central that reads before a notification
  });
}

/**
 * The session changed or a second passed (each redraw): a change the profile notifies (phase, pause,
 * bounce) is pushed with a notification; the countdown and steadiness alone update the readable value
 * quietly, so a central that polls does not count down from a stale value.
 */
export function gattSessionChanged(routine: Routine, app: GattApp): void {
  if (peripheral === null) return;
  const nowMs = wallNow();
  const before = peripheral.value("live");
  const notify = peripheral.setLive(
    liveFieldsOf(currentSession(), routine, nowMs, { bouncingNow: isBouncingNow(nowMs), steadiness: app.steadiness() }),
  );
  if (notify) push(["live"]);
  else if (peripheral.value("live") !== before) push(["live"], true);
}

/** A result was stored (or the queue changed on the watch): the Results value may show it now. */
export function gattResultsChanged(): void {
  if (peripheral !== null && peripheral.resultsChanged()) push(["results"]);
}
