// Steady Hold on the watch: the entry. It owns every listener (taps, buttons, files from the phone,
// the screen, unload) and hands each event to the part of the app that is loaded: home or the
// session (app/parts.ts). Only one part's code is in the watch's heap at a time; a part is loaded
// with a dynamic import, which both SDKs keep as its own file on the watch. Nothing here imports
// app code: a part that required this file would run it again (Fitbit OS has no module cache).
// Nor does it export anything: the watch's fake runtimes run the entry as a plain script.
// See README "The watch app" and docs/watches.md "Two parts".
import { me } from "appbit";
import { me as device } from "device";
import { display } from "display";
import document from "document";
import { FileTransfer, inbox } from "file-transfer";
import type { Handover, Host, Part, PartName } from "./parts";

/**
 * The elements whose taps go to the part loaded (README "The watch app": the automation contract). The
 * dialogs' buttons are set as a dialog opens (Host.tap), "close-button" when "load-failed" is shown: an
 * element looked up costs the heap (in the fake runtime for good), and most runs never show them.
 */
const TAPPED = ["start-button", "session-tap", "end-hold-button", "done-button"];

let part: Part | null = null;
/** Loads asked for so far: a part that asks for another while it starts is not kept. */
let loads = 0;

/**
 * Hands `event` to the part loaded; false while none is, or when it did not handle a back press.
 * While a part loads (the rest of the step that asked for it: the load is a promise job) or after
 * none could load, events are dropped, and nothing is lost: a file from the phone waits in the inbox,
 * which home reads whenever it starts, and the session part leaves to home; each part reads the
 * screen's state (`display.on`) as it starts; a tap was aimed at the screen being replaced; the part
 * that hands over has saved all it holds first, so an `unload` finds nothing only in memory.
 */
function forward(event: string): boolean {
  if (event === "close-button") me.exit(); // on "load-failed", the only screen with it
  return part !== null && part(event);
}

const host: Host = {
  load(name: PartName, handover: Handover): void {
    part = null; // the old part's code is garbage once its own timers and sensors are stopped
    const load = ++loads;
    const importPart = () => (name === "session" ? import("./session-runner") : import("./home"));
    // A part that fails to load (its parse ran out of heap, a damaged file) is loaded once more: the
    // part left is garbage not yet collected while the next parses, and the failed parse collected
    // it only part-way through, so near the limit the second parse fits (tools/part-load-retry.sh).
    importPart()
      .catch(importPart)
      .then((loaded) => {
        const started = loaded.start(host, handover);
        if (load === loads) part = started;
      })
      .catch((e) => {
        console.error("app: " + name + ": " + e); // a promise would swallow it
        // Said on screen, with the way out (Close, or back). Nothing is lost: what a session left is
        // on storage ("session.cbor", results, parked files), and the next launch carries on from it.
        (document.getElementById("load-failed") as GraphicsElement).style.display = "inline";
        (document.getElementById("close-button") as GraphicsElement).onclick = relay;
        me.appTimeoutEnabled = true; // nothing runs: the OS may close the app
      });
  },
  watchTransfer(transfer: FileTransfer): void {
    transfer.onchange = () => {
      if (transfer.readyState === "error") forward("send-failed");
    };
  },
  tap: relay,
};

/**
 * One listener for every tap and for the app's own events, rather than a closure each (each costs the
 * watch heap for the whole run): a part is told a tapped element's id, or the event's type ("unload",
 * "newfile", "change": the screen went on or off).
 */
function relay(evt: Event): void {
  forward(evt.type === "click" ? (evt.target as unknown as GraphicsElement).id : evt.type);
}

// Handler properties (`onclick`, `onunload`, …), not addEventListener: a listener list costs an object
// and an array more on every element and emitter, kept for the whole run.
TAPPED.forEach((id) => ((document.getElementById(id) as GraphicsElement).onclick = relay));
// Up and down: only Versa and Ionic have them (legacy/app/index.ts), as a tap on the screen and on the lower button.
const rightButtons = /^(versa|ionic)$/i.test(device.modelName);
document.onkeypress = (evt) => {
  if (evt.key !== "back") {
    if (rightButtons) forward(evt.key === "down" ? "end-hold-button" : "session-tap");
  } else if (forward("back")) evt.preventDefault(); // handled: the app stays open
};
me.onunload = relay;
inbox.onnewfile = relay;
display.onchange = relay;
host.load("home", { unsaved: [] });
