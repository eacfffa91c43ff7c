// The Bangle.js fake Storage's backing maps for tests of resets and a full flash: every change
// recorded in order (a reset can come between any two), and writes the full flash refuses.
/** One storage change: a write of `text`, or an erase (`text` null). */
export interface FlashChange {
  name: string;
  text: string | null;
}

/** Every storage change, in order, while `changes` is a list. */
export class RecordedFlash extends Map<string, string> {
  changes: FlashChange[] | undefined;
  override set(name: string, text: string): this {
    super.set(name, text);
    this.changes?.push({ name, text });
    return this;
  }
  override delete(name: string): boolean {
    const had = super.delete(name);
    this.changes?.push({ name, text: null });
    return had;
  }
}

/** As the firmware: a write the full flash refuses throws (and has erased the file it was to replace). */
export class FullFlash extends RecordedFlash {
  refusing: RegExp | null = null;
  override set(name: string, text: string): this {
    if (this.refusing?.test(name)) {
      super.delete(name);
      throw new Error("Unable to find or create file");
    }
    return super.set(name, text);
  }
}

/** Bytes a file of `length` takes on Espruino's flash: a 32-byte header, its size rounded up to 4 (measured on the firmware emulator). */
export function flashBytes(length: number): number {
  return 32 + Math.ceil(length / 4) * 4;
}

/**
 * As the firmware on a flash of `capacity` bytes: a file takes flashBytes of it, and the room of an
 * erased file is free again (the firmware compacts when a write needs it). A write that does not fit
 * throws, having erased the file it was to replace. Lower `capacity` to fill the flash (other apps).
 */
export class BoundedFlash extends RecordedFlash {
  capacity = Infinity;
  /** Bytes the files take. */
  used(): number {
    let bytes = 0;
    for (const text of this.values()) bytes += flashBytes(text.length);
    return bytes;
  }
  override set(name: string, text: string): this {
    if (this.capacity !== Infinity) {
      super.delete(name); // the firmware erases the file first
      if (this.used() + flashBytes(text.length) > this.capacity) throw new Error("Unable to find or create file");
    }
    return super.set(name, text);
  }
}

/** `flash` with `changes` made to it in order: the files as a reset after the last of them leaves them. */
export function applyChanges<T extends Map<string, string>>(flash: T, changes: FlashChange[]): T {
  for (const c of changes) {
    if (c.text === null) flash.delete(c.name);
    else flash.set(c.name, c.text);
  }
  return flash;
}

/** Where among `changes` file `name` is first erased (-1: never). */
export function firstErase(changes: FlashChange[], name: string): number {
  return changes.findIndex((c) => c.name === name && c.text === null);
}
