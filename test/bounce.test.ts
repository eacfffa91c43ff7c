import { describe, expect, it } from "vitest";
import { BounceDetector, sensorInverseGain } from "../common/bounce";
import { Sensitivity } from "../common/routine";
import { undoSensorLowPass, warningTimes } from "../model/detector-run";
import {
  BOUNCE_KINDS,
  CALM_KINDS,
  GeneratedHold,
  PULSE_SHAPES,
  Vec3,
  generateHold,
  generateHoldSet,
} from "../model/holds";

const CATCH_AFTER_END_MS = 2000;

function warnings(hold: GeneratedHold, sensitivity: Sensitivity = "normal"): number[] {
  return warningTimes(hold, new BounceDetector(sensitivity));
}

/** Warnings that fall outside every bout's catching window. */
function falseWarnings(hold: GeneratedHold, times: number[]): number[] {
  return times.filter((t) => !hold.bouts.some((b) => t >= b.startMs && t <= b.endMs + CATCH_AFTER_END_MS));
}

function caught(hold: GeneratedHold, times: number[]): boolean {
  return hold.bouts.every((b) => times.some((t) => t >= b.startMs && t <= b.endMs + CATCH_AFTER_END_MS));
}

describe("seeded hold generator", () => {
  it("gives the same hold for the same seed and a different one for another seed", () => {
    const a = generateHold(42);
    const b = generateHold(42);
    const c = generateHold(43);
    expect(b).toEqual(a);
    expect(c.x).not.toEqual(a.x);
    expect(generateHoldSet(7, 5)).toEqual(generateHoldSet(7, 5));
  });

  it("labels bouncing holds with a bout inside the hold and calm holds with none", () => {
    for (const hold of generateHoldSet(11, 26)) {
      if (CALM_KINDS.indexOf(hold.kind) >= 0) expect(hold.bouts).toEqual([]);
      else {
        expect(hold.bouts.length).toBe(1);
        expect(hold.bouts[0].startMs).toBeGreaterThanOrEqual(0);
        expect(hold.bouts[0].startMs).toBeLessThan(hold.bouts[0].endMs);
        expect(hold.bouts[0].endMs).toBeLessThan(hold.durationMs);
      }
      // Strictly increasing times inside the hold; readings near gravity when calm on average.
      for (let i = 1; i < hold.t.length; i++) expect(hold.t[i]).toBeGreaterThan(hold.t[i - 1]);
      expect(hold.t[hold.t.length - 1]).toBeLessThan(hold.durationMs);
      const i = Math.floor(hold.t.length / 2);
      expect(Math.hypot(hold.x[i], hold.y[i], hold.z[i])).toBeGreaterThan(5);
    }
  });

  it("pinning one parameter leaves the others as the seed draws them", () => {
    const free = generateHold(5, { kind: "bounce" });
    const pinnedOrientation = generateHold(5, { kind: "bounce", orientation: [0, 0, 0] });
    expect(pinnedOrientation.bouts).toEqual(free.bouts);
    expect(pinnedOrientation.t).toEqual(free.t);
    // The same physical motion seen from another orientation keeps the size of every reading.
    const i = Math.floor(free.t.length / 3);
    expect(Math.hypot(pinnedOrientation.x[i], pinnedOrientation.y[i], pinnedOrientation.z[i])).toBeCloseTo(
      Math.hypot(free.x[i], free.y[i], free.z[i]),
      0,
    );
  });
});

