// While the user has unsaved edits, a routine read from the watch fills the fields they did not edit
// (review 46); the page then says what it changed there, so a Save does not send a change unseen.
import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTINE } from "../common/routine";
import { followedChanges, routineToForm } from "../web/src/routine-form";

describe("followedChanges", () => {
  const shown = routineToForm(DEFAULT_ROUTINE);

  it("names each untouched field the watch's routine changed, with units and choice names", () => {
    const read = { ...DEFAULT_ROUTINE, repsPerLeg: 5, restSeconds: 20, aid: "band" as const };
    expect(followedChanges(shown, read, new Set(["holdSeconds"]))).toBe(
      "Holds per leg 3 → 5; Rest between holds 10 s → 20 s; Aid Towel → Band",
    );
  });

  it("leaves out the fields the user edited, and says nothing when nothing else changed", () => {
    const read = { ...DEFAULT_ROUTINE, holdSeconds: 45 };
    expect(followedChanges(shown, read, new Set(["holdSeconds"]))).toBe("");
    expect(followedChanges(shown, DEFAULT_ROUTINE, new Set(["holdSeconds"]))).toBe("");
  });
});
