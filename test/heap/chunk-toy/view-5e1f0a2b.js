// Toy view chunk (docs/heap-chunks.md), in the shape of an SDK 6.1 CommonJS chunk: top-level state,
// a few functions, exports. Loaded by test/heap/chunk-toy/index.js through the chunk loader. Plain ES5.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
var TICK_MS = 1000;
var samples = new Float32Array(64);
var history = [];
var ticks = 0;
var timer = 0;
var label = null;
function smooth(values) {
  var sum = 0;
  for (var i = 0; i < values.length; i++) sum += values[i];
  return values.length > 0 ? sum / values.length : 0;
}
function spread(values) {
  var lo = Infinity,
    hi = -Infinity;
  for (var i = 0; i < values.length; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  return values.length > 0 ? hi - lo : 0;
}
function describe(mean, range) {
  if (range > 2) return "Bouncing: " + range.toFixed(1) + " around " + mean.toFixed(1);
  if (range > 0.5) return "Settling: " + range.toFixed(1) + " around " + mean.toFixed(1);
  return "Steady at " + mean.toFixed(1);
}
function tick() {
  ticks++;
  for (var i = 0; i < samples.length; i++) samples[i] = Math.sin((ticks * samples.length + i) / 7);
  history.push(smooth(samples));
  if (history.length > 10) history.shift();
  if (label !== null) label.text = describe(smooth(history), spread(samples));
}
function start(element) {
  label = element;
  timer = setInterval(tick, TICK_MS);
  tick();
}
function stop() {
  clearInterval(timer);
  label = null;
}
function count() {
  return ticks;
}
exports.start = start;
exports.stop = stop;
exports.count = count;