describe("wide hold model", () => {
  it("keeps the base envelope as it was and draws the wide one from the same seed differently", () => {
    const base = generateHold(42, { kind: "bounce" });
    expect(generateHold(42, { kind: "bounce", envelope: "base" })).toEqual(base);
    const wide = generateHold(42, { kind: "bounce", envelope: "wide" });
    expect(wide.x).not.toEqual(base.x);
    expect(base.sensorFilter).toBeUndefined();
  });

  it("puts 12.5 Hz behind the KX023's ODR/9 filter and 25–100 Hz behind ODR/2 or a period average", () => {
    for (const hold of generateHoldSet(5, 60, "w", "wide")) {
      if (hold.fsHz === 12.5) expect(hold.sensorFilter).toBe("iir-odr9");
      else expect(["iir-odr2", "average"]).toContain(hold.sensorFilter);
    }
  });

  it("models the sensor's filter: a 3 Hz pull reaches a 12.5 Hz reading at about 0.4× behind ODR/9, and undoing it restores it", () => {
    const size = (hold: GeneratedHold, from: number, to: number) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < hold.t.length; i++) {
        if (hold.t[i] < from || hold.t[i] > to) continue;
        const m = Math.hypot(hold.x[i], hold.y[i], hold.z[i]);
        lo = Math.min(lo, m);
        hi = Math.max(hi, m);
      }
      return hi - lo;
    };
    const options = {
      kind: "bounce" as const,
      envelope: "wide" as const,
      settling: false,
      fsHz: 12.5,
      bounceHz: 3,
      shape: "raised-cosine" as const,
      tugMetres: 0.04,
      tugDegrees: 0.1,
      bounceTugs: 12,
      orientation: [0, 0, 0] as Vec3,
      jitterMs: 0,
    };
    const filtered = generateHold(9, { ...options, filter: "iir-odr9" });
    const open = generateHold(9, { ...options, filter: "iir-odr2" });
    const bout = filtered.bouts[0];
    const ratio =
      size(filtered, bout.startMs + 1000, bout.endMs - 500) / size(open, bout.startMs + 1000, bout.endMs - 500);
    expect(ratio).toBeGreaterThan(0.3);
    expect(ratio).toBeLessThan(0.6);
    const undone = { ...filtered, ...undoSensorLowPass(filtered, 1 / 9) } as GeneratedHold;
    const restored =
      size(undone, bout.startMs + 1000, bout.endMs - 500) / size(open, bout.startMs + 1000, bout.endMs - 500);
    expect(restored).toBeGreaterThan(0.75);
    expect(restored).toBeLessThan(1.35);
    expect(sensorInverseGain(0)).toBe(0);
    expect(sensorInverseGain(1 / 9)).toBeCloseTo(Math.exp((-2 * Math.PI) / 9) / (1 - Math.exp((-2 * Math.PI) / 9)), 12);
  });

  it("starts wide holds with settling that the detector does not warn on", () => {
    let settled = 0;
    for (let seed = 800; seed < 1000; seed++) {
      const hold = generateHold(seed, { kind: "steady", envelope: "wide", settling: true, fsHz: 50 });
      expect(hold.description).toContain("settling");
      if (warnings(hold).length === 0) settled++;
    }
    // The wide model's settling can mimic three rhythmic tugs; the bench reports how often. (Round
    // two's detector, whose settling ended at 3 s, left 191 of these 200 clean; round three 198.)
    expect(settled).toBeGreaterThanOrEqual(197);
  });

  it("waits out grip adjustments that go on past 3 s: settling lasts until the hold is quiet once, up to 4.5 s", () => {
    // Wide model, tuning seed 6, hold 20: three grip adjustments in its first seconds. Round two's
    // detector warned at 3.48 s, and so does this one with its settling cut at 3 s flat.
    const hold = generateHold(2121455737, { kind: "double-tug", envelope: "wide" });
    expect(hold.description).toContain("settling");
    expect(warnings(hold)).toEqual([]);
  });
  it("holds back a run that starts in the settling seconds right after other motion: a grip adjustment after a quiet moment", () => {
    // Wide model, tuning seeds 2, 4, 4, holds 106, 276, 369: runs whose first lobe came at 2.3–2.7 s,
    // less than half a second after the hold's last quiet moment. Round three warned at 3.28 s,
    // 4.88 s and 5.52 s (+ 11.05 s); a run that starts in the settling seconds now needs one more tug.
    for (const [seed, kind] of [
      [1572889273, "steady"],
      [2093474088, "steady-regrip"],
      [1527108898, "single-tug"],
    ] as const) {
      const hold = generateHold(seed, { kind, envelope: "wide" });
      expect(warnings(hold), hold.description).toEqual([]);
    }
  });
});

