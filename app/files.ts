// CBOR files in the watch's private storage. Storage errors (full disk, corrupt file) are logged
// and reported to the caller instead of thrown: a broken file must never crash a session.
import * as fs from "fs";

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

export function writeCbor(name: string, data: unknown): boolean {
  try {
    fs.writeFileSync(name, data, "cbor");
    return true;
  } catch (e) {
    failed("write", name, e);
    return false;
  }
}

export function removeFile(name: string): void {
  try {
    if (fs.existsSync(name)) fs.unlinkSync(name);
  } catch (e) {
    failed("delete", name, e);
  }
}

/** Keeps a file that cannot be used as "<name>.bad" for inspection instead of overwriting it. */
export function setAside(name: string): void {
  try {
    fs.renameSync(name, name + ".bad");
    failed("rejected", name, "kept as .bad");
  } catch (e) {
    failed("rename", name, e);
  }
}
