// Value checks and descriptions shared by the decoders of stored and received data. ES5-safe: the
// watch uses them.

/** A whole number within [min, max]; false for anything else, NaN and ±Infinity included. */
export function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && isFinite(value) && Math.floor(value) === value && value >= min && value <= max;
}

/** A bad value as a rejection names it: '"abc"' (long strings cut), null, nothing, a list, an object, 12. */
export function describe(value: unknown): string {
  if (typeof value === "string") return '"' + (value.length > 20 ? value.slice(0, 20) + "…" : value) + '"';
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (typeof value === "object") return Array.isArray(value) ? "a list" : "an object";
  return String(value);
}