describe("bounce detector on generated bouncing", () => {
  const rates = [0.8, 1.5, 2.8];
  const sampleRates = [12.5, 25, 50, 100];
  it.each(rates)(
    "warns during a clear bouncing run at %s Hz, at every sample rate and in any orientation",
    (rateHz) => {
      let seed = 100;
      for (const fsHz of sampleRates) {
        for (const shape of PULSE_SHAPES) {
          // Mostly a linear pull: a big wrist rotation can cancel part of it (the generator models that too).
          const hold = generateHold(seed++, {
            kind: "bounce",
            bounceHz: rateHz,
            fsHz,
            shape,
            tugMetres: 0.04,
            tugDegrees: 1,
            bounceTugs: 6,
          });
          const times = warnings(hold);
          expect(caught(hold, times), `${hold.description} warned at ${times.join(",")}`).toBe(true);
          expect(falseWarnings(hold, times)).toEqual([]);
          // With the third tug: three and a half (jittery) tug periods after the bout starts, plus the filters' delay.
          const latency = times[0] - hold.bouts[0].startMs;
          expect(latency, hold.description).toBeLessThan((3.5 / rateHz) * 1000 + 500);
        }
      }
    },
  );

  it("catches slow steady bouncing by its third swing to one side, about two and a half periods after onset", () => {
    // Round three dropped the separate slow path (four half-waves, about 1.5 periods): on the wide
    // tuning sets it caught 2 bouts the runs missed and raised 11 false warnings. So slow bouncing
    // now waits for a run's third lobe (at 0.7 Hz about 3.5 s, over the 2.5 s p90 target; see docs/bounce.md).
    for (const rateHz of [0.7, 0.8, 0.9, 1.0]) {
      const onsetMs = 5000;
      const times = warningTimes(sinusoidalBounce(rateHz, onsetMs, 0.6), new BounceDetector("normal"));
      expect(times.length, `${rateHz} Hz`).toBeGreaterThan(0);
      const periods = ((times[0] - onsetMs) / 1000) * rateHz;
      expect(periods, `${rateHz} Hz`).toBeGreaterThan(1.5);
      expect(periods, `${rateHz} Hz`).toBeLessThan(2.6);
    }
  });

  it("warns again during a long run only after the refractory time", () => {
    const hold = generateHold(3, {
      kind: "bounce-all",
      bounceHz: 2,
      tugMetres: 0.03,
      tugDegrees: 3,
      durationMs: 30000,
    });
    const times = warnings(hold);
    expect(times.length).toBeGreaterThan(2);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(4000);
  });

  it("keeps warning while the bouncing goes on: after the first warning never more than 6 s without one, at any rate", () => {
    let seed = 300;
    for (const bounceHz of [1.0, 1.5, 2.2, 3.0]) {
      for (const fsHz of [12.5, 25, 50, 100]) {
        const hold = generateHold(seed++, {
          kind: "bounce-all",
          bounceHz,
          fsHz,
          durationMs: 45000,
          tugMetres: 0.03,
          tugDegrees: 2,
        });
        const times = warnings(hold);
        const bout = hold.bouts[0];
        expect(times.length, hold.description).toBeGreaterThan(0);
        const edges = [...times, bout.endMs];
        for (let i = 1; i < edges.length; i++)
          expect(edges[i] - edges[i - 1], `${hold.description}: ${times.join(",")}`).toBeLessThanOrEqual(6000);
        expect(falseWarnings(hold, times)).toEqual([]);
      }
    }
  });

  it("warns on bouncing from the first instant within the settling seconds once one more tug confirms the run", () => {
    // 2.5 Hz from 0.2–0.3 s: the first run comes in the settling seconds and waits for its next tug.
    for (const [seed, fsHz] of [
      [775, 50],
      [825, 100],
    ]) {
      const hold = generateHold(seed, {
        kind: "bounce-all",
        bounceHz: 2.5,
        fsHz,
        tugMetres: 0.03,
        tugDegrees: 2,
        envelope: "wide",
        settling: false,
      });
      const times = warnings(hold);
      expect(hold.bouts[0].startMs, hold.description).toBeLessThan(500);
      expect(times[0], hold.description).toBeGreaterThan(hold.bouts[0].startMs);
      expect(times[0], hold.description).toBeLessThan(3000);
    }
  });

  it("does not let a settling movement hide the bouts that come long after it", () => {
    // Wide model, tuning seeds 2 and 6, holds 193 and 242: a grip adjustment in the first seconds
    // left a lobe 4–5× the threshold, and until round four every later lobe of its side had to reach
    // 0.45 of it (the side-lobe rule) however long ago it was, so the bouts at 19 s and 32 s, at
    // 1.2–1.7× the threshold, were never seen. The rule now holds for 10 s after a lobe.
    for (const [seed, kind] of [
      [1399080292, "bounce-late"],
      [1476754593, "bounce"],
    ] as const) {
      const hold = generateHold(seed, { kind, envelope: "wide" });
      const times = warnings(hold);
      expect(caught(hold, times), `${hold.description}: ${times.join(",")}`).toBe(true);
      expect(falseWarnings(hold, times)).toEqual([]);
    }
  });

  it("does not hold back bouncing that starts out of a quiet hold in the settling seconds", () => {
    // Only a run whose first tug follows other motion within half a second waits for one more tug:
    // bouncing from 1.5–2.3 s after a calm start warns with its third tug to one side (about 2.5
    // periods after onset, plus the filters' delay), or just after 3 s when that comes sooner.
    for (const onsetMs of [1500, 1800, 2000, 2300]) {
      for (const rateHz of [1, 1.5, 2, 2.5]) {
        const times = warningTimes(sinusoidalBounce(rateHz, onsetMs, 0.6), new BounceDetector("normal"));
        const thirdTugMs = onsetMs + (2.7 / rateHz) * 1000 + 100;
        expect(times[0], `${rateHz} Hz from ${onsetMs} ms`).toBeLessThanOrEqual(Math.max(3300, thirdTugMs));
      }
    }
  });

  it("does not keep warning on a hold's own wobble: a bout no new run confirms warns by its swings once at most", () => {
    // Wide model, tuning seed 4, hold 236: a steady hold whose slow wobble (0.3–0.4 m/s² half-waves
    // at ~0.5 Hz) passes for a slow run once at 4.9 s. The wobble's swings kept that bout open, and
    // when swings alone could re-warn, it warned every ~4.4 s to the end (10 warnings).
    const hold = generateHold(1743818025, { kind: "steady", envelope: "wide" });
    expect(warnings(hold).length).toBeLessThanOrEqual(2);
  });

  it("measures the time spent bouncing: about the bout's length, none in a calm hold, per hold after reset", () => {
    const detector = new BounceDetector("normal");
    for (let seed = 400; seed < 412; seed++) {
      const hold = generateHold(seed, {
        kind: "bounce",
        fsHz: 25 + (seed % 2) * 25,
        bounceHz: 1.2 + (seed % 4) * 0.4,
        bounceTugs: 10,
        tugMetres: 0.03,
        tugDegrees: 2,
      });
      warningTimes(hold, detector);
      const boutMs = hold.bouts[0].endMs - hold.bouts[0].startMs;
      // From the first tug to the last swing the detector sees: the last tug's tail may fall short.
      expect(detector.bouncingMs(), hold.description).toBeGreaterThanOrEqual(boutMs - 1500);
      // ... and the band-pass rings on for a moment after it (the same 2 s a warning may come late).
      expect(detector.bouncingMs(), hold.description).toBeLessThanOrEqual(boutMs + 2000);
    }
    warningTimes(generateHold(413, { kind: "steady" }), detector);
    expect(detector.bouncingMs()).toBe(0);
  });

  it("catches nearly all the bouts of a mixed generated set and raises no false warning", () => {
    const holds = generateHoldSet(2024, 104).filter((h) => BOUNCE_KINDS.indexOf(h.kind) >= 0 || h.kind === "steady");
    let bouts = 0;
    let hits = 0;
    for (const hold of holds) {
      const times = warnings(hold);
      expect(falseWarnings(hold, times), hold.description).toEqual([]);
      bouts += hold.bouts.length;
      if (hold.bouts.length > 0 && caught(hold, times)) hits++;
    }
    expect(hits / bouts).toBeGreaterThanOrEqual(0.9);
  });
});

