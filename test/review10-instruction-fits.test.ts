// Review 10 found the session screen's instruction cut: the get-ready text, "Lie on your back, towel
// behind the left thigh, lift the leg to vertical", needs three lines, and the box
// (<textarea id="phase-instruction">) held two on Versa 2 / Versa / Versa Lite and on Versa 3 / Sense.
// Now every instruction the engine writes (each aid and leg, hold, rest, paused) must fit its box on
// every target, and the box must sit between the countdown and the end-hold button. Font metrics
// are estimates (no font file to measure): an average advance of half an em, wider than ordinary
// proportional text, and lines 1.2 em apart; the countdown's digits rise 0.72 em above the baseline.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Aid, DEFAULT_ROUTINE, Routine } from "../common/routine";
import { newSession, reduceSession } from "../common/session";
import { describeScreen } from "../common/screen-text";
import { loadBundle, packagePath } from "../sim/bundle";
import { Simulation } from "../sim/simulation";

const ROOT = path.resolve(__dirname, "..");
const AVERAGE_CHAR_EM = 0.5;
const LINE_EM = 1.2;
const DIGIT_RISE_EM = 0.72;

/** Lines greedy word wrap needs for `text` at `perLine` characters a line. */
function linesNeeded(text: string, perLine: number): number {
  let lines = 1;
  let used = 0;
  for (const word of text.split(" ")) {
    const add = used === 0 ? word.length : used + 1 + word.length;
    if (add <= perLine) used = add;
    else {
      lines++;
      used = word.length;
    }
  }
  return lines;
}

function fontSize(css: string, className: string): number {
  const rule = new RegExp(`\\.${className}\\s*\\{([^}]*)\\}`).exec(css);
  const size = rule && /font-size\s*:\s*(\d+)/.exec(rule[1]);
  if (!size) throw new Error(`no .${className} font-size`);
  return Number(size[1]);
}

/** Every instruction the session screen can show: each aid and leg in get-ready, then hold, rest and paused. */
function instructions(): string[] {
  const texts = new Set<string>();
  for (const aid of ["towel", "band", "none", "seated"] as Aid[])
    for (const firstLeg of ["left", "right"] as const) {
      const routine: Routine = { ...DEFAULT_ROUTINE, aid, firstLeg, getReadySeconds: 5, restSeconds: 5 };
      let state = reduceSession(newSession(routine, "t"), { type: "start" }, 0).state;
      texts.add(describeScreen(state, 1000).instruction); // get ready
      state = reduceSession(state, { type: "tick" }, 6000).state;
      texts.add(describeScreen(state, 7000).instruction); // hold
      state = reduceSession(state, { type: "tick" }, 6000 + routine.holdSeconds * 1000).state;
      texts.add(describeScreen(state, 7000 + routine.holdSeconds * 1000).instruction); // rest
      state = reduceSession(state, { type: "pause" }, 8000 + routine.holdSeconds * 1000).state;
      texts.add(describeScreen(state, 9000 + routine.holdSeconds * 1000).instruction); // paused
    }
  return [...texts];
}

describe("the session screen's instruction fits its box", () => {
  const texts = instructions();

  it("covers the longest instructions", () => {
    expect(texts).toContain("Lie on your back, hands behind the right thigh, lift the leg to vertical");
    expect(texts).toContain("Pull gently until you feel the stretch. Keep it still.");
    expect(texts.length).toBeGreaterThanOrEqual(6);
  });

  for (const target of ["mira", "gemini", "meson", "higgs", "atlas"]) {
    it(`on ${target}: every instruction, between the countdown and the end-hold button`, async () => {
      const fba = packagePath(ROOT, target);
      if (!fs.existsSync(fba)) throw new Error(`${fba} is missing: run "npm run build"`);
      const bundle = loadBundle(fba, target);
      const sim = new Simulation({ bundle, jitterMs: 40, seed: 5 });
      await sim.act(() => sim.launchWatch());
      const box = sim.element("phase-instruction");
      const body = fontSize(bundle.views.css, "body");
      const perLine = Math.floor(box.width / (AVERAGE_CHAR_EM * body));
      for (const text of texts) {
        const lines = linesNeeded(text, perLine);
        expect(
          lines * body * LINE_EM,
          `"${text}": ${lines} lines of ${body} px in ${box.width} × ${box.height}`,
        ).toBeLessThanOrEqual(box.height);
      }
      expect(box.y + box.height).toBeLessThanOrEqual(sim.element("end-hold-button").y);
      const countdown = sim.element("countdown");
      expect(countdown.y).toBeLessThanOrEqual(sim.element("steady-bar").y);
      expect(sim.element("steady-bar").y + sim.element("steady-bar").height).toBeLessThanOrEqual(box.y);
      const digitsTop = countdown.y - DIGIT_RISE_EM * fontSize(bundle.views.css, "countdown");
      expect(digitsTop).toBeGreaterThan(sim.element("rep-text").y);
    });
  }
});
