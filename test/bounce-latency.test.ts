import { describe, expect, it } from "vitest";
import { BounceDetector } from "../common/bounce";
import { generateHold } from "../model/holds";
import { warningTimes } from "../model/detector-run";
import { loadScorerDetector } from "../tools/bench-scorer-detector";
import { boutTraits, earlyRun } from "../tools/bench-latency";

const holds = [
  generateHold(5, { kind: "bounce", envelope: "base" }),
  generateHold(6, { kind: "bounce-all", envelope: "wide", fsHz: 50 }),
  generateHold(7, { kind: "steady-regrip", envelope: "wide", fsHz: 25 }),
  generateHold(11, { kind: "bounce-all", envelope: "wide", fsHz: 100, settling: true }),
];

describe("round eight's hooks in the patched detector", () => {
  it("warns exactly as today's detector when told of held-back runs and warnings and when every settling run stays held back", async () => {
    const patched = await loadScorerDetector();
    for (const hold of holds) {
      const today = warningTimes(hold, new BounceDetector("normal"));
      let warned = 0;
      patched.HOOK.heldBack = () => undefined;
      patched.HOOK.warned = () => void warned++;
      patched.HOOK.settlingVeto = () => true;
      expect(warningTimes(hold, new patched.BounceDetector(1))).toEqual(today);
      expect(warned).toBe(today.length);
      patched.HOOK.heldBack = patched.HOOK.warned = patched.HOOK.settlingVeto = null;
      patched.HOOK.early = () => 0;
      expect(warningTimes(hold, new patched.BounceDetector(1))).toEqual(today);
      patched.HOOK.early = null;
    }
  });

  it("a settling run released warns at once: the first warning never comes later, and a bout from the start warns sooner", async () => {
    const patched = await loadScorerDetector();
    let sooner = 0;
    let asked = 0;
    for (const hold of holds) {
      const today = warningTimes(hold, new BounceDetector("normal"));
      patched.HOOK.settlingVeto = () => (asked++, false);
      const released = warningTimes(hold, new patched.BounceDetector(1));
      patched.HOOK.settlingVeto = null;
      if (today.length > 0) {
        expect(released[0]).toBeLessThanOrEqual(today[0]);
        if (released[0] < today[0]) sooner++;
      }
    }
    expect(asked).toBeGreaterThan(0);
    expect(sooner).toBeGreaterThan(0);
  });

  it("two-sided runs warn no later than three-lobe runs, and not at all under an impossible gate", async () => {
    const patched = await loadScorerDetector();
    const S = patched.SLOTS;
    const hold = holds[0];
    const today = warningTimes(hold, new BounceDetector("normal"));
    expect(today.length).toBeGreaterThan(0);
    patched.HOOK.early = (s) => earlyRun(s, S, { meanLobe: 1.2, minInterval: 0, minMoving: 0 });
    const early = warningTimes(hold, new patched.BounceDetector(1));
    patched.HOOK.early = (s) => earlyRun(s, S, { meanLobe: 1e9, minInterval: 0, minMoving: 0 });
    const never = warningTimes(hold, new patched.BounceDetector(1));
    patched.HOOK.early = null;
    expect(early[0]).toBeLessThanOrEqual(today[0]);
    expect(never).toEqual(today);
  });
});

describe("boutTraits", () => {
  it("reads a bout's tugs, shape, size and period from a hold's description", () => {
    expect(boutTraits("bounce 30 Hz 4 tugs raised-cosine 1043 ms 3.0 cm 0.6° every 1082 ms")).toEqual({
      tugs: 4,
      shape: "raised-cosine",
      cm: 3,
      periodMs: 1082,
    });
    const hold = generateHold(5, { kind: "bounce", envelope: "base" });
    const traits = boutTraits(hold.description);
    expect(traits.tugs).toBeGreaterThanOrEqual(4);
    expect(traits.periodMs).toBeGreaterThan(300);
  });

  it("gives NaN for a hold without a bout", () => {
    expect(boutTraits("steady 50 Hz").tugs).toBeNaN();
  });
});
