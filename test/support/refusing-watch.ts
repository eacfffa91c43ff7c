// Watches that say no, for the web client's tests: a demo watch that will not change its routine
// during a session (answers NOT_ALLOWED, "not allowed now"), and a transport that makes the watch
// refuse as invalid what the page writes (a watch with narrower bounds than this page, or a broken
// clock): the page's bytes are spoilt on the way, so the watch's own decoder refuses them.
import { CharacteristicKey, OPCODE, RESPONSE_CODE, SessionCommand } from "../../common/gatt-profile";
import type { Routine } from "../../common/routine";
import { DemoWearable } from "../../web/src/demo-wearable";
import { PassThroughTransport } from "./demo-client";

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
