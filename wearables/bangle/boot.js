/* eslint-disable no-var -- Espruino 2v29 has no block scoping (docs/bangle.md "Build") */
// Steady Hold boot code (installed as steadyhold.boot.js; Bangle.js runs it at every start-up and
// every app switch). While the watch's clock is not set (before 2020: Espruino counts from 1970
// after a power loss) and results wait for it, it notes a power loss: a reading below the latest
// one the app noted means the clock started again from zero, so those results belong to an
// earlier timeline and will not be moved by a later correction (common/clock-correction.ts
// noteUnsetClock; docs/bangle.md "A clock that was never set"). It runs seconds after power-up,
// before the watch has run long enough to hide the loss. Plain ES5, no allocation beyond one read.
(function () {
  var now = Date.now();
  if (now >= 1577836800000) return;
  var storage = require("Storage");
  var timeline = storage.readJSON("steadyhold.clock.json", true);
  if (!timeline || typeof timeline.number !== "number" || typeof timeline.latestMs !== "number") return;
  if (now < timeline.latestMs) {
    try {
      storage.writeJSON("steadyhold.clock.json", { number: timeline.number + 1, latestMs: now });
    } catch (e) {
      // The flash is full (the firmware throws): start-up goes on; the app sees the loss at launch
      // only if its clock still reads less than the latest reading noted.
    }
  }
})();
