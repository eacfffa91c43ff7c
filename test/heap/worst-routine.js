// Heap driver, the worst valid routine (HEAP_CASE.routine, stored by the prelude along with results
// an earlier run could not send): bouncing in bursts through every hold, a pause and resume in every hold,
// then a second session abandoned midway. Plain ES5 (JerryScript).
(function () {
  __sim.run(2000);
  __sim.mode.bounceFrom = 0;
  __sim.mode.bounceTo = 1e12;
  var every = {
    limitMs: 60 * 60 * 1000,
    burstMs: HEAP_CASE.bouncing ? 2000 : 0,
    pauseAtMs: 20000,
    pauseForMs: 5000,
    abandonAfterHolds: 99,
  };
  var holds = heap.session(every);
  heap.check(holds === HEAP_CASE.plannedHolds, "expected " + HEAP_CASE.plannedHolds + " holds, got " + holds);
  if (HEAP_CASE.bouncing) heap.check(heap.bounceWarnings() >= holds, "fewer bounce warnings than holds");
  __sim.run(30000);
  every.abandonAfterHolds = Math.ceil(holds / 2);
  holds = heap.session(every);
  heap.check(holds === every.abandonAfterHolds + 1, "the second session was not abandoned midway");
})();
