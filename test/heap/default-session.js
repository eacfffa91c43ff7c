// Heap driver: one session of the routine in storage (the default one when none is stored), the
// user starts from the wrist and bounces in a window of the second hold. Plain ES5 (JerryScript).
(function () {
  var start = __sim.now(); // 0, or later when the run starts from an earlier run's storage
  __sim.run(2000);
  __sim.mode.bounce = true;
  __sim.mode.bounceFrom = start + 56000;
  __sim.mode.bounceTo = start + 72000;
  var holds = heap.session({ limitMs: 30 * 60 * 1000, burstMs: 0, pauseAtMs: 0, pauseForMs: 0, abandonAfterHolds: 99 });
  heap.check(holds === HEAP_CASE.plannedHolds, "expected " + HEAP_CASE.plannedHolds + " holds, got " + holds);
  heap.check(heap.bounceWarnings() > 0, "the bouncing window gave no warning");
})();
