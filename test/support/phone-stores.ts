// The phone companion's key-value stores for tests that drive PhoneSync directly: in memory, and
// in memory with a quota over all keys (a full phone).
import type { KeyValueStore } from "../../companion/phone-services";

export class MemoryStore implements KeyValueStore {
  data: { [key: string]: string } = {};
  getItem(key: string): string | null {
    return key in this.data ? this.data[key] : null;
  }
  setItem(key: string, value: string): void {
    this.data[key] = value;
  }
  removeItem(key: string): void {
    delete this.data[key];
  }
}

/** localStorage with a quota over all keys: a write past `capacity` characters throws QuotaExceededError. */
export class QuotaStore extends MemoryStore {
  capacity = Infinity;
  used(): number {
    let total = 0;
    for (const key of Object.keys(this.data)) total += key.length + this.data[key].length;
    return total;
  }
  setItem(key: string, value: string): void {
    const before = key in this.data ? key.length + this.data[key].length : 0;
    if (this.used() - before + key.length + value.length > this.capacity) {
      const error = new Error("the quota has been exceeded");
      error.name = "QuotaExceededError";
      throw error;
    }
    this.data[key] = value;
  }
}
