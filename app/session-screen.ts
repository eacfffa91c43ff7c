// The session screen (resources/index.view's "session" group), drawn by the session part only: its
// own module, so home does not load it (code the two parts share is loaded with each, app/parts.ts).
import { ScreenText } from "../common/screen-text";
import { element, show, showScreen } from "./screens";

const STEADY_BAR_WIDTH = 240;
// Ids this screen names twice, written once (the minifier keeps each as one variable).
const TITLE = "phase-title";
const INSTRUCTION = "phase-instruction";
const STEADY_BAR = "steady-bar";

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
