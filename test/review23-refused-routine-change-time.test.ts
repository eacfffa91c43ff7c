// Review 23: the page dates a refused routine change by the last failed retry, not by the change.
//
// What the user sees: on Monday 09:00 they change the hold to 45 s, but the phone's file transfer
// refuses the routine. The companion retries at each start; on Tuesday 09:00 the retry is refused
// too, and the page now says "Routine changed Tue 6 Jan 09:00; not sent to the watch yet" — a change
// they never made on Tuesday, and it hides that the watch has gone a whole day on the old routine.
//
// Why: PhoneSync.sendRoutine's catch writes routineRefusedAt = now on EVERY refused send, and the
// page (syncLines in settings/page-text.ts) shows that time as when the routine was changed.
// Suggested fix: keep the first refusal's time while routineRefusedAt is already set (>= 0), or
// word the line as "last tried …".
import { describe, expect, it } from "vitest";
import { syncLines } from "../settings/page-text";
import { PhoneRig } from "./support/phone-rig";

describe("review 23: a refused routine change on the page", () => {
  it("keeps the time of the change, not of the last refused retry", async () => {
    const phone = new PhoneRig({ tzOffsetMinutes: 0 }); // Mon 5 Jan 2026, 09:00 UTC
    const { settings, clock } = phone;
    const transfer = { refuses: false };
    phone.transfer = async () => {
      if (transfer.refuses) throw new Error("outbox full");
      return undefined;
    };
    await phone.sync(); // the default routine is handed over

    transfer.refuses = true;
    settings.setItem("holdSeconds", "45"); // Monday 09:00: the change, refused
    await phone.launch().onSettingsChange("holdSeconds");
    clock.now += 86400000; // Tuesday 09:00: the companion starts, the retry is refused too
    await phone.sync();

    const summary = phone.summary();
    // Expected: "Routine changed Mon 5 Jan 09:00; …". Actual: "Routine changed Tue 6 Jan 09:00; …".
    expect(syncLines(summary.sync, 0)[0]).toMatch(/^Routine changed Mon 5 Jan 09:00; not sent to the watch yet/);
  });
});
