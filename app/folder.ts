// The app's folder, listed once a launch by home. Its own module, which only home imports: code the
// two parts share is loaded with the session part too (app/parts.ts), and nothing here runs in a session.
import * as fs from "fs";
import { TMP_SUFFIX, failed, removeFile } from "./files";

/** The app's folder; files received from the phone land here too (platform notes). */
export const FOLDER = "/private/data";

/**
 * Every file name in the app's folder (received files included), read once a launch and handed to
 * whoever looks for its files (one listing, so its code is inlined into the launch and freed
 * after it). Leftover temporaries of writes the power cut short are removed on the way: they are
 * never the data itself (the rename did not happen).
 */
export function listFolder(): string[] {
  const found: string[] = [];
  try {
    const dir = fs.listDirSync(FOLDER);
    for (let entry = dir.next(); !entry.done; entry = dir.next()) {
      const name = entry.value as string;
      if (name.slice(-TMP_SUFFIX.length) === TMP_SUFFIX) removeFile(name);
      else found.push(name);
    }
  } catch (e) {
    failed("list", FOLDER, e);
  }
  return found;
}
