// web/src/store.ts: which store outlives the page, and asking the browser to keep the page's storage.
import { describe, expect, it } from "vitest";
import { MemoryStore, askToKeepStorage } from "../web/src/store";

describe("web store", () => {
  it("a memory store is not lasting unless a test says it stands in for IndexedDB", () => {
    expect(new MemoryStore().lasting).toBe(false);
    expect(new MemoryStore({ lasting: true }).lasting).toBe(true);
  });

  it("asks the browser to keep the storage and says what it answered, never rejecting", async () => {
    expect(await askToKeepStorage({ persist: async () => true })).toBe(
      "the browser keeps this page's storage (persistent)",
    );
    expect(await askToKeepStorage({ persist: async () => false })).toMatch(/did not grant persistent storage/);
    expect(await askToKeepStorage(undefined)).toMatch(/persist is missing/);
    expect(await askToKeepStorage({})).toMatch(/persist is missing/);
    expect(
      await askToKeepStorage({
        persist: async () => {
          throw new Error("SecurityError");
        },
      }),
    ).toBe("asking the browser to keep the page's storage failed: Error: SecurityError");
  });
});