describe("bounce detector on calm holds", () => {
  it.each(CALM_KINDS)("never warns on %s holds", (kind) => {
    for (let seed = 1; seed <= 25; seed++) {
      const hold = generateHold(seed * 7919, { kind });
      expect(warnings(hold), hold.description).toEqual([]);
    }
  });

  it("does not warn on tugs that each pull another way (120° round from the last), while the same tugs along one line warn", () => {
    // Six strong tugs at 50 Hz, 0.5 or 0.8 s apart, each a pull and a push along its own horizontal
    // direction: a hand fidgeting, not one movement repeated (round ten).
    const tugs = (turnDeg: number, spacingS: number) => {
      const detector = new BounceDetector("normal");
      const warned: number[] = [];
      for (let k = 0; k < 1000; k++) {
        const tS = k / 50;
        let x = 0;
        let y = 0;
        for (let i = 0; i < 6; i++) {
          const u = (tS - 4 - spacingS * i) / 0.3;
          if (u <= 0 || u >= 1) continue;
          const a = 3 * Math.sin(2 * Math.PI * u);
          x += a * Math.cos((i * turnDeg * Math.PI) / 180);
          y += a * Math.sin((i * turnDeg * Math.PI) / 180);
        }
        if (detector.push(k * 20, x, y, 9.81)) warned.push(k * 20);
      }
      return warned;
    };
    for (const spacingS of [0.5, 0.8]) {
      expect(tugs(0, spacingS).length).toBeGreaterThan(0);
      expect(tugs(120, spacingS)).toEqual([]);
    }
  });

  it("never warns on two quick strong tugs in a row, whatever their shape", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const hold = generateHold(seed, { kind: "double-tug", tugMetres: 0.04, tugDegrees: 4 });
      expect(warnings(hold), hold.description).toEqual([]);
    }
  });
});

