// A wearable for the GATT tests: the real session engine and result records behind PeripheralHost,
// with storage a list of records (damaged ones can be planted) and a log.
import { GattPeripheral, PeripheralHost, applySessionCommand, liveFieldsOf } from "../../common/gatt-peripheral";
import { RESPONSE_CODE, SessionCommand, encodeResultRecord } from "../../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../../common/routine";
import { SessionResult, makeSessionId } from "../../common/result";
import { SessionState, Step, newSession, reduceSession } from "../../common/session";

export interface StoredRecord {
  id: string;
  /** null: the file cannot be read. */
  bytes: Uint8Array | null;
}

export class TestDevice implements PeripheralHost {
  records: StoredRecord[] = [];
  setAside: Array<{ id: string; reason: string }> = [];
  deleted: string[] = [];
  logs: string[] = [];
  routineInForce: Routine = DEFAULT_ROUTINE;
  session: SessionState | null = null;
  clock: { nowMs: number; utcOffsetMinutes: number } | null = null;
  /** Set false to model a host that keeps listing a record it was asked to set aside. */
  honoursSetAside = true;
  private idCounter = 0;
  peripheral: GattPeripheral;

  constructor(results: SessionResult[] = []) {
    for (const r of results) this.storeResult(r);
    this.peripheral = new GattPeripheral(this);
  }

  /** The app starts again (a new peripheral object over the same storage), e.g. after storage was damaged. */
  reboot(): void {
    this.peripheral = new GattPeripheral(this);
  }

  storeResult(result: SessionResult): void {
    const encoded = encodeResultRecord(result);
    if (!encoded.ok) throw new Error(encoded.reason);
    this.records.push({ id: result.id, bytes: encoded.value });
  }

  resultIds(): string[] {
    return this.records.map((r) => r.id);
  }
  readResult(id: string): Uint8Array | null {
    const r = this.records.find((x) => x.id === id);
    return r === undefined ? null : r.bytes;
  }
  deleteResult(id: string): void {
    this.deleted.push(id);
    this.records = this.records.filter((r) => r.id !== id);
  }
  setAsideResult(id: string, reason: string): void {
    this.setAside.push({ id, reason });
    if (this.honoursSetAside) this.records = this.records.filter((r) => r.id !== id);
  }
  routine(): Routine {
    return this.routineInForce;
  }
  setRoutine(routine: Routine): void {
    this.routineInForce = routine;
  }
  control(command: SessionCommand, nowMs: number): number {
    const outcome = applySessionCommand(this.session, command, nowMs, () =>
      newSession(this.routineInForce, makeSessionId(nowMs, (this.idCounter++ % 100) / 100)),
    );
    if (outcome.step !== null) this.apply(outcome.step, nowMs);
    return outcome.code;
  }
  setClock(nowMs: number, utcOffsetMinutes: number): void {
    this.clock = { nowMs, utcOffsetMinutes };
  }
  log(message: string): void {
    this.logs.push(message);
  }

  /** Advances the session to `nowMs` (bounce: a warning now). Returns whether the live value changed. */
  step(nowMs: number, event: "tick" | "bounce" = "tick"): boolean {
    if (this.session === null) return false;
    this.apply(reduceSession(this.session, { type: event }, nowMs), nowMs);
    return this.liveChangedAt(nowMs);
  }

  liveChangedAt(nowMs: number): boolean {
    return this.peripheral.setLive(
      liveFieldsOf(this.session, this.routineInForce, nowMs, { bouncingNow: false, steadiness: -1 }),
    );
  }

  private apply(step: Step, nowMs: number): void {
    this.session = step.state;
    if (step.result !== null) {
      this.storeResult({ ...step.result, utcOffsetMinutes: this.clock === null ? 0 : this.clock.utcOffsetMinutes });
      // A host may tell the peripheral from inside control(); write() must still report the change.
      this.peripheral.resultsChanged();
    }
    this.liveChangedAt(nowMs);
  }
}

export const SUCCESS = RESPONSE_CODE.SUCCESS;
