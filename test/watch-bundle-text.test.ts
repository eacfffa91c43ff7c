// The watch's 64 KB heap holds its code: phone-only texts must stay out of the built device bundles.
// Rollup drops what the watch does not import; a watch module that reaches a phone-only function
// (the routine labels, the result decoder) drags its strings onto the watch, which these checks catch.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTINE_LABELS } from "../common/routine";
import { deviceFiles, loadBundle, packagePath } from "../sim/bundle";

const ROOT = path.resolve(__dirname, "..");
// Labels that are no word of the watch's own screens ("Hold", "Get ready" are).
const LABELS = ["repsPerLeg", "restSeconds", "switchSeconds", "lastSecondsCue", "sensitivity", "dailyGoal"] as const;
// Texts only the phone's result decoder produces.
const RESULT_DECODER_TEXTS = ["differs from the routine's", "bounce warnings exceed", "is not a plausible timestamp"];
// The rejections' texts: the watch logs the reason's code (common/protocol.ts REASON_*, byCode), so its
// heap does not keep these strings for the whole run (JerryScript keeps every literal string it parses).
const REJECTION_TEXTS = [
  "invalid routine (",
  "is not supported (this side reads",
  "got kind ",
  " fields but got ",
  "routine must be a list of ",
  " is outside ",
  " is not one of ",
  " is not a whole number",
  ", the file's",
  "unreadable (",
];

for (const target of ["atlas", "mira"]) {
  describe("device bundle of " + target, () => {
    const fba = packagePath(ROOT, target);
    it("carries the watch's routine checks but not the phone's labels, rejection texts or result decoder", () => {
      // The entry and any chunks split off at an import(): the watch may parse all of them.
      const code = deviceFiles(loadBundle(fba, target))
        .map((f) => f.code)
        .join("\n");
      // The routine's limits (common/routine.ts FIELD_LIMITS): the watch checks every field against them.
      expect(code).toContain("towel/band/none/seated low/normal/high");
      for (const key of LABELS) expect(code).not.toContain(ROUTINE_LABELS[key].label);
      for (const text of [...RESULT_DECODER_TEXTS, ...REJECTION_TEXTS]) expect(code).not.toContain(text);
    });
  });
}
