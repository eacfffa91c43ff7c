// Value checks shared by the decoders of stored and received data. ES5-safe: the watch uses them.

/** A whole number within [min, max]; false for anything else, NaN and ±Infinity included. */
export function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && isFinite(value) && Math.floor(value) === value && value >= min && value <= max;
}
