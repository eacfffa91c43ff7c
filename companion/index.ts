// Companion entry: wires the real Fitbit phone modules into PhoneSync (companion/phone-sync.ts).
// The mobile app wakes us for settings changes and incoming files and unloads us soon after.
import { me } from "companion";
import { settingsStorage } from "settings";
import { localStorage } from "local-storage";
import { inbox, outbox } from "file-transfer";
import { encode } from "cbor";
import { PhoneSync } from "./phone-sync";

const sync = new PhoneSync({
  settings: settingsStorage,
  local: localStorage,
  send: (name, payload) => outbox.enqueue(name, encode(payload)),
  nextFile: () => inbox.pop(),
  now: () => Date.now(),
  tzOffsetMinutes: (atMs) => (atMs === undefined ? new Date() : new Date(atMs)).getTimezoneOffset(),
  warn: (message) => console.warn(message),
  log: (message) => console.log(message),
});

settingsStorage.addEventListener("change", (event) => {
  sync.onSettingsChange(event.key);
});
inbox.addEventListener("newfile", () => {
  sync.drainInbox();
});
if (me.launchReasons.fileTransfer) console.log("Steady Hold: woken by a file transfer");
sync.start();
