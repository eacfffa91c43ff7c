// Helpers for the heap drivers (plain ES5: they run in JerryScript after the built watch bundle,
// under ../shared/jerryscript/shim.js). Everything here is parsed into the same 64 KB heap as the
// app, so it stays small and keeps no growing lists: progress is printed, not collected.
// `HEAP_CASE` comes from the prelude that tools/watch-heap.ts writes for each run.
var heap = (function () {
  var STEP_MS = 250;
  function text(id) {
    var e = __sim.elements[id];
    return e ? e.text : "";
  }
  function check(ok, what) {
    if (!ok) throw new Error("heap driver: " + what);
  }
  function bounceWarnings() {
    return __sim.counts["vibrate:alert"] || 0;
  }
  /**
   * Plays one session from the home screen. o.pauseAtMs/o.pauseForMs: a pause (tap on the session
   * screen) in every hold; o.abandonAfterHolds: back + "End" at o.pauseAtMs into the hold after that many holds.
   * o.burstMs > 0: the wrist bounces for o.burstMs, then stays still as long, over and over (bursts
   * give the detector the most warnings; steady bouncing is learnt as wobble after a while).
   * Returns the number of holds started.
   */
  function session(o) {
    var holds = 0,
      inHold = 0,
      key = "",
      warningsBefore = bounceWarnings();
    __sim.tap("start-button");
    for (var t = 0; t < o.limitMs; t += STEP_MS) {
      if (o.burstMs > 0) __sim.mode.bounce = Math.floor(__sim.now() / o.burstMs) % 2 === 0;
      __sim.run(STEP_MS);
      var title = text("phase-title");
      if (title === "Done") break;
      var now = title + text("rep-text");
      if (now !== key) {
        key = now;
        inHold = 0;
        if (title === "Hold") print("hold " + ++holds + " at " + __sim.now() + " ms");
      }
      if (title !== "Hold") continue;
      inHold += STEP_MS;
      if (holds > o.abandonAfterHolds && inHold === o.pauseAtMs) {
        __sim.key("back"); // asks before abandoning
        __sim.tap("abandon-yes");
        continue;
      }
      if (o.pauseForMs > 0 && (inHold === o.pauseAtMs || inHold === o.pauseAtMs + o.pauseForMs))
        __sim.tap("session-tap");
    }
    check(text("phase-title") === "Done", "session did not end within " + o.limitMs + " ms");
    var warnings = bounceWarnings() - warningsBefore;
    print(
      "session: " + holds + " holds, " + warnings + " bounce warnings, " + text("done-summary").replace(/\n/g, " | "),
    );
    __sim.tap("done-button");
    __sim.run(1000);
    return holds;
  }
  return { session: session, check: check, bounceWarnings: bounceWarnings, text: text };
})();
