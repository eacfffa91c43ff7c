// Drawing on the 176×176 screen, below the widget bar. Each screen is drawn whole (the session
// redraws once a second, cheap on a memory LCD), with Espruino's scalable Vector font.
import { ScreenText } from "../../../common/screen-text";

const W = 176;
const TOP = 24; // widget bar
const CENTER = W / 2;

/** The fonts draw ASCII; the engine's texts use a few typographic characters. */
function ascii(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += c < 127 ? text.charAt(i) : c === 215 ? "x" : "-"; // × → x; · – — → -
  }
  return out;
}

function begin(): void {
  g.reset();
  g.clearRect(0, TOP, W - 1, W - 1);
  g.setFontAlign(0, 0);
}

/** Draws `text` wrapped to the screen width from `y` down, in the 6x8 font at `scale`. */
function drawWrapped(text: string, y: number, scale: number): void {
  g.setFont("6x8", scale);
  const lines = g.wrapString(ascii(text), W - 8);
  for (let i = 0; i < lines.length; i++) g.drawString(lines[i], CENTER, y + i * 9 * scale);
}

/** `setAside`: results kept on the watch that will never be sent (damaged, or not sendable): never "All synced" then. */
/**
 * `pending`: results to send; `waiting`: recorded before the clock was set, sent once it is (the web
 * companion sets it on connecting); `setAside`: kept but never sent (damaged).
 */
/** `unkept`: a finished session's result the full flash refused is kept in memory only (leaving loses it). */
export function renderHome(summary: string, pending: number, waiting: number, setAside: number, unkept: boolean): void {
  begin();
  g.setFont("Vector", 24).drawString("Steady Hold", CENTER, TOP + 18);
  const toSync = pending + waiting;
  const status: string[] = [];
  if (toSync > 0) status.push(toSync + " result" + (toSync > 1 ? "s" : "") + " to sync");
  else if (setAside === 0) status.push("All synced");
  if (waiting > 0) status.push(waiting + " wait" + (waiting > 1 ? "" : "s") + " for the time");
  if (setAside > 0) status.push(setAside + " kept, not sent");
  if (unkept) status.push("Last session not kept");
  // Three status lines fit above "Tap to start"; with a fourth the summary is drawn at half size, whole.
  const crowded = status.length > 3;
  drawWrapped(summary, TOP + 50, crowded ? 1 : 2);
  g.setFont("6x8", 1);
  for (let i = 0; i < status.length; i++) g.drawString(status[i], CENTER, TOP + (crowded ? 96 : 104) + i * 10);
  g.setFont("Vector", 20).drawString("Tap to start", CENTER, TOP + 140);
}

/** `warning`: shown in place of the instruction's last line while running (a save the flash refused), or "". */
export function renderSession(text: ScreenText, bouncing: boolean, paused: boolean, warning: string): void {
  begin();
  g.setFont("Vector", 24).drawString(text.title, CENTER, TOP + 16);
  g.setFont("Vector", 18).drawString(ascii(text.rep), CENTER, TOP + 40);
  g.setFont("Vector", 64).drawString(text.countdown, CENTER, TOP + 86);
  // Paused first: a pause right after a warning must say so, not show the banner over a frozen countdown.
  if (paused) {
    g.setFont("Vector", 22).drawString("Paused", CENTER, TOP + 126);
    g.setFont("6x8", 1).drawString("Tap: go on - Button: end", CENTER, TOP + 144);
  } else if (bouncing) {
    g.setColor(1, 0, 0).fillRect(0, TOP + 120, W - 1, W - 1);
    g.setColor(1, 1, 1)
      .setFont("Vector", 20)
      .drawString("Bouncing!", CENTER, TOP + 131); // its g clear of the line below
    g.setFont("6x8", 1).drawString("Ease off, hold still", CENTER, TOP + 144);
  } else {
    g.setFont("6x8", 1);
    const lines = g.wrapString(ascii(text.instruction), W - 8);
    const room = warning === "" ? 4 : 3;
    for (let i = 0; i < lines.length && i < room; i++) g.drawString(lines[i], CENTER, TOP + 122 + i * 9);
    if (warning !== "") g.drawString(warning, CENTER, TOP + 149);
  }
}

/** The end of a session: `hints` say what tap and button do (one or two lines). */
export function renderDone(title: string, lines: string[], hints: string[]): void {
  begin();
  g.setFont("Vector", 26).drawString(title, CENTER, TOP + 20);
  g.setFont("6x8", 2);
  for (let i = 0; i < lines.length; i++) g.drawString(ascii(lines[i]), CENTER, TOP + 54 + i * 20);
  g.setFont("6x8", 1);
  for (let i = 0; i < hints.length; i++) g.drawString(hints[i], CENTER, TOP + 136 + i * 10);
}

/** Why a session did not start (at home); the next tap tries again. */
export function renderRefused(title: string, lines: string[]): void {
  begin();
  g.setFont("Vector", 24).drawString(title, CENTER, TOP + 20);
  g.setFont("6x8", 2);
  for (let i = 0; i < lines.length; i++) g.drawString(ascii(lines[i]), CENTER, TOP + 54 + i * 20);
  g.setFont("6x8", 1).drawString("Tap: try again", CENTER, TOP + 140);
}
