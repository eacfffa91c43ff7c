// System-level robustness: malformed files dropped into the watch's and the companion's inboxes,
// and garbage written into the phone's settings, through the simulator running the built bundles.
// (The decoders and the settings parser are fuzzed as units in protocol.test.ts and
// settings-routine.test.ts.) Each case: no app error, one clear log line, no valid result lost.
import { describe, expect, it } from "vitest";
import {
  PROTOCOL_VERSION,
  REASON_FIELD,
  REASON_KIND,
  REASON_VERSION,
  decodeResultMessage,
  encodeResultMessage,
} from "../common/protocol";
import { routineFromSettings } from "../common/settings-routine";
import { SessionResult } from "../common/result";
import { decodeCbor, encodeCbor } from "../sim/cbor";
import { Simulation } from "../sim/simulation";
import { robustnessBundle, robustnessTraces } from "./support/robustness-run";
import { RecordingFiles, SESSION_MS, newScheduleSimulation, pendingIds, phoneHistory } from "./support/schedules";
import { routineOvertakenOnTheWay } from "./support/watch-sim";

const bundle = robustnessBundle();
const traces = robustnessTraces();
const GARBAGE = new Uint8Array([0xff, 0x00, 0x13, 0x9f, 0xbf]);

/** The watch app runs, the phone is out of reach, and one short session (bouncing left hold) is done. */
async function sessionWithPhoneAway(): Promise<{ sim: Simulation; files: RecordingFiles; result: SessionResult }> {
  const { sim, files } = newScheduleSimulation({ bundle, seed: 11, traces });
  await sim.act(() => sim.launchWatch());
  await sim.advance(3000); // the companion's routine reaches the watch
  await sim.act(() => {
    sim.setPhoneInReach(false);
    sim.wake();
    sim.tap("start-button");
  });
  await sim.advance(SESSION_MS + 1000);
  expect(sim.element("done").isVisible()).toBe(true);
  const [id] = [...files.stored.keys()];
  const decoded = decodeResultMessage(decodeCbor(files.stored.get(id)!));
  if (!decoded.ok) throw new Error(decoded.reason);
  return { sim, files, result: decoded.value };
}

/** The phone comes back in reach; 30 s later its history holds `result` alone and the watch keeps nothing to send. */
async function phoneReturnsAndKeepsOnly(sim: Simulation, files: RecordingFiles, result: SessionResult): Promise<void> {
  await sim.act(() => sim.setPhoneInReach(true));
  await sim.advance(30000);
  expect(phoneHistory(sim)).toEqual([result]);
  expect(pendingIds(files)).toEqual([]);
}

const errorsOf = (sim: Simulation) => sim.events.filter((e) => e.type === "error");
const logText = (sim: Simulation, side: string) =>
  sim.logs.filter((l) => l.side === side && (l.level === "error" || l.level === "warn")).map((l) => l.text);

