// Filters over the simulator's timeline events, shared by the simulator and end-to-end tests.
import type { TimelineEvent } from "../../sim/simulation";

/** The events of one type, in order. */
export function ofType(events: TimelineEvent[], type: string): TimelineEvent[] {
  return events.filter((e) => e.type === type);
}

/** "phase leg rep" of every phase the watch showed, e.g. "hold left 2". */
export function phaseNames(events: TimelineEvent[]): string[] {
  return ofType(events, "phase").map((e) => `${String(e.phase)} ${String(e.leg)} ${String(e.rep)}`);
}

/** "action → result" of every scripted or test action, e.g. "tap start-button → delivered". */
export function actionResults(events: TimelineEvent[]): string[] {
  return ofType(events, "action").map((e) => `${String(e.action)} → ${String(e.result)}`);
}
