// CBOR files in the watch's private storage. Storage errors (full disk, corrupt file) are logged
// and reported to the caller instead of thrown: a broken file must never crash a session.
// Every write is atomic: the data goes to "<name>.tmp" first and is renamed over the file, so a
// power loss leaves either the old file or the new one, never a torn one (docs/data-safety.md).
import * as fs from "fs";

const TMP_SUFFIX = ".tmp";
const BAD_SUFFIX = ".bad";
/** The app's folder; files received from the phone land here too (platform notes). */
const FOLDER = "/private/data";

function failed(what: string, name: string, e: unknown): void {
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
    failed("rejected", name, "kept as " + BAD_SUFFIX);
  } catch (e) {
    failed("rename", name, e);
  }
}

/** Names of the files in the app's folder (received files included); [] when it cannot be listed. */
export function listFiles(): string[] {
  const names: string[] = [];
  try {
    const dir = fs.listDirSync(FOLDER);
    let entry = dir.next();
    while (!entry.done) {
      if (entry.value !== undefined) names.push(entry.value);
      entry = dir.next();
    }
  } catch (e) {
    failed("list", FOLDER, e);
  }
  return names;
}

/** Leftovers of writes the power cut short: never the data itself (the rename did not happen). */
export function removeLeftoverTemporaries(names: string[]): void {
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (name.length > TMP_SUFFIX.length && name.slice(name.length - TMP_SUFFIX.length) === TMP_SUFFIX) removeFile(name);
  }
}

export function isSetAside(name: string): boolean {
  return name.length > BAD_SUFFIX.length && name.slice(name.length - BAD_SUFFIX.length) === BAD_SUFFIX;
}
