// Plays a range of seeded schedules (test/support/schedules.ts) through the simulator and checks
// each: no app error, every result the watch stored is on the phone exactly once and unchanged
// (bounce warnings included), nothing left pending on the watch; and (issue 10) every session the
// watch ever saved reaches the phone with at least the holds of 5 s it had saved, with sane times. Shared by the robustness test
// files, which split the seeds so vitest runs them on separate cores.
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { AppBundle, loadBundle } from "../../sim/bundle";
import { loadScenario } from "../../sim/scenario";
import type { Trace } from "../../model/trace-csv";
import { countValidHolds } from "../../common/result";
import { Schedule, lossyEvents, makeSchedule, newScheduleSimulation, pendingIds, playSchedule } from "./schedules";

const FBA = path.resolve(__dirname, "..", "..", "build", "app.fba");

export function robustnessBundle(): AppBundle {
  if (!fs.existsSync(FBA)) throw new Error(`${FBA} is missing: run "npm run build" (npm test does it first)`);
  return loadBundle(FBA, "atlas");
}

/** The default scenario's traces, the bouncing one cut so its bout falls inside a 5 s hold. */
export function robustnessTraces(): Record<string, Trace> {
  const traces = loadScenario(path.resolve(__dirname, "..", "..", "scenarios", "default.json")).traces;
  const bounce = traces["left-2"];
  const from = bounce.t.findIndex((t) => t >= 15000);
  const cut: Trace = {
    name: bounce.name + "-from-15s",
    t: bounce.t.slice(from).map((t) => t - bounce.t[from]),
    x: bounce.x.slice(from),
    y: bounce.y.slice(from),
    z: bounce.z.slice(from),
  };
  return { "left-1": cut, "*": traces["*"] };
}

export interface RunTotals {
  schedules: number;
  sessions: number;
  delivered: number;
  withBounceWarnings: number;
  duplicatesSuppressed: number;
  deliveredWithoutReopen: number;
  lossless: number;
  virtualMs: number;
}

/** Plays seeds `first`…`last`, asserting per schedule; returns the totals for the README. */
export async function runSchedules(first: number, last: number): Promise<RunTotals> {
  const bundle = robustnessBundle();
  const traces = robustnessTraces();
  const totals: RunTotals = {
    schedules: 0,
    sessions: 0,
    delivered: 0,
    withBounceWarnings: 0,
    duplicatesSuppressed: 0,
    deliveredWithoutReopen: 0,
    lossless: 0,
    virtualMs: 0,
  };
  for (let seed = first; seed <= last; seed++) {
    const schedule = makeSchedule(seed);
    const { sim, files } = newScheduleSimulation({ bundle, seed, jitterMs: 20, traces });
    const outcome = await playSchedule(sim, files, schedule);
    const where = describeSchedule(schedule);
    expect(
      sim.events.filter((e) => e.type === "error"),
      where,
    ).toEqual([]);
    const phoneIds = outcome.phoneHistory.map((r) => r.id).sort();
    const storedIds = [...outcome.stored.keys()].sort();
    // Exactly once each, nothing invented; every session started was finished (completed or partial).
    expect(phoneIds, where).toEqual(storedIds);
    // A session killed within its first seconds, whose only save failed or was cut by the power,
    // had nothing worth keeping (no hold of 5 s): only then may nothing be stored.
    if (!schedule.events.some((e) => e.kind === "write-failure" || e.kind === "power-loss"))
      expect(storedIds.length, where).toBeGreaterThanOrEqual(1);
    for (const result of outcome.phoneHistory) expect(result, where).toEqual(outcome.stored.get(result.id));
    expect(pendingIds(files), where).toEqual([]);
    // Nothing the watch ever saved is lost: every session with its holds of 5 s or more.
    for (const [id, validHolds] of files.savedValidHolds) {
      const onPhone = outcome.phoneHistory.find((r) => r.id === id);
      expect(onPhone, `${where}: session ${id} was saved on the watch`).toBeDefined();
      expect(countValidHolds(onPhone!), `${where}: holds of session ${id}`).toBeGreaterThanOrEqual(validHolds);
    }
    // Sane times whatever the clocks did.
    for (const r of outcome.phoneHistory) {
      expect(r.endedAt - r.startedAt, `${where}: duration of ${r.id}`).toBeGreaterThanOrEqual(0);
      expect(r.endedAt - r.startedAt, `${where}: duration of ${r.id}`).toBeLessThanOrEqual(sim.now);
      for (const h of r.holds) expect(h.achievedMs).toBeLessThanOrEqual(h.targetSeconds * 1000);
    }
    // Without a dropped transfer or a companion killed mid-way, the link coming back is enough.
    if (lossyEvents(schedule) === 0) {
      expect(outcome.arrivedBeforeReopen.sort(), where).toEqual(storedIds);
      totals.lossless++;
    }
    totals.schedules++;
    totals.sessions += storedIds.length;
    totals.delivered += phoneIds.length;
    totals.withBounceWarnings += outcome.phoneHistory.filter((r) =>
      r.holds.some((h) => h.bounceAtMs.length > 0),
    ).length;
    totals.duplicatesSuppressed += outcome.duplicatesSuppressed;
    totals.deliveredWithoutReopen += outcome.arrivedBeforeReopen.length;
    totals.virtualMs += sim.now;
  }
  return totals;
}

function describeSchedule(schedule: Schedule): string {
  return `schedule seed ${schedule.seed}: ${JSON.stringify(schedule.events)}`;
}

/** The robustness test over seeds `first`…`last`; each test file runs one range, so vitest spreads them over cores. */
export function robustnessTest(first: number, last: number): void {
  const count = last - first + 1;
  it(
    `${count} random schedules of phone away, kills, power loss, failing writes, clock jumps and faulty transfers lose and double no result`,
    async () => {
      const totals = await runSchedules(first, last);
      console.log(`robustness schedules ${first}–${last}: ` + JSON.stringify(totals));
      expect(totals.schedules).toBe(count);
      expect(totals.withBounceWarnings).toBeGreaterThan(0);
      expect(totals.duplicatesSuppressed).toBeGreaterThan(0);
    },
    15 * 60 * 1000,
  );
}
