// Heap driver: the app starts and draws its home screen, nothing more (no session). Its peak is what
// launching costs: JerryScript parses the whole bundle into the heap, so with the stored files of the
// prelude this is the first place a run can run out. Plain ES5 (JerryScript).
(function () {
  __sim.run(2000);
  heap.check(heap.text("routine-summary") !== "", "the home screen was not drawn");
  print("home: " + heap.text("sync-text"));
})();
