// Review 22: the control point sequence the web client keeps across writes on one link (fix 19,
// WearableClient.knownSequence) goes stale when the watch app restarts while the link stays up — the
// user leaves Steady Hold for the clock and opens it again, or the watch resets under it
// (sim/bangle/runtime.ts reload()/crashAndRelaunch(): Espruino keeps the link, the app publishes its
// service again and its GattPeripheral answers from sequence 0 again). The client then compares the
// new app's answers with a sequence of the OLD app: when its kept sequence equals the sequence of the
// new app's answer (1 for the first write after a restart — e.g. the kept sequence is 1 because the
// app had restarted once before and one write was answered since), awaitedResponse takes the answer
// for "not yet", reads the control point 40 times and gives up.
// What a user sees: "Start failed: The watch did not answer the request (opcode 0x1)." while the
// session runs on the watch (a second press is refused: the session is already running).
// Before the fix the client read the sequence before every write, so a restart was harmless.
// Suggested fix: do not trust a kept sequence blindly — e.g. still read the response before a write
// when the kept sequence is not what the control point shows (a read that answers "not yet" because
// sequence === previous can re-check against a fresh read), or forget knownSequence whenever a read
// shows the "none" response (code 0, sequence 0) a freshly started app publishes, or on a profile
// version/service change.
import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { BangleBackend } from "./browser/support/bangle-backend";
import { response } from "./support/bangle-central";
import { BackendTransport } from "../web/src/backend-transport";
import { MemoryStore } from "../web/src/store";
import { WearableClient } from "../web/src/wearable-client";

const SHORT: Routine = {
  ...DEFAULT_ROUTINE,
  repsPerLeg: 1,
  holdSeconds: 30,
  restSeconds: 0,
  switchSeconds: 0,
  getReadySeconds: 0,
};

describe("review 22: the built Bangle app restarts while the page stays connected", () => {
  it("START after the app restarted is reported as started, not as unanswered", async () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage: new Map([["steadyhold.json", JSON.stringify(SHORT)]]) });
    const transport = new BackendTransport("Bangle.js 2", new BangleBackend(bangle), "watch-1");
    const client = new WearableClient(transport, new MemoryStore({ lasting: true }), {
      delay: async () => undefined,
      livePollMs: 3_600_000,
      log: () => undefined,
    });
    await client.open();
    // The user leaves the app for the clock and opens it again; the page saves a routine (answer 1).
    bangle.reload();
    expect((await client.writeRoutine({ ...SHORT, holdSeconds: 20 })).ok).toBe(true);
    expect(response(bangle).sequence).toBe(1);
    // Again: out to the clock and back into the app, the page still connected.
    bangle.reload();
    const outcome = await client.command("start");
    // The watch ran START and answered it (opcode 0x01, code 0x01 success):
    expect(response(bangle)).toMatchObject({ opcode: 1, code: 1 });
    expect(outcome.message).toBe("Session started on the watch.");
    client.close();
  });
});
