// Watches that say no, for the web client's tests: a demo watch that will not change its routine
// during a session (answers NOT_ALLOWED, "not allowed now"), and a transport that makes the watch
// refuse as invalid what the page writes (a watch with narrower bounds than this page, or a broken
// clock): the page's bytes are spoilt on the way, so the watch's own decoder refuses them.
// Also the scene the draft tests share (a watch with a finished session, busy in the next) and a
// transport whose routine write fails with a NetworkError, with or without the link dropping.
import { CharacteristicKey, OPCODE, RESPONSE_CODE, SessionCommand } from "../../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../../common/routine";
import { DEMO_STEP_MS, DemoWearable } from "../../web/src/demo-wearable";
import { PassThroughTransport } from "./demo-client";
import type { ManualClock } from "./manual-clock";

/** A demo watch that answers a routine write during a session with NOT_ALLOWED (busy) and keeps its own. */
export class WatchBusyInSession extends DemoWearable {
  private inSession = false;
  /** Routine writes it refused so far. */
  refusedRoutines = 0;

  control(command: SessionCommand, nowMs: number): number {
    const code = super.control(command, nowMs);
    if (code === RESPONSE_CODE.SUCCESS && command === "start") this.inSession = true;
    if (code === RESPONSE_CODE.SUCCESS && command === "end") this.inSession = false;
    return code;
  }

  setRoutine(routine: Routine): boolean {
    if (this.inSession) {
      this.refusedRoutines++;
      return false;
    }
    super.setRoutine(routine);
    return true;
  }
}

/**
 * A BackendTransport that, while `refuseRoutine` / `refuseClock` is set, spoils routine writes (daily
 * goal 9, out of bounds: the watch answers 0x03 invalid parameter) / SET_CLOCK writes (one byte short:
 * 0x03 too, with the SET_CLOCK opcode). Counts what it passed on.
 */
export class SpoilingTransport extends PassThroughTransport {
  refuseRoutine = false;
  refuseClock = false;
  clockWrites = 0;
  routineWrites = 0;

  write(key: CharacteristicKey, value: Uint8Array): Promise<void> {
    let sent = value;
    if (key === "routine") {
      this.routineWrites++;
      if (this.refuseRoutine) {
        sent = value.slice();
        sent[10] = 9;
      }
    }
    if (key === "control" && value[0] === OPCODE.SET_CLOCK) {
      this.clockWrites++;
      if (this.refuseClock) sent = value.slice(0, value.length - 1);
    }
    return this.inner.write(key, sent);
  }
}

/** One 8 s hold a leg and nothing between: a demo session over in about 16 s. */
export const SHORT_DEMO_ROUTINE: Routine = {
  ...DEFAULT_ROUTINE,
  repsPerLeg: 1,
  holdSeconds: 8,
  getReadySeconds: 0,
  restSeconds: 0,
  switchSeconds: 0,
};

/** Runs `wearable`'s clock and steps by `ms`, as the demo watch's own timer would. */
export function stepWearable(clock: ManualClock, wearable: DemoWearable, ms: number): void {
  for (let t = 0; t < ms; t += DEMO_STEP_MS) {
    clock.ms += DEMO_STEP_MS;
    wearable.step();
  }
}

/**
 * A `wearable` running SHORT_DEMO_ROUTINE with one finished session it has not handed over yet;
 * with `startNext`, busy in the next (a WatchBusyInSession then answers routine writes "wait").
 */
export function withOneFinishedSession<W extends DemoWearable>(clock: ManualClock, wearable: W, startNext: boolean): W {
  wearable.setRoutine(SHORT_DEMO_ROUTINE);
  if (wearable.control("start", clock.now()) !== 1) throw new Error("the demo watch did not start a session");
  stepWearable(clock, wearable, 2 * SHORT_DEMO_ROUTINE.holdSeconds * 1000 + 500);
  if (wearable.storedResults !== 1) throw new Error("the demo watch did not finish its session");
  if (startNext && wearable.control("start", clock.now()) !== 1) throw new Error("the demo watch did not start again");
  return wearable;
}

/**
 * The page's `failAt`-th routine write fails with a NetworkError (GATT error 0x85): with `drop`
 * "first" the link is cut and then the write fails (Chrome's disconnected GATT server), with "after"
 * the write fails and the disconnection reaches the page 5 ms later (Chromium's emulation), with
 * "none" the link stays up.
 */
export class RoutineWriteNetworkError extends PassThroughTransport {
  failAt = 2;
  drop: "first" | "after" | "none" = "none";
  routineWrites = 0;
  write(key: CharacteristicKey, value: Uint8Array): Promise<void> {
    if (key !== "routine" || ++this.routineWrites !== this.failAt) return super.write(key, value);
    if (this.drop === "first") this.inner.disconnect();
    if (this.drop === "after") setTimeout(() => this.inner.disconnect(), 5);
    const error = new Error(
      this.drop === "first"
        ? "GATT Server is disconnected. Cannot perform GATT operations."
        : "GATT operation failed for unknown reason.",
    );
    error.name = "NetworkError";
    return Promise.reject(error);
  }
}
