// Review 19: the user edits the routine while no watch is connected and presses Save. main.ts
// submitRoutine stores it as the draft (store.saveRoutineDraft) and answers "Saved on this device.
// Connect a watch (or the simulated one) to send it." Then the user connects. Nothing sends the
// draft: WearableClient.connectOnce only READS the watch's routine, and the page's wiring
// (wearableRoutine$ → fillRoutineForm) overwrites the edited form with the watch's old routine. The
// next session runs the old routine, the edit is gone from the form, and nothing says so — the
// promised "connect to send it" never happens. The client holds the store, so it can see the unsent
// draft at connect and write it (confirmed through the control point) before reading the routine.
// This test walks the page's own steps: save the draft while disconnected, then connect.
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../web/src/store";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { demoClient, demoClock } from "./support/demo-client";

describe("review 19: a routine saved while no watch was connected", () => {
  it("is sent when the watch connects, as the page promised", async () => {
    // IndexedDB stand-in; the page saved the edited routine there (submitRoutine, not connected).
    const store = new MemoryStore({ lasting: true });
    const edited: Routine = { ...DEFAULT_ROUTINE, holdSeconds: 45, repsPerLeg: 2, dailyGoal: 2 };
    await store.saveRoutineDraft(edited);

    // The user presses Connect.
    const { wearable, client } = demoClient("Simulated watch", demoClock(), { store });
    let shownInForm: Routine | null = null; // main.ts wireClient: wearableRoutine$ fills the form
    client.wearableRoutine$.subscribe((routine) => {
      if (routine) shownInForm = routine;
    });
    await client.open();

    expect({ watch: wearable.routine(), form: shownInForm }).toEqual({ watch: edited, form: edited });
    client.close();
    wearable.dispose();
  });
});
