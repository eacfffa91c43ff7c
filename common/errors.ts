// One readable line for anything thrown (an Error, a string, or an object whose toString throws).
// ES5-safe: the watch imports it.
export function errorText(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch (inner) {
    return "unknown error";
  }
}
