import { describe, expect, it } from "vitest";
import { BounceDetector } from "../common/bounce";
import { generateHold } from "../model/holds";
import { warningTimes } from "../model/detector-run";
import { REFERENCE_OFF, loadReferenceDetector, parseVariant } from "../tools/bench-reference";

const holds = [
  generateHold(5, { kind: "bounce", envelope: "base" }),
  generateHold(6, { kind: "bounce-all", envelope: "wide", fsHz: 50 }),
  generateHold(7, { kind: "steady-regrip", envelope: "wide", fsHz: 25 }),
  generateHold(11, { kind: "bounce-all", envelope: "wide", fsHz: 100, settling: true }),
];

describe("round nine's calm reference in the patched detector", () => {
  it("with the reference off warns exactly as today's detector", async () => {
    const patched = await loadReferenceDetector();
    patched.REFERENCE.variant = REFERENCE_OFF;
    for (const hold of holds) {
      const today = warningTimes(hold, new BounceDetector("normal"));
      expect(warningTimes(hold, new patched.BounceDetector(1))).toEqual(today);
    }
  });

  it("a reference held high (a huge factor) silences every hold, one at the floor alone warns on bouncing", async () => {
    const patched = await loadReferenceDetector();
    patched.REFERENCE.variant = parseVariant("replace:1000:0.15:0.5:20");
    for (const hold of holds) expect(warningTimes(hold, new patched.BounceDetector(1)).length).toBeLessThanOrEqual(0);
    patched.REFERENCE.variant = parseVariant("replace:0.001:0.15:0.5:20");
    expect(warningTimes(holds[0], new patched.BounceDetector(1)).length).toBeGreaterThan(0);
    patched.REFERENCE.variant = REFERENCE_OFF;
  });

  it("a reference learnt in the settling seconds only raises the threshold: never a warning more than today's", async () => {
    const patched = await loadReferenceDetector();
    for (const hold of holds) {
      const today = warningTimes(hold, new BounceDetector("normal"));
      patched.REFERENCE.variant = parseVariant("settle:0.001:0.15:0.5:3");
      expect(warningTimes(hold, new patched.BounceDetector(1))).toEqual(today);
      patched.REFERENCE.variant = parseVariant("settle:1000:0.15:0.5:3");
      expect(warningTimes(hold, new patched.BounceDetector(1)).filter((t) => t > 3000)).toEqual([]);
    }
    patched.REFERENCE.variant = REFERENCE_OFF;
  });

  it("reads variants and refuses bad ones", () => {
    expect(parseVariant("cap:1.5:0.12:0.5:inf")).toEqual({
      mode: "cap",
      factor: 1.5,
      floor: 0.12,
      shortTauS: 0.5,
      upTauS: Infinity,
    });
    expect(parseVariant("settle:1.5:0.15:0.5:3").upTauS).toBe(3);
    expect(parseVariant("off")).toBe(REFERENCE_OFF);
    expect(() => parseVariant("median:3")).toThrow();
    expect(() => parseVariant("replace:-1")).toThrow();
  });
});
