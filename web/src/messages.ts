// Plain-words messages for everything that can stop a connection. Pure (the environment is passed
// in) so every branch is unit-tested; the page only shows what these return.

export interface BluetoothEnvironment {
  /** `"bluetooth" in navigator` */
  hasWebBluetooth: boolean;
  /** `window.isSecureContext`: Web Bluetooth exists only on https:// and http://localhost pages. */
  isSecureContext: boolean;
  /** `location.protocol + "//" + location.host`, shown in the insecure-origin message. */
  origin: string;
}

export const SIMULATED_HINT = "You can still try the whole app with the simulated watch below.";

/** Null when a connection can be tried; otherwise why not, in words a user can act on. */
export function bluetoothUnavailableReason(env: BluetoothEnvironment): string | null {
  if (env.hasWebBluetooth) return null;
  if (!env.isSecureContext) {
    return (
      "Web Bluetooth only works on a secure page, and " +
      env.origin +
      " is not one. Open the app over https:// or from http://localhost " +
      "(see docs/web.md for opening it from a phone). " +
      SIMULATED_HINT
    );
  }
  return (
    "This browser has no Web Bluetooth (Firefox and Safari do not offer it). Use Chrome, Edge or Opera on Android, Windows, macOS, " +
    "ChromeOS or Linux. " +
    SIMULATED_HINT
  );
}

/** The message when navigator.bluetooth.getAvailability() says no adapter is usable. */
export const BLUETOOTH_OFF_MESSAGE =
  "Bluetooth is off or this device has no Bluetooth adapter. Turn Bluetooth on and press Connect again.";

/** Thrown by the companion when the wearable speaks a profile major this page does not know. */
export class ProfileVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProfileVersionError";
  }
}

/** A failed connection attempt (requestDevice, gatt.connect, discovery, the version check) in plain words. */
export function describeConnectError(error: unknown): string {
  const name = errorName(error);
  if (name === "ProfileVersionError") return errorMessage(error);
  // The browser's messages end with a full stop of their own; each sentence here adds its own.
  const message = errorMessage(error).replace(/\.$/, "");
  if (name === "NotFoundError") {
    if (/cancel/i.test(message))
      return "No watch was chosen. Press Connect, then pick your watch in the browser's list.";
    if (/adapter/i.test(message)) return BLUETOOTH_OFF_MESSAGE;
    if (/service/i.test(message))
      return "This device does not offer the Steady Hold service. Is the Steady Hold app open on the watch?";
    return "The watch was not found (" + message + "). Check that it is close by and the Steady Hold app is open.";
  }
  if (name === "NotAllowedError")
    return (
      "The browser did not allow Bluetooth access (" +
      message +
      "). Allow it in the site settings and press Connect again."
    );
  if (name === "SecurityError")
    return (
      "The browser blocked Bluetooth on this page (" + message + "). Open the app over https:// or from localhost."
    );
  if (name === "NetworkError")
    return "The watch could not be reached or the link dropped (" + message + "). Bring it closer and try again.";
  if (name === "NotSupportedError") return "The watch refused an operation (" + message + ").";
  if (name === "InvalidStateError") return "Bluetooth is busy or off (" + message + "). Turn it on and try again.";
  return "Could not connect: " + (message || name || "unknown error") + ".";
}

export function errorName(error: unknown): string {
  try {
    return error !== null && typeof error === "object" && typeof (error as { name?: unknown }).name === "string"
      ? (error as { name: string }).name
      : "";
  } catch (e) {
    return "";
  }
}

export function errorMessage(error: unknown): string {
  try {
    if (error !== null && typeof error === "object" && typeof (error as { message?: unknown }).message === "string")
      return (error as { message: string }).message;
    return String(error);
  } catch (e) {
    return "unknown error";
  }
}
