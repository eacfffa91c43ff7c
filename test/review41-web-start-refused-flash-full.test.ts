// Review 41: the web companion's START on a Bangle whose flash other apps filled. Since 0.07 the
// watch refuses to start a session it cannot keep room for (wearables/bangle/src/gatt.ts: START
// answers NOT_ALLOWED when store.ts keepSpare cannot make its 4 KB spare). From the watch's own
// screen the user reads "Flash full / No room for its result.", but from the page they read only
// "Start refused by the watch: not allowed now." — and the watch's screen stays on home (the GATT
// refusal draws nothing). So a user starting from the page (the web companion's Start button) has
// no way to learn why the session will not start, or what would let it start (free flash on the
// watch); pressing Start again gives the same bare refusal forever.
// Should: the page says why — the watch's storage is full — as it already does for a routine the
// watch answers "not allowed now" (NOT_ALLOWED_CAUSE in web/src/wearable-client.ts).
// Likely fix: WearableClient.command words a NOT_ALLOWED start with its causes (a session already
// running, or the watch's storage full: sync or free space), and/or the Bangle draws its
// "Flash full" refusal on its screen for a GATT START too.
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { BangleBackend } from "./browser/support/bangle-backend";
import { response } from "./support/bangle-central";
import { BoundedFlash } from "./support/bangle-flash";
import { BackendTransport } from "../web/src/backend-transport";
import { MemoryStore } from "../web/src/store";
import { WearableClient } from "../web/src/wearable-client";
import { ONE_HOLD_A_LEG } from "../sim/routines";

describe("review 41: START from the page on a Bangle whose flash is full", () => {
  it("tells the user why the watch refused the session", async () => {
    const storage = new BoundedFlash([["steadyhold.json", JSON.stringify(ONE_HOLD_A_LEG)]]);
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage, clockStart: Date.UTC(2026, 10, 30, 8, 0, 0) });
    const transport = new BackendTransport("Bangle.js 2", new BangleBackend(bangle), "watch-1");
    const client = new WearableClient(transport, new MemoryStore({ lasting: true }), {
      delay: async () => undefined,
      livePollMs: 3_600_000,
      log: () => undefined,
    });
    await client.open();
    // Other apps filled the flash: less is free than the spare this routine's result needs (fix41: the
    // spare is sized by the routine in force, 478 B here since 0.09, and its saves need room too).
    storage.capacity = storage.used() + 100;
    const outcome = await client.command("start");
    expect(response(bangle)).toMatchObject({ opcode: 1, code: 4 }); // the watch refused: not allowed now
    expect(outcome.ok).toBe(false);
    // What the page shows must name the cause, the watch's storage (flash) being full.
    expect(outcome.message).toMatch(/full/i);
    // And the watch's own screen says so too, as for a tap.
    expect(bangle.screenText().join(" | ")).toContain("Flash full | No room for | its result.");
    client.close();
  });
});
