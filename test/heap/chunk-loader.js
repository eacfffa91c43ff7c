// Loads a device bundle's chunks on demand, as Fitbit OS does (issue 13, docs/heap-chunks.md). Plain
// ES5, run after the shim and the prelude and before the bundle, only in the engines of
// tools/jerry-host.sh (host globals loadModule and runJobs). tools/watch-heap.ts puts
// `var CHUNK_APP_DIR = "<run folder>/app/";` in front of it.
//
// - A relative name ("./session-1a2b3c4d.js") is read from CHUNK_APP_DIR by loadModule (the source
//   text stays outside the JS heap; the file is parsed into a function (exports, require, module))
//   and run with fresh `exports` and `module` EVERY time: Fitbit OS keeps no module cache ("each
//   dynamically loaded view will load its own instance of the module", Fitbit/sdk-multi-view), so
//   a chunk's bytecode and top-level state are freed once nothing references its exports.
// - Any other name goes to the require that was there before (the shim's, as the prelude wrapped it).
// - The SDK's dynamic import is `Promise.resolve().then(function () { return require("./x.js") })`;
//   the stock command line runs promise jobs only after its last script, so after every driver
//   step (__sim.run, tap, key) the jobs run here, and an import resolves as on the watch.
// - A chunk whose loading failed fails the run at the end of that step (below).
// - Before each load the heap is collected (below).
(function (appDir, otherRequire) {
  // A chunk that fails to load inside a promise job (a dynamic import) only rejects a promise, and
  // JerryScript reports a heap exhausted while building the error as `null`: the failure is kept
  // (no allocation while the heap may be full) and thrown at the end of the driver step, so the
  // run fails visibly instead of going on without the chunk.
  var failedName = null,
    failedWith = null;
  function requireFresh(name) {
    if (name.slice(0, 2) !== "./") return otherRequire(name);
    var module = { exports: {} };
    // The part being replaced is garbage now, but JerryScript collects at low pressure only after
    // enough new objects, and a parse makes bytecode, not objects: left alone, the old part's code
    // would stay until an allocation fails (in 64 KB that forces a full collection, in the roomier
    // engine it never comes). Collecting here makes a run's peak its live heap plus the parse, the
    // same from run to run, and "needs" what 64 KB would need.
    gc();
    try {
      loadModule(appDir + name.slice(2))(module.exports, requireFresh, module);
    } catch (e) {
      if (failedName === null) {
        failedName = name;
        failedWith = e;
      }
      throw e;
    }
    return module.exports;
  }
  // One wrapper function for the three steps, so its bytecode is in the heap once.
  function afterEachCall(step) {
    return function (arg) {
      step(arg);
      runJobs();
      if (failedName !== null) throw new Error("chunk loader: loading " + failedName + " failed: " + failedWith);
    };
  }
  require = requireFresh;
  __sim.run = afterEachCall(__sim.run);
  __sim.tap = afterEachCall(__sim.tap);
  __sim.key = afterEachCall(__sim.key);
})(CHUNK_APP_DIR, require);
