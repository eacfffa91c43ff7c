// Records as rows: the values of `keys` in order, for files and messages where the keys would be
// half the size (saved sessions' holds, the routine on the wire). One pair of helpers for every
// such record keeps the watch's bundle, and so its heap, small. ES5-safe: the watch imports it.

export function toRow<T>(record: T, keys: Array<keyof T>): unknown[] {
  const row: unknown[] = [];
  for (let i = 0; i < keys.length; i++) row.push(record[keys[i]]);
  return row;
}

/** The record a row stands for; null unless `row` is a list of exactly the keys' length. */
export function fromRow<T>(row: unknown, keys: Array<keyof T>): T | null {
  if (!Array.isArray(row) || row.length !== keys.length) return null;
  const record = {} as T;
  for (let i = 0; i < keys.length; i++) record[keys[i]] = row[i] as T[keyof T];
  return record;
}