describe("bounce detector behaviour", () => {
  it("does not depend on how the watch sits on the wrist", () => {
    const orientations: Vec3[] = [
      [0, 0, 0],
      [Math.PI, 0, 0],
      [0, Math.PI / 2, 0],
      [1.1, -0.7, 2.3],
    ];
    // At 50 Hz: at 12.5 Hz a fast bounce is aliased, and turning the sensor frame changes the
    // quantisation of each axis, so a lobe just at the threshold may fall either way.
    for (let seed = 1; seed <= 6; seed++) {
      const reference = warnings(
        generateHold(seed, { kind: "bounce", tugMetres: 0.02, tugDegrees: 2, fsHz: 50, orientation: orientations[0] }),
      );
      expect(reference.length).toBeGreaterThan(0);
      for (const orientation of orientations.slice(1)) {
        const turned = warnings(
          generateHold(seed, { kind: "bounce", tugMetres: 0.02, tugDegrees: 2, fsHz: 50, orientation }),
        );
        expect(turned.length).toBe(reference.length);
        turned.forEach((t, i) => expect(Math.abs(t - reference[i])).toBeLessThanOrEqual(250));
      }
    }
  });

  it("starts afresh on reset: the same hold gives the same warnings, and a calm hold after bouncing none", () => {
    const bouncing = generateHold(8, { kind: "bounce-all", tugMetres: 0.03, tugDegrees: 3 });
    const calm = generateHold(9, { kind: "steady" });
    const detector = new BounceDetector("normal");
    const first = warningTimes(bouncing, detector);
    expect(first.length).toBeGreaterThan(0);
    expect(warningTimes(bouncing, detector)).toEqual(first);
    expect(warningTimes(calm, detector)).toEqual([]);
    expect(detector.steadiness()).toBeGreaterThan(0);
    detector.reset();
    expect(detector.steadiness()).toBe(-1);
  });

  it("carries a hold resumed after the app was closed: its bouncing time adds on, its score caps the new one", () => {
    const calm = generateHold(9, { kind: "steady" });
    const fresh = new BounceDetector("normal");
    warningTimes(calm, fresh);
    const ownScore = fresh.steadiness();
    expect(ownScore).toBeGreaterThan(40);
    const push = (d: BounceDetector) => {
      for (let i = 0; i < calm.t.length; i++) d.push(calm.t[i], calm.x[i], calm.y[i], calm.z[i]);
    };
    const resumed = new BounceDetector("normal");
    resumed.reset("high", 7000, 40);
    expect(resumed.bouncingMs()).toBe(7000);
    expect(resumed.steadiness()).toBe(-1); // no data of its own yet
    push(resumed);
    expect(resumed.bouncingMs()).toBe(7000 + fresh.bouncingMs());
    expect(resumed.steadiness()).toBe(40);
    resumed.reset("normal", 0, 100); // a carried score above the hold's own changes nothing
    push(resumed);
    expect(resumed.steadiness()).toBe(ownScore);
    resumed.reset(); // a new hold carries nothing
    push(resumed);
    expect(resumed.bouncingMs()).toBe(fresh.bouncingMs());
  });

  it("is more eager at high sensitivity and more reserved at low sensitivity", () => {
    // Gentle bouncing that sits near the thresholds.
    const holds = generateHoldSet(77, 130).filter((h) => BOUNCE_KINDS.indexOf(h.kind) >= 0);
    const count = (sensitivity: Sensitivity) => holds.filter((h) => caught(h, warnings(h, sensitivity))).length;
    const low = count("low");
    const normal = count("normal");
    const high = count("high");
    expect(low).toBeLessThan(normal);
    expect(normal).toBeLessThanOrEqual(high);
    // reset(sensitivity) changes it for the next hold.
    const gentle = holds.find((h) => !caught(h, warnings(h, "low")) && caught(h, warnings(h, "normal")));
    expect(gentle).toBeDefined();
    const detector = new BounceDetector("normal");
    detector.reset("low");
    expect(caught(gentle!, collect(detector, gentle!))).toBe(false);
  });

  it("skips bad samples and repeated time stamps without crashing or warning", () => {
    const detector = new BounceDetector("normal");
    let fired = false;
    for (let i = 0; i < 1500; i++) {
      const t = i * 20;
      fired = detector.push(t, 0.1, 9.8, 0.2) || fired;
      fired = detector.push(t, NaN, 9.8, 0.2) || fired;
      fired = detector.push(t - 5, 50, -50, 50) || fired;
      fired = detector.push(Infinity, 0, 0, 0) || fired;
    }
    expect(fired).toBe(false);
    expect(detector.steadiness()).toBeGreaterThanOrEqual(95);
  });

  it("restarts its filters after a gap in the samples instead of seeing a jump as a tug", () => {
    const hold = generateHold(12, { kind: "steady", fsHz: 25 });
    const detector = new BounceDetector("high");
    detector.reset();
    const times: number[] = [];
    for (let i = 0; i < hold.t.length; i++) {
      // The sensor pauses for 3 s in the middle and the watch is turned over when it resumes.
      const late = i > hold.t.length / 2;
      const t = hold.t[i] + (late ? 3000 : 0);
      if (detector.push(t, late ? -hold.x[i] : hold.x[i], late ? -hold.y[i] : hold.y[i], hold.z[i])) times.push(t);
    }
    expect(times).toEqual([]);
  });
});

