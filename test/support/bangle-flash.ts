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
