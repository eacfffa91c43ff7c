// What the user sees: the companion writes back the settings it had to repair (a missing or
// unreadable routine entry becomes its default) before it sends the routine. That write was bare:
// when the phone's settings storage refused it (full: the page's export can fill it), the sync task
// failed and the routine never went to the watch, at this launch or any later one.
// Should see: the routine sent (the defaults), the refused repair logged.
import { describe, expect, it } from "vitest";
import { ROUTINE_FILE } from "../common/protocol";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, PhoneServices } from "../companion/phone-services";
import { MemoryStore, QuotaStore } from "./support/phone-stores";
import { quietPhoneServices } from "./support/quiet-phone";

describe("a repair of the routine's settings the phone refuses to store", () => {
  it("does not keep the routine from the watch", async () => {
    const settings = new QuotaStore();
    settings.capacity = 0; // refuses every write
    const inbox: IncomingFile[] = [];
    const sent: string[] = [];
    const warnings: string[] = [];
    const services: PhoneServices = {
      ...quietPhoneServices(settings, new MemoryStore(), inbox),
      send: async (name) => {
        sent.push(name);
        return undefined;
      },
      warn: (message) => warnings.push(message),
    };
    await new PhoneSync(services).start();
    // Before a fix: nothing sent, "task failed: the quota has been exceeded".
    expect(sent).toEqual([ROUTINE_FILE]);
    expect(warnings.filter((w) => w.indexOf("task failed") >= 0)).toEqual([]);
  });
});
