// `Storage` (localStorage) and `LiveStorage` (settingsStorage) of the phone. Values are strings.
import { FakeEventTarget } from "./events";
import { Realm } from "./realm";
import { QuotaExceededError } from "./faults";

/** The data itself outlives any one companion run. */
export class StorageData {
  readonly items = new Map<string, string>();
  /** Called after every change with the side that made it. */
  onChange: ((writer: unknown, key: string | null, oldValue: string | null, newValue: string | null) => void) | null =
    null;
  /** Characters (keys plus values) this storage may hold; a write beyond it throws and changes nothing. */
  quotaChars = Infinity;

  usedChars(): number {
    let n = 0;
    for (const [k, v] of this.items) n += k.length + v.length;
    return n;
  }

  set(writer: unknown, key: string, value: string): void {
    const old = this.items.get(key) ?? null;
    const after = this.usedChars() - (old === null ? 0 : key.length + old.length) + key.length + value.length;
    if (after > this.quotaChars)
      throw new QuotaExceededError(
        `setItem("${key}"): ${after} characters exceed the storage quota of ${this.quotaChars}`,
      );
    this.items.set(key, value);
    if (old !== value) this.onChange?.(writer, key, old, value);
  }
  remove(writer: unknown, key: string): void {
    const old = this.items.get(key) ?? null;
    if (old === null) return;
    this.items.delete(key);
    this.onChange?.(writer, key, old, null);
  }
  clear(writer: unknown): void {
    if (this.items.size === 0) return;
    this.items.clear();
    this.onChange?.(writer, null, null, null);
  }
  snapshot(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of [...this.items].sort((a, b) => (a[0] < b[0] ? -1 : 1))) out[k] = v;
    return out;
  }
}

/** One realm's view of a storage; `change` events reach it only for writes made elsewhere. */
export class FakeStorage extends FakeEventTarget {
  constructor(
    realm: Realm,
    private readonly data: StorageData,
  ) {
    super(realm);
  }
  get length(): number {
    return this.data.items.size;
  }
  key(index: number): string | null {
    return [...this.data.items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.data.items.get(String(key)) ?? null;
  }
  setItem(key: string, value: string): void {
    // Like the phone, values are stored as strings.
    this.data.set(this, String(key), String(value));
  }
  removeItem(key: string): void {
    this.data.remove(this, String(key));
  }
  clear(): void {
    this.data.clear(this);
  }
}
