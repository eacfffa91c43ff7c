// Steady Hold on the older watches (Versa 2 `mira`, Versa `meson`, Versa Lite `gemini`, Ionic
// `higgs`; SDK 4.3.2): the same watch app as Versa 3 and Sense (../../app, ../../common), plus the
// right-hand buttons that Versa 2, Versa and Ionic have: up pauses or resumes, down ends the hold
// (or skips a wait), exactly as tapping the screen and the lower button do. Versa Lite has only
// the left (back) button, so its screen hides the button labels and keeps the touch controls.
import "../../app/index";
import { me as device } from "device";
import document from "document";
import { endHoldOrSkip, togglePause } from "../../app/session-runner";

const HAS_RIGHT_BUTTONS = !/lite/i.test(device.modelName);

if (!HAS_RIGHT_BUTTONS) {
  const hints = ["key-up-hint", "key-down-hint"];
  for (let i = 0; i < hints.length; i++) (document.getElementById(hints[i]) as GraphicsElement).style.display = "none";
}

document.addEventListener("keypress", (evt) => {
  if (!HAS_RIGHT_BUTTONS) return;
  if (evt.key === "up") togglePause();
  else if (evt.key === "down") endHoldOrSkip();
});
