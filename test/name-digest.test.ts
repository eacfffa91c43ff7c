import { describe, expect, it } from "vitest";
import {
  NAME_DIGEST_BITS,
  addNameToDigest,
  digestHasName,
  emptyNameDigest,
  isNameDigest,
  nameToken,
} from "../common/name-digest";
import { namesTakenForSeen } from "./support/name-digest-misses";

describe("name digest (common/name-digest.ts)", () => {
  it("is a fixed-length text that finds every name added", () => {
    let digest = emptyNameDigest();
    expect(digest).toHaveLength(Math.ceil(NAME_DIGEST_BITS / 6));
    expect(digestHasName(digest, "result-a.cbor")).toBe(false);
    const names: string[] = [];
    for (let i = 0; i < 500; i++) names.push("result-" + i.toString(36) + "-x.cbor");
    for (const name of names) digest = addNameToDigest(digest, name);
    expect(isNameDigest(digest)).toBe(true);
    expect(digest).toHaveLength(Math.ceil(NAME_DIGEST_BITS / 6));
    for (const name of names) expect(digestHasName(digest, name)).toBe(true);
    expect(addNameToDigest(digest, names[7])).toBe(digest); // adding again changes nothing
  });

  it("tells names apart that differ in one character, and an empty name", () => {
    const digest = addNameToDigest(emptyNameDigest(), "result-mk0abc12-0001.cbor");
    expect(digestHasName(digest, "result-mk0abc12-0002.cbor")).toBe(false);
    expect(digestHasName(digest, "")).toBe(false);
    expect(digestHasName(addNameToDigest(digest, ""), "")).toBe(true);
  });

  it("takes any other stored text for no digest: nothing is found in it, adding starts an empty one", () => {
    for (const bad of [null, 3, "", "!".repeat(Math.ceil(NAME_DIGEST_BITS / 6)), emptyNameDigest() + "A"]) {
      expect(isNameDigest(bad)).toBe(false);
    }
    expect(digestHasName("garbage", "result-a.cbor")).toBe(false);
    const started = addNameToDigest("garbage", "result-a.cbor");
    expect(started).toBe(addNameToDigest(emptyNameDigest(), "result-a.cbor"));
  });

  it("takes few names never added for seen up to a thousand (measured on the watch's name pattern)", () => {
    expect(namesTakenForSeen(300)).toBe(0);
    expect(namesTakenForSeen(1000)).toBeLessThanOrEqual(2);
  });

  it("gives each name a 15-character token that sets the same bits as the name (a full phone keeps it instead)", () => {
    for (let i = 0; i < 200; i++) {
      const name = "result-" + (1767600000000 + i * 7e6).toString(36) + "-" + i.toString(36).padStart(4, "0") + ".cbor";
      const token = nameToken(name);
      expect(token).toMatch(/^#[0-9a-z]{14}$/);
      expect(nameToken(token)).toBe(token); // a token stands for itself
      expect(addNameToDigest(emptyNameDigest(), token)).toBe(addNameToDigest(emptyNameDigest(), name));
    }
    expect(nameToken("result-a.cbor")).not.toBe(nameToken("result-b.cbor"));
  });
});
