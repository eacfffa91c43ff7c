// The watch's screens (resources/index.view): one group per screen, shown by style.display.
// Element ids are the automation contract (README "The watch app"); texts are set, never built
// per frame, and nothing here allocates per second beyond the strings it shows.
import document from "document";
// "done": the done screen's id is its phase's name (common/session.ts DONE), written out: home loads no engine.
const DONE = "done";

export type ScreenName = "home" | "session" | "done";
export type DialogName = "abandon-dialog" | "resume-dialog";

const SCREENS: ScreenName[] = ["home", "session", DONE];
/** The dialogs' ids, written once: the app names them often, and the minifier keeps each as one variable. */
export const ABANDON: DialogName = "abandon-dialog";
export const RESUME: DialogName = "resume-dialog";

export function element(id: string): GraphicsElement {
  return document.getElementById(id) as GraphicsElement;
}

export function show(id: string, visible: boolean): void {
  element(id).style.display = visible ? "inline" : "none";
}

export function showScreen(name: ScreenName): void {
  for (let i = 0; i < SCREENS.length; i++) show(SCREENS[i], SCREENS[i] === name);
}

/** The dialog on screen, if any (only showDialog opens and closes them). Read-only outside this module. */
export let openDialog: DialogName | null = null;

/**
 * Opens dialog `name`, its buttons ("<name less dialog>yes", "…no") handed to `tap` (the entry's, Host.tap), or
 * with null closes the one open. The views open with both hidden, and only this shows them, so a dialog
 * never opened is never looked up: each element looked up costs the watch's heap (the fake runtime's for good).
 */
export function showDialog(name: DialogName | null, tap?: (evt: Event) => void): void {
  if (openDialog !== null) show(openDialog, false);
  openDialog = name;
  if (name !== null) {
    show(name, true);
    element(name.replace("dialog", "yes")).onclick = element(name.replace("dialog", "no")).onclick = tap!;
  }
}
