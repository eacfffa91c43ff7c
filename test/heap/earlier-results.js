// Heap driver that makes the worst case's earlier results: one app run in which the user does a
// session, bouncing in bursts all the time, while the phone is out of reach (nothing is ever acknowledged).
// What the watch then has in storage is printed for the next run to start from (tools/watch-heap.ts
// parseStorage reads it). Plain ES5.
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
  // Storage for the next run, a file at a time: one JSON text of every file would be the run's largest
  // string, the driver's and not the app's, and ran out of 64 KB where the app had not.
  print("STORAGE-CLOCK " + __sim.now());
  for (var name in __sim.files) {
    var text = __sim.files[name];
    heap.check(typeof text === "string" && text.indexOf("\n") < 0, name + " is not one line of text");
    print("STORAGE-FILE " + name);
    print(text);
  }
  print("STORAGE-END");
})();
