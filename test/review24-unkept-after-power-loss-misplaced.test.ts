// Review 24: a result the full flash refused, recorded on the unset clock before a power loss, is
// placed at a wrong time once kept: the timeline it was recorded on is dropped on the way.
// runner.ts finishSaved knows the saved session's timeline (savedTimeline: the earlier power-up's)
// and passes it to storeAndTell; when that write is refused it keeps the result in memory
// (`unkept = result`) without it, and every later try — keepUnkept, now also the done screen's
// button and a central's acknowledgement (fix 20's retryUnkept) — stores it with `recordedOn`
// null, "this run's timeline" (clock.ts keepResult). The waiting file then carries the new
// power-up's timeline with the old power-up's times, and setting the clock moves it by this run's
// correction (moveSession shifts it with this run's jumps too).
// What the user sees: the battery died after a session whose result the full flash could not keep;
// charged, they open Steady Hold, sync, and the session shows up in the history at a made-up time
// (here 55 minutes before the clock was set, as if on this power-up) instead of "time unknown".
// Pre-existing (runner.ts finishSaved, before fix 20); fix 20's retry paths keep it the same way.
// Suggested fix: keep the timeline with the unkept result (e.g. `unkeptOn = recordedOn` beside
// `unkept`, passed by keepUnkept to storeAndTell, and moveSession shifting it only when it is this
// run's timeline).
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { RESPONSE_CODE } from "../common/gatt-profile";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { command, pullAll, storageWith } from "./support/bangle-central";
import { FullFlash } from "./support/bangle-flash";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const REAL = Date.UTC(2026, 10, 30, 8, 0, 0);
const MINUTES_AFTER_POWER_UP = (m: number): number => m * 60000;
const BOOT_CODE = fs.readFileSync(path.join(path.dirname(BANGLE_APP_FILE), "boot.js"), "utf8");

/** Runs the app's boot code (steadyhold.boot.js) as Bangle.js does at start-up, at clock `nowMs`. */
function runBootCode(storage: Map<string, string>, nowMs: number): void {
  const Storage = {
    readJSON: (name: string) => (storage.has(name) ? JSON.parse(storage.get(name) as string) : undefined),
    writeJSON: (name: string, value: unknown) => storage.set(name, JSON.stringify(value)),
  };
  vm.runInNewContext(BOOT_CODE, { Date: { now: () => nowMs }, require: () => Storage });
}

describe("review24: an unkept result from before a power loss", () => {
  it("is sent with its time unknown, not moved by the new power-up's correction", () => {
    const storage = new FullFlash(storageWith(ONE_HOLD_A_LEG));
    const first = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(5) });
    first.touch();
    first.advance(10500);
    storage.refusing = /^steadyhold\.[rux]/; // room for the session file, not for its result
    first.advance(10000);
    expect(first.screenText().join(" | ")).toContain("Not kept:"); // precondition
    first.leave(); // the finished session's last save is on flash; its result is not
    expect(storage.has("steadyhold.session.json")).toBe(true); // precondition
    // The battery runs flat; the power comes back: the boot code sees the unset clock restarted.
    runBootCode(storage, 4000);
    expect(JSON.parse(storage.get("steadyhold.clock.json") as string).number).toBe(2); // precondition
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: MINUTES_AFTER_POWER_UP(60) });
    expect(bangle.screenText().join(" | ")).toContain("not kept"); // still refused: kept in memory
    storage.refusing = null; // room again (a central synced other results, say)
    bangle.leave(); // kept now (keepUnkept), waiting for the clock
    bangle.launch();
    bangle.gatt.connect();
    expect(command(bangle, { op: "set-clock", nowMs: REAL, utcOffsetMinutes: 60 })).toBe(RESPONSE_CODE.SUCCESS);
    const pulled = pullAll(bangle);
    expect(pulled).toHaveLength(1);
    expect(pulled[0].timeUnknown).toBe(true);
    expect(bangle.errors).toEqual([]);
  });
});
