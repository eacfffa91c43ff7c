// Steady Hold on the older watches (Versa 2 `mira`, Versa `meson`, Versa Lite `gemini`, Ionic
// `higgs`; SDK 4.3.2): the same watch app as Versa 3 and Sense (../../app, ../../common), plus the
// right-hand buttons that Versa 2, Versa and Ionic have: up pauses or resumes, down ends the hold
// (or skips a wait), exactly as tapping the screen and the lower button do. Versa Lite has only
// the left (back) button, so its screen hides the button labels and keeps the touch controls.
// Both buttons go through the session runner's one `control`, as the taps do.
import "../../app/index";
import { me as device } from "device";
import document from "document";
import { show } from "../../app/screens";
import { control } from "../../app/session-runner";

// Versa Lite has no right-hand buttons: hide their labels (one group in the views). The others get
// the listener (no flag or list kept for the app's lifetime: this runs once, at launch).
if (/lite/i.test(device.modelName)) show("key-hints", false);
else
  document.addEventListener("keypress", (evt) => {
    if (evt.key !== "back") control(evt.key === "down"); // up or down: the only other keys (back is the app's own)
  });
