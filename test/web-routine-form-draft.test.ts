// The routine form's content (web/src/routine-form.ts routineFormContent) and the store's record of a
// refused draft (web/src/store.ts): the user's draft stays in the form while it waits for a watch or
// after a watch refused it, so Save sends the user's routine again, never the watch's.
import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { routineFormContent } from "../web/src/routine-form";
import { MemoryStore, readDraftStatus } from "../web/src/store";

const DRAFT: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 45 };
const WATCH: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 20 };

describe("routineFormContent", () => {
  it("shows a refused draft with the watch's reason, over the watch's routine", () => {
    const content = routineFormContent(WATCH, { routine: DRAFT, waiting: false, refusal: "invalid parameter" });
    expect(content.routine).toEqual(DRAFT);
    expect(content.note).toBe(
      "The watch refused this routine (invalid parameter) and keeps its own: change it and save again.",
    );
  });

  it("shows a waiting draft over the watch's routine, and says it is not on the watch yet", () => {
    const content = routineFormContent(WATCH, { routine: DRAFT, waiting: true, refusal: null });
    expect(content.routine).toEqual(DRAFT);
    expect(content.note).toMatch(/not yet on the watch/);
  });

  it("shows the watch's routine once the draft was taken; with no watch, the draft, else the default", () => {
    expect(routineFormContent(WATCH, { routine: DRAFT, waiting: false, refusal: null })).toEqual({
      routine: WATCH,
      note: "",
    });
    expect(routineFormContent(null, { routine: DRAFT, waiting: false, refusal: null }).routine).toEqual(DRAFT);
    expect(routineFormContent(null, { routine: null, waiting: false, refusal: null }).routine).toEqual(DEFAULT_ROUTINE);
  });
});

describe("a refused draft in the store", () => {
  it("is no longer unsent, keeps its reason until the next save, and a refusal of an older draft is ignored", async () => {
    const store = new MemoryStore({ lasting: true });
    await store.saveRoutineDraft(DRAFT);
    await store.routineDraftRefused(WATCH, "invalid parameter", "Bangle.js aaaa"); // not the draft saved now
    expect(await readDraftStatus(store)).toEqual({ routine: DRAFT, waiting: true, refusal: null });
    await store.routineDraftRefused({ ...DRAFT }, "invalid parameter", "Bangle.js aaaa");
    expect(await readDraftStatus(store)).toEqual({ routine: DRAFT, waiting: false, refusal: "invalid parameter" });
    await store.saveRoutineDraft(WATCH);
    expect(await readDraftStatus(store)).toEqual({ routine: WATCH, waiting: true, refusal: null });
  });
});
