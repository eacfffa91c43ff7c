// Review 19: on Espruino (Bangle.js 2) a characteristic's value IS the bytes a central just wrote
// until the app's onWrite handler runs from the JavaScript event loop and puts the served value back
// with NRF.updateServices (wearables/bangle/src/gatt.ts onWrite says so; sim/bangle/runtime.ts models
// it, but runs onWrite at once, so no test ever sees the gap). The profile expects a lag there
// ("a simple peripheral cannot … update a value before the write's own response goes out"), but the
// central only tolerates a lagging value that still decodes as the PREVIOUS one. A read landing in
// the gap — the watch's JavaScript busy with a session tick, a redraw or the flash write of a result —
// returns the central's own bytes instead:
// - control point: the command just written (SET_CLOCK is 11 bytes, START 1) does not decode as a
//   4-byte response, awaitedResponse returns an error and writeAndConfirm throws at once instead of
//   reading again: Connect fails ("The watch's answer could not be read"), START is reported failed
//   while the watch starts the session;
// - Results: the cursor just written, 0 → [0, 0], IS a valid "none" value: the pull stops as if the
//   watch had nothing, and the finished session stays there until the next session or reconnection
//   (cursor 128 → [0x80, 0] is "unknown value kind 128": the pull stops with an error).
// Fix idea: after a write, keep reading while the value equals the bytes written (or does not decode),
// and confirm cursor writes through their control point answer (opcode 0x21) before reading Results.
// The transport below returns the written bytes on the first read after each write, then the real value.
import { describe, expect, it } from "vitest";
import { DEMO_STEP_MS } from "../web/src/demo-wearable";
import type { CharacteristicKey } from "../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { PassThroughTransport, demoClient, demoClock } from "./support/demo-client";

/** Espruino's gap: the first read of a written characteristic returns the bytes written. */
class EspruinoGapTransport extends PassThroughTransport {
  /** Characteristics whose writes show the gap. */
  gapKeys: CharacteristicKey[] = [];
  private echo: { [key: string]: Uint8Array | undefined } = {};
  async read(key: CharacteristicKey): Promise<Uint8Array> {
    const real = await this.inner.read(key);
    const echoed = this.echo[key];
    this.echo[key] = undefined;
    return echoed ?? real;
  }
  async write(key: CharacteristicKey, value: Uint8Array): Promise<void> {
    await this.inner.write(key, value);
    if (this.gapKeys.indexOf(key) >= 0) this.echo[key] = value.slice();
  }
}

const SHORT_ROUTINE: Routine = {
  ...DEFAULT_ROUTINE,
  repsPerLeg: 1,
  holdSeconds: 8,
  getReadySeconds: 0,
  restSeconds: 0,
  switchSeconds: 0,
};

async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe("review 19: a read that lands before the watch's onWrite ran", () => {
  it("control point: Connect (SET_CLOCK) and START still succeed", async () => {
    const { wearable, transport, client } = demoClient("Bangle.js 2", demoClock(), {
      wrap: (inner) => new EspruinoGapTransport(inner),
    });
    transport.gapKeys = ["control"];
    let connectError = "";
    await client.open().catch((error: Error) => (connectError = error.message));
    expect(connectError).toBe("");
    expect((await client.command("start")).message).toBe("Session started on the watch.");
    client.close();
    wearable.dispose();
  });

  it("Results: a finished session is fetched, not taken for an empty queue", async () => {
    const clock = demoClock();
    const { wearable, transport, client } = demoClient("Bangle.js 2", clock, {
      wrap: (inner) => new EspruinoGapTransport(inner),
    });
    transport.gapKeys = ["results"];
    await client.open();
    expect((await client.writeRoutine(SHORT_ROUTINE)).ok).toBe(true);
    expect((await client.command("start")).ok).toBe(true);
    for (let t = 0; t < 2 * SHORT_ROUTINE.holdSeconds * 1000 + 500; t += DEMO_STEP_MS) {
      clock.ms += DEMO_STEP_MS;
      wearable.step();
    }
    await settle(); // the pull the "done" live state starts
    await client.pullResults();
    expect(wearable.storedResults).toBe(0);
    client.close();
    wearable.dispose();
  });
});
