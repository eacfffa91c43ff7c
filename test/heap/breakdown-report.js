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
        at: t.at,
        session: t.session,
        title: t.title,
        rep: t.rep,
      }),
  );
})();
