// CBOR files in the watch's private storage. Storage errors (full disk, corrupt file) are logged
// and reported to the caller instead of thrown: a broken file must never crash a session.
// Every write is atomic: the data goes to "<name>.tmp" first and is renamed over the file, so a
// power loss leaves either the old file or the new one, never a torn one (docs/data-safety.md).
import * as fs from "fs";

export const TMP_SUFFIX = ".tmp";
const BAD_SUFFIX = ".bad";
/** The day stats (app/stats-store.ts); named here because the session part may write a carried copy. */
export const STATS_FILE = "stats.cbor";

export function failed(what: string, name: string, e: unknown): void {
  console.error("storage: " + what + " " + name + ": " + e);
}

/** The stored value, or undefined when the file is missing or unreadable (then it is set aside). */
export function readCbor(name: string): unknown {
  try {
    return fs.existsSync(name) ? fs.readFileSync(name, "cbor") : undefined;
  } catch (e) {
    failed("read", name, e);
    setAside(name);
  }
}

/** Writes `data` to `name` atomically; false (logged) when it could not be written: the old file is unchanged. */
export function writeCbor(name: string, data: unknown): boolean {
  const tmp = name + TMP_SUFFIX;
  try {
    fs.writeFileSync(tmp, data, "cbor");
    fs.renameSync(tmp, name);
    return true;
  } catch (e) {
    failed("write", name, e);
    removeFile(tmp);
    return false;
  }
}

export function removeFile(name: string): boolean {
  try {
    if (fs.existsSync(name)) fs.unlinkSync(name);
    return true;
  } catch (e) {
    failed("delete", name, e);
    return false;
  }
}

/** Keeps a file that cannot be used as "<name>.bad" for inspection instead of overwriting it. */
export function setAside(name: string): void {
  try {
    fs.renameSync(name, name + BAD_SUFFIX);
    failed("set aside", name, BAD_SUFFIX);
  } catch (e) {
    failed("rename", name, e);
  }
}
