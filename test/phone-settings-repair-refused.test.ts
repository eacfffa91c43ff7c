// What the user sees: the companion writes back the settings it had to repair (a missing or
// unreadable routine entry becomes its default) before it sends the routine. That write was bare:
// when the phone's settings storage refused it (full: the page's export can fill it), the sync task
// failed and the routine never went to the watch, at this launch or any later one.
// Should see: the routine sent (the defaults), the refused repair logged.
import { describe, expect, it } from "vitest";
import { ROUTINE_FILE } from "../common/protocol";
import { PhoneRig } from "./support/phone-rig";

describe("a repair of the routine's settings the phone refuses to store", () => {
  it("does not keep the routine from the watch", async () => {
    const phone = new PhoneRig();
    phone.settings.capacity = 0; // refuses every write
    await phone.sync();
    // Before a fix: nothing sent, "task failed: the quota has been exceeded".
    expect(phone.sent.map((file) => file.name)).toEqual([ROUTINE_FILE]);
    expect(phone.warnings.filter((w) => w.indexOf("task failed") >= 0)).toEqual([]);
  });
});
