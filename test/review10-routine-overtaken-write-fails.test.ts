// Review 10: two routine updates reach the watch out of order (the newer first), and writing the
// routine in use back over the older copy fails (storage full, or the power goes: "every file write
// can tear or fail"). app/routine-store.ts loadRoutine keeps the newer routine in memory and tells
// the phone it runs the newer revision, but routine.cbor on storage is the OLDER one (the inbox
// moved it there). At the next launch the watch reads that older routine and, as it is not the
// built-in default (revision ≠ 0), says nothing to the phone; the phone has the newer revision
// confirmed and never resends it. From then on every session runs the routine the user replaced,
// while the phone's page says "Routine on the watch: confirmed".
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBundle } from "../sim/bundle";
import { newScheduleSimulation } from "./support/schedules";
import { routineOvertakenOnTheWay } from "./support/watch-sim";

const bundle = loadBundle(path.resolve(__dirname, "..", "legacy", "build", "app.fba"), "mira");

describe("a routine overtaken on the way, then a failed write-back", () => {
  it("the watch still runs the newer routine after it is opened again", async () => {
    const { sim } = newScheduleSimulation({ bundle, seed: 12 });
    // The next write of the routine file fails: the write-back after the older copy arrives.
    await routineOvertakenOnTheWay(sim, () => sim.failWatchWrites(/^routine\.cbor/, 1));
    expect(sim.element("routine-summary").text).toBe("Hamstrings · 1 × 7 s each leg · towel"); // this run: right
    expect(sim.logs.some((l) => l.side === "watch" && /^storage: write routine\.cbor/.test(l.text))).toBe(true);
    // The app is closed (out of memory, the OS, a restart) and opened again later.
    await sim.act(() => sim.killWatch());
    await sim.advance(60000);
    await sim.act(() => sim.launchWatch());
    await sim.advance(20000);
    await sim.act(() => sim.wake());
    expect(sim.element("routine-summary").text).toBe("Hamstrings · 1 × 7 s each leg · towel");
  });
});
