// Injected by tools/build-bangle.ts in place of the global Float64Array in the Bangle bundle only.
// Why: the Bangle.js 2 firmware emulator (../shared/bangle-emu, Espruino 2v29 compiled to
// JavaScript) stores Float64 typed-array elements with their 32-bit words swapped and the low word
// lost, so the bounce detector's state (one Float64Array) loses precision there and its warnings
// differ. A plain array of numbers holds full doubles in every Espruino build (a JsVarFloat is a
// double), so the detector computes the same values as in V8 — on the emulator and on the watch —
// for about two JsVars per element instead of 8 bytes. Only `new Float64Array(length)` and element
// reads and writes are used by common/.
function ArrayOfNumbers(length: number): number[] {
  const values: number[] = [];
  for (let i = 0; i < length; i++) values.push(0);
  return values;
}

export { ArrayOfNumbers as Float64Array };
