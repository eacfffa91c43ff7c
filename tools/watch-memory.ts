// Measures the watch app's JavaScript heap through a whole default session: the built device
// bundle runs alone in the simulator (no phone, no settings page), and after every 250 ms of
// virtual time V8 measures the memory of the watch's own context. V8 objects are larger than
// JerryScript's (64-bit values, hidden classes), so this is an upper bound for the watch.
// The same run records the largest size each of the app's files reaches (the phone is out of
// reach, so results stay pending on the watch).
import path from "node:path";
import vm from "node:vm";
import { loadBundle } from "../sim/bundle";
import { loadScenario } from "../sim/scenario";
import { Simulation } from "../sim/simulation";

const ROOT = path.resolve(__dirname, "..");

interface ContextMemory {
  jsMemoryEstimate: number;
}

/** Bytes of every context but the tool's own; the empty reference context is kept alive for the subtraction. */
async function otherContextsBytes(expected: number): Promise<number> {
  const measured = (await vm.measureMemory({ mode: "detailed", execution: "eager" })) as unknown as {
    other: ContextMemory[];
  };
  if (measured.other.length !== expected)
    throw new Error(`expected ${expected} simulator contexts, found ${measured.other.length}`);
  let bytes = 0;
  for (const context of measured.other) bytes += context.jsMemoryEstimate;
  return bytes;
}

export interface WatchMemory {
  /** The watch context before the first session: code, module fakes' in-context parts, globals. */
  idleBytes: number;
  /** Peak during the first session (includes V8 compiling the session code on first use). */
  firstSessionPeakBytes: number;
  /** Back on the home screen after a session, everything compiled. */
  warmIdleBytes: number;
  /** Peak during a second session: what a session adds on top of compiled code is this minus warmIdleBytes. */
  warmPeakBytes: number;
  /** Largest size each of the app's files reached, by name. */
  fileBytes: Record<string, number>;
}

/** Keeps the largest size of each watch file seen so far. */
function recordFileSizes(sim: Simulation, largest: Record<string, number>): void {
  for (const [name, bytes] of sim.watchState.files) largest[name] = Math.max(largest[name] ?? 0, bytes.length);
}

async function playSession(sim: Simulation, measure: () => Promise<number>): Promise<number> {
  sim.wake();
  sim.tap("start-button");
  let peak = 0;
  const end = sim.now + 6 * 60 * 1000; // the default session takes just under 5 minutes
  while (sim.now < end) {
    await sim.advance(250);
    peak = Math.max(peak, await measure());
  }
  sim.wake();
  sim.tap("done-button");
  await sim.advance(1000);
  return peak;
}

export async function measureWatchMemory(target = "atlas"): Promise<WatchMemory> {
  const scenario = loadScenario(path.join(ROOT, "scenarios", "default.json"));
  const bundle = {
    ...loadBundle(path.join(ROOT, "build", "app.fba"), target),
    settingsCode: null,
    companionCode: null,
  };

  const reference = vm.createContext({});
  const emptyContextBytes = await otherContextsBytes(1);
  const fileBytes: Record<string, number> = {};
  const measure = async () => {
    recordFileSizes(sim, fileBytes);
    return (await otherContextsBytes(2)) - emptyContextBytes;
  };

  const sim = new Simulation({ bundle, seed: scenario.seed, traces: scenario.traces });
  sim.setPhoneInReach(false);
  sim.launchWatch();
  await sim.advance(1000);
  const idleBytes = await measure();
  const firstSessionPeakBytes = await playSession(sim, measure);
  const warmIdleBytes = await measure();
  const warmPeakBytes = await playSession(sim, measure);
  vm.runInContext("0", reference); // keeps the reference context alive until here
  return { idleBytes, firstSessionPeakBytes, warmIdleBytes, warmPeakBytes, fileBytes };
}