describe("robustness through the simulator", () => {
  it("a session done with the phone away reaches the phone's history once the phone returns, bounce warnings intact", async () => {
    const { sim, files, result } = await sessionWithPhoneAway();
    expect(result.holds.some((h) => h.bounceAtMs.length > 0)).toBe(true);
    await sim.advance(60000);
    expect(phoneHistory(sim)).toEqual([]);
    await phoneReturnsAndKeepsOnly(sim, files, result);
    const warnings = result.holds.reduce((n, h) => n + h.bounceAtMs.length, 0);
    const summary = sim.phone().history as { recent: Array<{ id: string; bounceTotal: number }> };
    expect(summary.recent.map((s) => [s.id, s.bounceTotal])).toEqual([[result.id, warnings]]);
    expect(sim.phone().page.join("\n")).toContain(`⚠ ${warnings} bounce warning`);
    expect(errorsOf(sim)).toEqual([]);
  });

  it("a routine overtaken by a newer one on the way to the watch does not replace it", async () => {
    const { sim } = newScheduleSimulation({ bundle, seed: 12 });
    await routineOvertakenOnTheWay(sim);
    expect(sim.element("routine-summary").text).toBe("Hamstrings · 1 × 7 s each leg · towel");
    expect(
      logText(sim, "watch").filter((t) => /^routine: ignored revision \d+: not newer than \d+$/.test(t)),
    ).toHaveLength(1);
    expect(errorsOf(sim)).toEqual([]);
  });

  it("malformed files in the watch's inbox are logged and ignored; the pending result and the routine stay", async () => {
    const { sim, files, result } = await sessionWithPhoneAway();
    const summaryBefore = sim.element("routine-summary").text;
    const bad: Array<{ name: string; bytes: Uint8Array }> = [
      { name: `ack-${result.id}.cbor`, bytes: GARBAGE },
      { name: `ack-${result.id}.cbor`, bytes: encodeCbor([PROTOCOL_VERSION + 1, "ack", result.id]) },
      { name: `ack-${result.id}.cbor`, bytes: encodeCbor([1, "result", result.id]) },
      { name: "ack-other.cbor", bytes: encodeCbor([1, "ack", result.id]) },
      { name: "ack-unknown.cbor", bytes: encodeCbor([1, "ack", "unknown"]) },
      { name: "hello.txt", bytes: new TextEncoder().encode("hello") },
      {
        name: "routine.cbor",
        bytes: encodeCbor([1, "routine", Date.now(), ["left", 99, 5, 0, 0, 0, 3, "towel", "normal", 1]]),
      },
      { name: "routine.cbor", bytes: GARBAGE },
    ];
    for (const file of bad) {
      await sim.act(() => {
        sim.watchState.inbox.push(file);
        sim.watch!.fileArrived();
      });
    }
    expect(errorsOf(sim)).toEqual([]);
    const logged = logText(sim, "watch");
    expect(logged.filter((t) => t.indexOf(`inbox: rejected ack-${result.id}.cbor`) === 0)).toHaveLength(3);
    // The watch logs a rejection by its reason's code (common/protocol.ts REASON_*): the texts stay on the phone.
    expect(logged).toContain(`inbox: rejected ack-${result.id}.cbor: ${REASON_VERSION}`);
    expect(logged).toContain(`inbox: rejected ack-${result.id}.cbor: ${REASON_KIND}`);
    expect(logged.some((t) => t.indexOf("inbox: rejected ack-other.cbor") === 0)).toBe(true);
    expect(logged.some((t) => t.indexOf("inbox: ignored hello.txt: not a protocol name") === 0)).toBe(true);
    expect(logged).toContain(`routine: rejected: ${REASON_FIELD} repsPerLeg`);
    expect(logged.filter((t) => /^routine: rejected: \d/.test(t))).toHaveLength(2);
    // An ack for a session the watch does not hold changes nothing; the real result is still pending.
    expect(pendingIds(files)).toEqual([`pending-${result.id}.cbor`]);
    await sim.act(() => sim.tap("done-button"));
    expect(sim.element("routine-summary").text).toBe(summaryBefore);
    await phoneReturnsAndKeepsOnly(sim, files, result);
    expect(errorsOf(sim)).toEqual([]);
  });

  it("malformed files in the companion's inbox are logged, counted and dropped; a valid result among them is stored", async () => {
    const { sim, files, result } = await sessionWithPhoneAway();
    const badFields = encodeResultMessage(result) as unknown[];
    const holds = (badFields[7] as unknown[][]).map((h) => h.slice());
    holds[0][3] = 999999; // achieved far beyond the 5 s target
    badFields[7] = holds;
    const bad: Array<{ name: string; bytes: Uint8Array; acked: boolean }> = [
      { name: "result-garbage.cbor", bytes: GARBAGE, acked: false },
      { name: "result-newer.cbor", bytes: encodeCbor([PROTOCOL_VERSION + 1, "result", "newer"]), acked: false },
      { name: "result-wrongkind.cbor", bytes: encodeCbor([1, "ack", "wrongkind"]), acked: true },
      { name: "result-badfields.cbor", bytes: encodeCbor(badFields), acked: true },
      { name: "photo.jpg", bytes: GARBAGE, acked: false },
    ];
    for (const file of bad) {
      await sim.act(() => {
        sim.phoneState.inbox.push({ name: file.name, bytes: file.bytes });
        sim.companion!.fileArrived();
      });
    }
    await sim.act(() => sim.setPhoneInReach(true));
    await sim.advance(30000);
    expect(errorsOf(sim)).toEqual([]);
    const logged = logText(sim, "companion");
    for (const file of bad.slice(0, 4))
      expect(
        logged.filter((t) => t.indexOf(`Steady Hold: rejected ${file.name}: `) === 0),
        file.name,
      ).toHaveLength(1);
    expect(logged.some((t) => /ignored unexpected file "photo\.jpg"/.test(t))).toBe(true);
    expect(logged.some((t) => /result-badfields\.cbor: .*hold 1: achieved 999999 ms is outside 0–5000/.test(t))).toBe(
      true,
    );
    // Only our own version's unreadable results are acknowledged (by file name), so the watch stops resending them.
    const acks = sim.events
      .filter((e) => e.type === "sync" && e.direction === "phone-to-watch" && /^ack-/.test(String(e.file)))
      .map((e) => e.file);
    expect(acks.sort()).toEqual(["ack-badfields.cbor", "ack-wrongkind.cbor", `ack-${result.id}.cbor`].sort());
    expect(phoneHistory(sim)).toEqual([result]);
    expect(pendingIds(files)).toEqual([]);
    expect(JSON.parse(sim.phoneState.local.items.get("sync")!).rejectedCount).toBe(4);
  });

  it("garbage in the phone's settings falls back to defaults with a logged reason; results keep flowing", async () => {
    const { sim, files, result } = await sessionWithPhoneAway();
    const garbage: Record<string, string> = {
      holdSeconds: "{not json",
      repsPerLeg: "999",
      firstLeg: '{"selected":[7],"values":[]}',
      aid: "null",
      sensitivity: "[]",
      dailyGoal: "NaN",
      lastSecondsCue: '"4"',
      restSeconds: "-5",
    };
    for (const [key, value] of Object.entries(garbage)) {
      // Written by someone other than the companion (an older settings page, a hand edit).
      await sim.act(() => sim.phoneState.settings.set(null, key, value));
    }
    expect(errorsOf(sim)).toEqual([]);
    const logged = logText(sim, "companion");
    // One line per bad value, each once: the repaired value is written back, so it is not reported again.
    expect(logged.filter((t) => t.indexOf("Settings: ") === 0).sort()).toEqual(
      [
        'Settings: Hold: "{not json" is not a whole number; using 30',
        "Settings: Holds per leg: 999 is outside 1–5; using 3",
        "Settings: Start with: an object is not one of left/right; using left",
        "Settings: Aid: null is not one of towel/band/none/seated; using towel",
        "Settings: Bounce sensitivity: a list is not one of low/normal/high; using normal",
        'Settings: Sessions a day: "NaN" is not a whole number; using 1',
        'Settings: Last-seconds cue: "4" is not one of 0/3/5; using 3',
        "Settings: Rest between holds: -5 is outside 0–60; using 10",
      ].sort(),
    );
    // Repaired in place: the page shows what is really used, and reading it again finds nothing wrong.
    const settings = sim.phone().settings;
    expect(routineFromSettings((key) => settings[key] ?? null).errors).toEqual([]);
    await phoneReturnsAndKeepsOnly(sim, files, result);
    // The watch got a valid routine with the defaults in place of the garbage.
    await sim.act(() => sim.tap("done-button"));
    expect(sim.element("routine-summary").text).toBe("Hamstrings · 3 × 30 s each leg · towel");
    expect(errorsOf(sim)).toEqual([]);
  });
});
