// The watch's screens (resources/index.view): one group per screen, shown by style.display.
// Element ids are the automation contract (README "The watch app"); texts are set, never built
// per frame, and nothing here allocates per second beyond the strings it shows.
import document from "document";
import { ScreenText } from "../common/screen-text";

export type ScreenName = "home" | "session" | "done";
export type DialogName = "abandon-dialog" | "resume-dialog";

const SCREENS: ScreenName[] = ["home", "session", "done"];
const DIALOGS: DialogName[] = ["abandon-dialog", "resume-dialog"];
const STEADY_BAR_WIDTH = 240;

function element(id: string): GraphicsElement {
  return document.getElementById(id) as GraphicsElement;
}

function show(id: string, visible: boolean): void {
  element(id).style.display = visible ? "inline" : "none";
}

function setText(id: string, text: string): void {
  element(id).text = text;
}

export function onClick(id: string, handler: () => void): void {
  element(id).addEventListener("click", handler);
}

export function showScreen(name: ScreenName): void {
  for (let i = 0; i < SCREENS.length; i++) show(SCREENS[i], SCREENS[i] === name);
}

export function showDialog(name: DialogName | null): void {
  for (let i = 0; i < DIALOGS.length; i++) show(DIALOGS[i], DIALOGS[i] === name);
}

export function isDialogOpen(name: DialogName): boolean {
  return element(name).style.display === "inline";
}

/** Sets the home screen's texts; they may change while another screen shows (a routine arrives). */
export function renderHome(summary: string, today: string, sync: string): void {
  setText("routine-summary", summary);
  setText("today-text", today);
  setText("sync-text", sync);
}

/**
 * `steadiness` is the running hold's score (0–100) or -1 (none yet, or not a hold); the bar is
 * calm on purpose: it only grows and shrinks, bounces are called out by `bounce-text`.
 */
export function renderSession(text: ScreenText, holding: boolean, steadiness: number, bounceShown: boolean): void {
  setText("phase-title", text.title);
  setText("rep-text", text.rep);
  setText("countdown", text.countdown);
  setText("phase-instruction", text.instruction);
  setText("end-hold-label", holding ? "End hold" : "Skip");
  show("phase-instruction", !bounceShown);
  show("bounce-text", bounceShown);
  show("steady-bar", holding && steadiness >= 0);
  if (steadiness >= 0) element("steady-bar").width = Math.max(4, Math.round((STEADY_BAR_WIDTH * steadiness) / 100));
  showScreen("session");
}

export function renderDone(summary: string): void {
  setText("phase-title", "Done"); // the phase contract (README) reads phase-title on every screen
  setText("done-summary", summary);
  showScreen("done");
}
