// Toy entry of a chunked device bundle (docs/heap-chunks.md): written by hand in the shape SDK 6.1
// builds a dynamic import into (`Promise.resolve().then(function () { return require("./x-<hash>.js") })`).
// Tapping "open" loads the view chunk and starts it, "close" stops it and drops every reference,
// so its bytecode and state can be collected. The view's exports are kept in `toyViews` for the
// driver. Plain ES5.
var toyViews = [];
(function () {
  var document = require("document")["default"];
  document.getElementById("open").addEventListener("click", function () {
    Promise.resolve()
      .then(function () {
        return require("./view-5e1f0a2b.js");
      })
      .then(function (view) {
        view.start(document.getElementById("view-text"));
        toyViews.push(view);
      });
  });
  document.getElementById("close").addEventListener("click", function () {
    for (var i = 0; i < toyViews.length; i++) toyViews[i].stop();
    toyViews = [];
  });
})();
