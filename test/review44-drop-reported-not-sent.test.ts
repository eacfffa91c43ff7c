// Review 44: a draft write cut by a dropped link is still reported "not sent … press Save" when the
// write fails before the browser reports the disconnection — the order the project's own Chromium
// emulation produces (test/browser/support/emulated-peripheral.ts: the operation is answered with
// GATT error 0x85, then the link drops) and a stack that fails pending operations first does.
//
// Status: FIXED (fixweb4). One rule for the result pull and the draft (WearableClient.cutByDrop): a
// failed operation is cut by a drop when a drop was seen since it began, the link is down, or it
// failed with a NetworkError. The draft write cut so is no "not sent"; the reconnection offers it.
//
// What the user does: connected to a watch that is busy in a session, with a routine saved on the
// page waiting ("sent again … once this page has fetched the watch's sessions"). The page fetches a
// finished session, retries the routine — and the link drops under that write.
// What they see: the status line and the routine form say "The routine saved on this device was not
// sent to the watch (GATT operation failed for unknown reason). It stays in the form, saved on this
// device, and is sent at the next connection, or now if you press Save." (as an error), then
// "The link to the watch dropped; reconnecting…". The routine form keeps the "press Save" line until
// the reconnection answers the draft (for good, if the watch stays away).
// What they should see: what f673d0a promises (docs/web.md: "A link that drops during the write … is
// no 'not sent': the page says the link dropped, and the reconnection sends the draft") — no "not
// sent" outcome, only the drop; the reconnection offers the draft.
// Why it matters: a misleading call to action (Save) for a draft the page will send by itself, shown
// as an error; the fix is proven only with a transport that marks the link down before the write
// rejects (test/web-draft-write-fails-at-connect.test.ts DropsAtRoutineWrite).
// Likely cause: sendDraftNow tells a drop from a refusal only by `link !== this.links ||
// transport.linkState() !== "connected"` at the moment the write rejects; BluetoothTransport's state
// flips only on `gattserverdisconnected`, which may come after the rejection. pullAll, by contrast,
// also counts a NetworkError as a drop.
import { describe, expect, it, vi } from "vitest";
import { Routine } from "../common/routine";
import { MemoryStore } from "../web/src/store";
import type { DraftOutcome } from "../web/src/wearable-client";
import {
  RoutineWriteNetworkError,
  SHORT_DEMO_ROUTINE,
  WatchBusyInSession,
  withOneFinishedSession,
} from "./support/refusing-watch";
import { demoClient, demoClock } from "./support/demo-client";

const EDITED: Routine = { ...SHORT_DEMO_ROUTINE, holdSeconds: 45 };

describe("review 44: a waiting draft's retry cut by a drop the browser reports after the write fails", () => {
  it("says the link dropped, not 'not sent … press Save'; the reconnection offers the draft", async () => {
    const clock = demoClock();
    // Busy in its next session: routine writes wait.
    const wearable = withOneFinishedSession(clock, new WatchBusyInSession(clock, 7), true);
    const store = new MemoryStore({ lasting: true });
    await store.saveRoutineDraft(EDITED);
    const { transport, client } = demoClient("Bangle.js 1a2b", clock, {
      store,
      wearable,
      wrap: (inner) => Object.assign(new RoutineWriteNetworkError(inner), { drop: "after" as const }),
    });
    const messages: string[] = [];
    client.status$.subscribe((status) => messages.push(status.message));
    const outcomes: DraftOutcome[] = [];
    client.draftSent$.subscribe((outcome) => outcomes.push(outcome));
    // Connect: the draft waits (busy); the pull acknowledges the finished session, so the draft goes
    // again — and the link drops under that write. The reconnection offers it once more.
    await client.open();
    await vi.waitFor(() => expect(transport.routineWrites).toBe(3), { timeout: 2000 });
    await vi.waitFor(() => expect(client.status$.value.link).toBe("connected"), { timeout: 2000 });
    expect(messages).toContain("The link to the watch dropped; reconnecting…");
    expect(messages.filter((m) => m.indexOf("was not sent to the watch") >= 0)).toEqual([]);
    expect(outcomes.map((o) => o.state)).toEqual(["waiting", "waiting"]);
    // Nothing lost either way: the session is stored, the draft still waits (the watch is busy).
    expect(await store.all()).toHaveLength(1);
    expect(await store.unsentRoutineDraft()).toEqual(EDITED);
    client.close();
    wearable.dispose();
  });
});
