// Heap driver that measures what stays allocated: the worst routine (HEAP_CASE.routine in storage)
// runs to HEAP_CASE.stopMs with bursts of bouncing and a pause in every hold, then HEAP_CASE.chunks
// small objects are allocated and kept. tools/watch-heap.ts finds the largest count that still fits:
// the free heap at that moment, after every collectable byte was collected. Plain ES5 (JerryScript).
(function () {
  var holdMs = HEAP_CASE.holdMs,
    start = 2000;
  __sim.run(start);
  __sim.mode.bounceFrom = 0;
  __sim.mode.bounceTo = 1e12;
  __sim.tap("start-button");
  while (__sim.now() < HEAP_CASE.stopMs) {
    __sim.mode.bounce = Math.floor(__sim.now() / 2000) % 2 === 0;
    __sim.run(250);
    var inHold = (__sim.now() - start) % (holdMs + 5000);
    if (inHold === 20000 || inHold === 25000) __sim.tap("session-tap");
  }
  var kept = null;
  for (var i = 0; i < HEAP_CASE.chunks; i++) kept = { next: kept };
  __sim.kept = kept;
})();
