// Where the heap goes at a run's highest live point (tools/watch-heap.ts, docs/numbers-heap.md "Where the
// worst routine's heap goes"). Plain ES5, run after the chunk loader and play.js and before the bundle,
// only in tools/jerry-host.sh's engines with STEADY_HOLD_HEAP_PROBE set: heapProbe() collects the heap
// fully and returns [allocated, bytecode, literal string bytes, literal strings]. tools/watch-heap.ts
// puts `var BREAKDOWN_DRIVER = "<driver path>";` in front of it. After every driver step the heap is
// collected and the highest live point kept (figures only: the probe must not grow with the run).
var breakdown = (function (driverPath) {
  // The driver is parsed here once, so its literal strings are counted with the runtime's (a literal
  // string stays for good; parsing it again adds none), and its bytecode is measured to be left out.
  var before = heapProbe()[1];
  var driver = loadModule(driverPath);
  var driverCode = heapProbe()[1] - before;
  if (typeof driver !== "function") throw new Error("breakdown: " + driverPath + " did not parse");
  driver = null;
  var baseFiles = {};
  for (var name in __sim.files) baseFiles[name] = __sim.files[name];
  var top = {
    live: 0,
    code: 0,
    literals: 0,
    literalCount: 0,
    files: 0,
    elements: 0,
    at: 0,
    session: 0,
    title: "",
    rep: "",
  };
  var sessionsStarted = 0;
  // A file's text as JerryScript stores a string: an ASCII one up to 255 bytes has a 9-byte header,
  // a longer one 12, rounded up to 8 bytes.
  function writtenFileBytes() {
    var n = 0;
    for (var file in __sim.files) {
      if (__sim.files[file] === baseFiles[file]) continue;
      var length = String(__sim.files[file]).length;
      n += (length + (length <= 255 ? 9 : 12) + 7) & ~7;
    }
    return n;
  }
  function elementCount() {
    var n = 0;
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- counting keys (ES5 has no Object.keys here)
    for (var id in __sim.elements) n++;
    return n;
  }
  function text(id) {
    var e = __sim.elements[id];
    return e ? e.text : "";
  }
  function afterEach(step) {
    return function (arg) {
      if (arg === "start-button") sessionsStarted++;
      step(arg);
      var p = heapProbe();
      if (p[0] <= top.live) return;
      top.live = p[0];
      top.code = p[1];
      top.literals = p[2];
      top.literalCount = p[3];
      top.files = writtenFileBytes();
      top.elements = elementCount();
      top.at = __sim.now();
      top.session = sessionsStarted;
      top.title = text("phase-title");
      top.rep = text("rep-text");
    };
  }
  __sim.run = afterEach(__sim.run);
  __sim.tap = afterEach(__sim.tap);
  __sim.key = afterEach(__sim.key);
  var base = heapProbe();
  return { base: base, top: top, driverCode: driverCode };
})(BREAKDOWN_DRIVER);
