// A full phone whose history is damaged can store no record of the routine it hands to the watch,
// not even the short one (no earlier record left to free its room). A change the user then makes on
// the settings page while the companion sleeps must still reach the watch: before fixphone2 the
// launch took the current settings for the last revision sent (unrecordedRoutine) and sent nothing,
// and the watch kept the old routine until the next change.
import { describe, expect, it } from "vitest";
import { fileOf } from "./support/builders";
import { decodeRoutineMessage, encodeRoutineAckMessage } from "../common/protocol";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { LOCAL_KEYS, PhoneServices } from "../companion/phone-services";
import { phoneWithTenSessions } from "./support/routine-phone";

describe("a full phone that could never store a record of the routine sent", () => {
  it("sends a change made while the companion slept, and not again at every confirmation", async () => {
    const { settings, local, inbox, services, revisionsSent, phone } = await phoneWithTenSessions();
    const routinesSent: number[] = []; // switch seconds of each routine handed over
    const recording: PhoneServices = {
      ...services,
      send: (name, payload) => {
        const decoded = decodeRoutineMessage(payload);
        if (name === "routine.cbor" && decoded.ok) routinesSent.push(decoded.value.routine.switchSeconds);
        return services.send(name, payload);
      },
    };
    // A damaged history on a full phone, and no record of the routine sent at all.
    local.data[LOCAL_KEYS.history] = (local.getItem(LOCAL_KEYS.history) as string).replace('"s-0003"', '"s-0003');
    local.removeItem(LOCAL_KEYS.sentRoutine);
    local.capacity = local.used();

    // A change while the companion runs: sent, but no record of it fits.
    settings.setItem("switchSeconds", "120");
    await phone.onSettingsChange("switchSeconds");
    expect(local.getItem(LOCAL_KEYS.sentRoutine)).toBeNull(); // precondition: nothing recorded
    inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(revisionsSent[revisionsSent.length - 1])));
    await new PhoneSync(recording).start(); // the watch's confirmation wakes the companion

    // The companion sleeps; the user sets 90 s on the settings page; the companion wakes for it.
    settings.setItem("switchSeconds", "90");
    await new PhoneSync(recording).start();
    // Before a fix: nothing sent; the watch keeps 120 s.
    expect(routinesSent[routinesSent.length - 1]).toBe(90);
    const page = () => (JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).sync;
    expect(page().routineConfirmedRevision).not.toBe(page().routineRevision); // "waiting for the watch"

    const afterChange = routinesSent.length;
    for (let confirmation = 0; confirmation < 5; confirmation++) {
      inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(revisionsSent[revisionsSent.length - 1])));
      await new PhoneSync(recording).start(); // every confirmation launches the companion
    }
    expect(routinesSent.length - afterChange).toBeLessThanOrEqual(1);
    expect(page().routineConfirmedRevision).toBe(page().routineRevision);
  });
});
