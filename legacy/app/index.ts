// Steady Hold on the older watches (Versa 2 `mira`, Versa `meson`, Versa Lite `gemini`, Ionic
// `higgs`; SDK 4.3.2): the same watch app as Versa 3 and Sense (../../app, ../../common), plus the
// right-hand buttons that Versa and Ionic have: up pauses or resumes, down ends the hold (or skips
// a wait), exactly as tapping the screen and the lower button do. Versa 2 and Versa Lite have only
// the left (back) button, so their screens hide the button labels and keep the touch controls.
// Both buttons go to the part loaded as the taps they stand for (app/index.ts `forward`). Nothing
// else of the app is imported here: the entry must not share a module with a part (app/parts.ts).
import { forward } from "../../app/index";
import { me as device } from "device";
import document from "document";

// Only Versa and Ionic have the right-hand buttons: they get the listener, any other model hides the
// labels (one group in the views). No flag or list kept for the app's lifetime: this runs once, at launch.
if (/^(versa|ionic)$/i.test(device.modelName))
  document.addEventListener("keypress", (evt) => {
    // up or down: the only other keys (back is the app's own)
    if (evt.key !== "back") forward(evt.key === "down" ? "end-hold-button" : "session-tap");
  });
else (document.getElementById("key-hints") as GraphicsElement).style.display = "none";
