// Steady Hold on the older watches (Versa 2 `mira`, Versa `meson`, Versa Lite `gemini`, Ionic
// `higgs`; SDK 4.3.2): the same watch app as Versa 3 and Sense (../../app, ../../common). Versa and
// Ionic also have the right-hand buttons: up pauses or resumes, down ends the hold (or skips a
// wait), exactly as tapping the screen and the lower button do (the entry, app/index.ts, hands them
// on). Versa 2 and Versa Lite have only the left (back) button, so their screens hide the button
// labels and keep the touch controls. Nothing else of the app is imported here: the entry must not
// share a module with a part (app/parts.ts).
import "../../app/index";
import { me as device } from "device";
import document from "document";

// The labels are one group in the views. No flag kept for the app's lifetime: this runs once, at launch.
if (!/^(versa|ionic)$/i.test(device.modelName))
  (document.getElementById("key-hints") as GraphicsElement).style.display = "none";
