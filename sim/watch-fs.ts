// The watch's `fs` module over the watch's files (WatchState.files), which outlive app runs.
import { decodeCbor, encodeCbor } from "./cbor";
import { Realm, bytesOf } from "./realm";
import { SideClock } from "./faults";
import { WatchState } from "./watch-host";

/** The folder the app's files live in; the app may name a file with or without it. */
const FILE_PREFIX = /^\/private\/data\//;

/** "/private/data/name" → "name": the key of an app file in WatchState.files. */
export function appFileName(path: string): string {
  return path.replace(FILE_PREFIX, "");
}

/**
 * The device `fs` over the watch's files, with the storage faults of sim/faults.ts: a write can
 * fail (nothing changes, the call throws) or the power can go during it (the file is torn or left
 * as it was, and the app dies). After the power is gone nothing reaches the files any more.
 */
/** Each file's last modification (wall-clock ms), kept with the watch's files across app launches. */
const modificationTimes = new WeakMap<Map<string, Uint8Array>, Map<string, number>>();
function mtimesOf(files: Map<string, Uint8Array>): Map<string, number> {
  let mtimes = modificationTimes.get(files);
  if (mtimes === undefined) modificationTimes.set(files, (mtimes = new Map()));
  return mtimes;
}

/** Puts a file among the watch's files as written at `mtime` (wall-clock ms): received files land this way. */
export function putFile(files: Map<string, Uint8Array>, key: string, bytes: Uint8Array, mtime: number): void {
  files.set(key, bytes);
  mtimesOf(files).set(key, mtime);
}

export function makeFs(realm: Realm, state: WatchState, wallClock: SideClock): Record<string, unknown> {
  const files = state.files;
  const faults = state.faults;
  const mtimes = mtimesOf(files);
  const E = realm.intrinsics.Error;
  const fileName = (name: unknown): string => {
    if (typeof name !== "string" || name === "")
      throw new realm.intrinsics.TypeError("fs: file name must be a non-empty string");
    return appFileName(name);
  };
  const alive = (): void => {
    if (!realm.alive) throw new E("fs: the device is off");
  };
  const read = (name: unknown): Uint8Array => {
    alive();
    const key = fileName(name);
    const bytes = files.get(key);
    if (bytes === undefined) throw new E(`Couldn't find file: ${key}`);
    return bytes;
  };
  const set = (key: string, bytes: Uint8Array, mtime: number = wallClock.now()) => {
    files.set(key, bytes);
    mtimes.set(key, mtime);
  };
  const write = (key: string, bytes: Uint8Array) => {
    alive();
    const failure = faults.writeFailure(key);
    if (failure !== null) throw new E(`${failure}: ${key}`);
    const loss = faults.powerLossDuring("write", key);
    if (loss !== null) {
      if (loss.mode === "torn")
        set(
          key,
          bytes.slice(0, Math.max(0, Math.min(bytes.length - 1, loss.tornAtByte ?? Math.floor(bytes.length / 2)))),
        );
      throw new E("power lost");
    }
    set(key, bytes);
  };
  /** A rename or delete: during a power loss it is simply not done. */
  const change = (operation: string, key: string, apply: () => void) => {
    if (faults.powerLossDuring(operation, key) !== null) throw new E("power lost");
    apply();
  };
  return {
    existsSync: (name: unknown) => {
      alive();
      return files.has(fileName(name));
    },
    writeFileSync: (name: unknown, data: unknown, encoding?: unknown) => {
      const key = fileName(name);
      if (encoding === "cbor") return write(key, encodeCbor(data));
      if (encoding === "json") return write(key, new TextEncoder().encode(JSON.stringify(data)));
      if (encoding === "utf-8" || encoding === "ascii") {
        if (typeof data !== "string")
          throw new realm.intrinsics.TypeError(`fs.writeFileSync: ${encoding} data must be a string`);
        return write(key, new TextEncoder().encode(data));
      }
      if (encoding !== undefined)
        throw new realm.intrinsics.TypeError(`fs.writeFileSync: unknown encoding ${String(encoding)}`);
      const bytes = bytesOf(data);
      if (bytes === null)
        throw new realm.intrinsics.TypeError(
          "fs.writeFileSync: data must be an ArrayBuffer or a typed array without an encoding",
        );
      write(key, bytes);
    },
    readFileSync: (name: unknown, encoding?: unknown) => {
      const bytes = read(name);
      if (encoding === "cbor") {
        try {
          return realm.adopt(decodeCbor(bytes));
        } catch {
          throw new E(`Invalid CBOR in file ${fileName(name)}`);
        }
      }
      if (encoding === "json") {
        try {
          return realm.adopt(JSON.parse(new TextDecoder().decode(bytes)));
        } catch {
          throw new E(`Invalid JSON in file ${fileName(name)}`);
        }
      }
      if (encoding === "utf-8" || encoding === "ascii") return new TextDecoder().decode(bytes);
      if (encoding !== undefined)
        throw new realm.intrinsics.TypeError(`fs.readFileSync: unknown encoding ${String(encoding)}`);
      return realm.arrayBuffer(bytes);
    },
    // Replaces an existing target, as rename does on the device's POSIX-like file system.
    renameSync: (from: unknown, to: unknown) => {
      const bytes = read(from);
      const target = fileName(to);
      change("rename", target, () => {
        const source = fileName(from);
        const mtime = mtimes.get(source); // a rename keeps the file's modification time, as on any file system
        files.delete(source);
        set(target, bytes, mtime);
      });
    },
    unlinkSync: (name: unknown) => {
      read(name);
      const key = fileName(name);
      change("delete", key, () => files.delete(key));
    },
    statSync: (name: unknown) => {
      const bytes = read(name);
      return realm.adopt({ size: bytes.length, mtime: new Date(mtimes.get(fileName(name)) ?? wallClock.now()) });
    },
    listDirSync: (path: unknown) => {
      alive();
      if (path !== "/private/data" && path !== "/private/data/")
        throw new E(`Couldn't open directory: ${String(path)}`);
      const names = [...files.keys()];
      let i = 0;
      return { next: () => (i < names.length ? { done: false, value: names[i++] } : { done: true, value: undefined }) };
    },
  };
}
