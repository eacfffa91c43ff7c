// Prints what test/heap/breakdown.js kept, after the driver, with the heap cost of one screen element
// of the fake runtime (ids "9000"… are direct strings in JerryScript: no string of their own) and of
// its log. Plain ES5.
(function () {
  var before = heapProbe()[0];
  for (var i = 0; i < 10; i++) __sim.el(String(9000 + i));
  var perElement = (heapProbe()[0] - before) / 10;
  // The fake runtime's log of its last 40 records (haptics, transfers): full long before the highest
  // point, so its cost then is its cost now, measured by emptying it (the run is over).
  var withLog = heapProbe()[0];
  __sim.log.length = 0;
  var log = withLog - heapProbe()[0];
  // The session part's modules as they load (BREAKDOWN_PART, its chunk, given by tools/watch-heap.ts): the
  // objects their top level makes (functions, tables, the bounce detector, the exports of the file it shares
  // with home), measured on one more instance loaded through the chunk loader, less its bytecode and
  // literal strings. The instance is garbage afterwards; nothing of it is started.
  var partObjects = -1;
  if (typeof BREAKDOWN_PART === "string") {
    var p0 = heapProbe();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the chunk loader's require, as the entry's import()
    var part = require(BREAKDOWN_PART);
    var p1 = heapProbe(); // the instance is still referenced here: it is what is measured
    if (typeof part.start !== "function") throw new Error("breakdown: " + BREAKDOWN_PART + " exports no start");
    partObjects = p1[0] - p0[0] - (p1[1] - p0[1]) - (p1[2] - p0[2]);
  }
  var b = breakdown.base,
    t = breakdown.top;
  print(
    "BREAKDOWN " +
      JSON.stringify({
        baseLive: b[0],
        baseCode: b[1],
        baseLiterals: b[2],
        baseLiteralCount: b[3],
        driverCode: breakdown.driverCode,
        live: t.live,
        code: t.code,
        literals: t.literals,
        literalCount: t.literalCount,
        files: t.files,
        elements: t.elements,
        perElement: perElement,
        log: log,
        partObjects: partObjects,
        at: t.at,
        session: t.session,
        title: t.title,
        rep: t.rep,
      }),
  );
})();
