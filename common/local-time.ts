// Date and time as text in a given time-zone offset (minutes, as Date.prototype.getTimezoneOffset()
// returns them), without the host's time zone. ES5-safe.

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function twoDigits(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/** "Mon 5 Jan 08:03" in the given offset. */
export function formatLocalTime(ms: number, tzOffsetMinutes: number): string {
  const d = new Date(ms - tzOffsetMinutes * 60000);
  return (
    WEEKDAYS[d.getUTCDay()] +
    " " +
    d.getUTCDate() +
    " " +
    MONTHS[d.getUTCMonth()] +
    " " +
    twoDigits(d.getUTCHours()) +
    ":" +
    twoDigits(d.getUTCMinutes())
  );
}

/** "2026-01-05 08:03:09" in the given offset (export). */
export function formatIsoLocal(ms: number, tzOffsetMinutes: number): string {
  const d = new Date(ms - tzOffsetMinutes * 60000);
  return (
    d.getUTCFullYear() +
    "-" +
    twoDigits(d.getUTCMonth() + 1) +
    "-" +
    twoDigits(d.getUTCDate()) +
    " " +
    twoDigits(d.getUTCHours()) +
    ":" +
    twoDigits(d.getUTCMinutes()) +
    ":" +
    twoDigits(d.getUTCSeconds())
  );
}