describe("steadiness score", () => {
  it("is -1 before a second of data, 0–100 after, and lower for bouncing than for a calm hold", () => {
    const detector = new BounceDetector("normal");
    expect(detector.steadiness()).toBe(-1);
    detector.push(0, 0, 9.8, 0);
    detector.push(500, 0, 9.8, 0);
    expect(detector.steadiness()).toBe(-1);
    const calm = generateHold(21, { kind: "steady" });
    const bouncing = generateHold(21, { kind: "bounce-all", tugMetres: 0.03, tugDegrees: 3 });
    warningTimes(calm, detector);
    const calmScore = detector.steadiness();
    warningTimes(bouncing, detector);
    const bouncingScore = detector.steadiness();
    for (const score of [calmScore, bouncingScore]) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
      expect(Number.isInteger(score)).toBe(true);
    }
    expect(calmScore).toBeGreaterThan(70);
    expect(bouncingScore).toBeLessThan(calmScore - 30);
  });
});

function collect(detector: BounceDetector, hold: GeneratedHold): number[] {
  const times: number[] = [];
  for (let i = 0; i < hold.t.length; i++)
    if (detector.push(hold.t[i], hold.x[i], hold.y[i], hold.z[i])) times.push(hold.t[i]);
  return times;
}

/** Gravity, faint noise, and from `onsetMs` a sinusoidal pull of `amplitude` m/s² at `rateHz`, sampled at 50 Hz for 15 s. */
function sinusoidalBounce(rateHz: number, onsetMs: number, amplitude: number) {
  const hold = { t: [] as number[], x: [] as number[], y: [] as number[], z: [] as number[] };
  let seed = 7;
  const noise = () => {
    seed = (seed * 16807) % 2147483647;
    return 0.02 * (seed / 2147483647 - 0.5);
  };
  for (let t = 0; t < 15000; t += 20) {
    const pull = t >= onsetMs ? amplitude * Math.sin((2 * Math.PI * rateHz * (t - onsetMs)) / 1000) : 0;
    hold.t.push(t);
    hold.x.push(0.6 * pull + noise());
    hold.y.push(0.8 * pull + noise());
    hold.z.push(9.81 + noise());
  }
  return hold;
}
