// Driver of the chunk toy (docs/heap-chunks.md, tools/chunk-heap-check.ts). TOY_CASE: `cycles`
// times the view is opened (loaded from its file by a dynamic import), run 5 s and closed (every
// reference dropped); then `openAtEnd` views are opened together and run 5 s (each its own
// instance: no module cache). Then a full collection and one ballast allocation of
// TOY_CASE.ballastBytes: the run's peak is what stays allocated plus the ballast (when the ballast
// outweighs the loading's own peak), so two cases' peaks differ by what one keeps more.
// TOY_CASE.primed: before anything, parse the view once without running it (its literal strings
// and numbers enter JerryScript's literal storage, which keeps them until the engine stops) and
// use the built-ins the view uses (JerryScript creates a built-in object or method on first use
// and keeps it), so what a first open-and-close leaves can be told apart. Plain ES5.
(function () {
  function check(ok, what) {
    if (!ok) throw new Error("chunk toy: " + what);
  }
  function open(count) {
    for (var i = 0; i < count; i++) __sim.tap("open");
    check(toyViews.length === count, "the dynamic import did not resolve after the tap");
    __sim.run(5000);
    for (var j = 0; j < count; j++)
      check(toyViews[j].count() === 6, "view " + j + " ticked " + toyViews[j].count() + " times, not 6");
    if (count > 1) check(toyViews[0] !== toyViews[1], "the second import returned the first instance");
  }
  if (TOY_CASE.primed) {
    loadModule(CHUNK_APP_DIR + "view-5e1f0a2b.js");
    Promise.resolve().then(function (x) {
      return x;
    });
    runJobs();
    new Float32Array(2)[0] = 1;
    Object.defineProperty({}, "a", { value: 1 });
    (1.5).toFixed(1);
    Math.sin(1);
    clearInterval(setInterval(function () {}, 5));
    [1].shift();
  }
  __sim.run(1000);
  for (var cycle = 0; cycle < TOY_CASE.cycles; cycle++) {
    open(1);
    __sim.tap("close");
    check(toyViews.length === 0, "the view was not dropped");
    __sim.run(5000);
  }
  if (TOY_CASE.openAtEnd > 0) open(TOY_CASE.openAtEnd);
  gc();
  var ballast = new Uint8Array(TOY_CASE.ballastBytes);
  ballast[0] = 1; // JerryScript allocates a buffer's bytes on first use
  print(
    "toy: " +
      TOY_CASE.cycles +
      " cycles, " +
      toyViews.length +
      " views open, text " +
      JSON.stringify(__sim.el("view-text").text),
  );
})();
