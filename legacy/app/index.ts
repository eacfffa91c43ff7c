// Steady Hold on the older watches (Versa 2 `mira`, Versa `meson`, Versa Lite `gemini`, Ionic
// `higgs`; SDK 4.3.2): the same watch app as Versa 3 and Sense (../../app, ../../common), plus the
// right-hand buttons that Versa and Ionic have: up pauses or resumes, down ends the hold (or skips
// a wait), exactly as tapping the screen and the lower button do. Versa 2 and Versa Lite have only
// the left (back) button, so their screens hide the button labels and keep the touch controls.
// Both buttons go through the session runner's one `control`, as the taps do.
import "../../app/index";
import { me as device } from "device";
import document from "document";
import { show } from "../../app/screens";
import { control } from "../../app/session-runner";

// Only Versa and Ionic have the right-hand buttons: they get the listener, any other model hides the
// labels (one group in the views). No flag or list kept for the app's lifetime: this runs once, at launch.
if (/^(versa|ionic)$/i.test(device.modelName))
  document.addEventListener("keypress", (evt) => {
    if (evt.key !== "back") control(evt.key === "down"); // up or down: the only other keys (back is the app's own)
  });
else show("key-hints", false);
