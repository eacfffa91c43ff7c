// Review 33: on a full phone (intact history), a routine change whose record is one character longer
// (switch 30 s -> 120 s) removes the user's earliest session to store the whole record
// ("removed the 1 earliest-received sessions to store sentRoutine"), though since review 32 a short
// record (revision and settings hash) would fit in the old record's room and removes nothing.
//
// What the user sees: they change the break between legs on the settings page, and a stretching
// session disappears from their history (the page counts 1 session removed for room), to keep
// bookkeeping about the routine.
//
// Note for the fix: the short record must then carry what the whole one is kept for (see
// review33-short-record-refusing-watch.test.ts: refusals are not counted with it).
import { describe, expect, it } from "vitest";
import { parseHistory } from "../common/history-store";
import { LOCAL_KEYS } from "../companion/phone-services";
import { phoneWithTenSessions } from "./support/routine-phone";

describe("review 33: a routine change on a full phone", () => {
  it("removes no session to store the record of the routine sent", async () => {
    const { settings, local, revisionsSent, phone } = await phoneWithTenSessions();
    local.capacity = local.used(); // full to the last character

    settings.setItem("switchSeconds", "120");
    await phone.onSettingsChange("switchSeconds");
    expect(revisionsSent).toHaveLength(2); // the change went to the watch
    const kept = parseHistory(local.getItem(LOCAL_KEYS.history));
    // Before a fix: 9 sessions kept, 1 counted as removed for room.
    expect(kept.history).toHaveLength(10);
    expect(kept.droppedForRoom).toBe(0);
  });
});
