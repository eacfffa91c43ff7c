// Heap driver that makes the worst case's earlier results: one app run in which the user does a
// session, bouncing in bursts all the time, while the phone is out of reach (nothing is ever acknowledged).
// What the watch then has in storage is printed for the next run to start from. Plain ES5.
(function () {
  __sim.run(2000);
  __sim.mode.bounceFrom = 0;
  __sim.mode.bounceTo = 1e12;
  var holds = heap.session({
    limitMs: 60 * 60 * 1000,
    burstMs: 2000,
    pauseAtMs: 0,
    pauseForMs: 0,
    abandonAfterHolds: 99,
  });
  heap.check(holds === HEAP_CASE.plannedHolds, "expected " + HEAP_CASE.plannedHolds + " holds, got " + holds);
  __sim.run(60000);
  print("STORAGE " + JSON.stringify({ clockMs: __sim.now(), files: __sim.files }));
})();
