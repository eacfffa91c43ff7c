// The watch's clock in whole milliseconds, the app's only reading of it. Espruino's Date.now() is
// fractional (its reference: "accurate to fractions of a millisecond"; the nRF52 counts RTC ticks at
// 2^20 per second): a session id made from it has a "." (refused by the result record, and by the
// session file's check), and session times would not be the whole ms the GATT profile carries.
export function wholeNow(): number {
  return Math.floor(Date.now());
}
