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
const DIALOGS: DialogName[] = [ABANDON, RESUME];

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

export function showDialog(name: DialogName | null): void {
  openDialog = name;
  for (let i = 0; i < DIALOGS.length; i++) show(DIALOGS[i], DIALOGS[i] === name);
}
