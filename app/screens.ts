// The watch's screens (resources/index.view): one group per screen, shown by style.display.
// Element ids are the automation contract (README "The watch app"); texts are set, never built
// per frame, and nothing here allocates per second beyond the strings it shows.
import document from "document";
import { ScreenText } from "../common/screen-text";
// "done": the done screen's id is its phase's name (common/session.ts DONE), written out: home loads no engine.
const DONE = "done";

export type ScreenName = "home" | "session" | "done";
export type DialogName = "abandon-dialog" | "resume-dialog";

const SCREENS: ScreenName[] = ["home", "session", DONE];
/** The dialogs' ids, written once: the app names them often, and the minifier keeps each as one variable. */
export const ABANDON: DialogName = "abandon-dialog";
export const RESUME: DialogName = "resume-dialog";
const DIALOGS: DialogName[] = [ABANDON, RESUME];
const STEADY_BAR_WIDTH = 240;
// Ids the screens name twice, written once (the minifier keeps each as one variable).
const TITLE = "phase-title";
const INSTRUCTION = "phase-instruction";
const STEADY_BAR = "steady-bar";

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

/**
 * `steadiness` is the running hold's score (0–100) or -1 (none yet, or not a hold); the bar is
 * calm on purpose: it only grows and shrinks, bounces are called out by `bounce-text`.
 */
export function renderSession(text: ScreenText, holding: boolean, steadiness: number, bounceShown: boolean): void {
  element(TITLE).text = text.title;
  element("rep-text").text = text.rep;
  element("countdown").text = text.countdown;
  element(INSTRUCTION).text = text.instruction;
  element("end-hold-label").text = holding ? "End hold" : "Skip";
  show(INSTRUCTION, !bounceShown);
  show("bounce-text", bounceShown);
  show(STEADY_BAR, holding && steadiness >= 0);
  if (steadiness >= 0) element(STEADY_BAR).width = Math.max(4, Math.round((STEADY_BAR_WIDTH * steadiness) / 100));
  showScreen("session");
}
