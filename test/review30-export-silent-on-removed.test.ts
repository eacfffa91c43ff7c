// Review 30: the phone's JSON export says nothing of the sessions removed to make room, so the web
// companion imports it as a full copy.
//
// What the user sees: their phone's storage filled up and the companion removed the 5 sessions it
// received first; the settings page says so. They export the history as JSON from the settings page
// and import the file on the web companion's history page to keep it all in one place. The import
// reports nothing missing, and the export's note on the phone says only "JSON: 3 sessions"; the 5
// removed sessions are simply absent, with no word in the file or on either page. (Sessions the
// export itself leaves out to fit are counted in the file, "omittedOlderSessions", and the import
// says "The file leaves out N older sessions"; sessions removed for room are the same kind of gap.)
//
// Why: since fixphone the number removed for room is kept in the stored history
// (parseHistory(...).droppedForRoom), but handleExportRequest takes only `.history` and
// exportJson's envelope has no field for it; parseHistoryExport (web/src/fitbit-import.ts) can
// therefore not tell the user.
import { describe, expect, it } from "vitest";
import { serializeHistory } from "../common/history-store";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS } from "../companion/phone-services";
import { parseHistoryExport } from "../web/src/fitbit-import";
import { MemoryStore } from "./support/phone-stores";
import { quietPhoneServices, sessionMinutesAgo } from "./support/quiet-phone";

describe("a JSON export of a history whose earliest sessions were removed for room", () => {
  it("tells the web companion's import that sessions are missing", async () => {
    const settings = new MemoryStore();
    const local = new MemoryStore();
    const inbox: IncomingFile[] = [];
    const kept = [3, 2, 1].map((daysAgo) => sessionMinutesAgo("s-000" + daysAgo, daysAgo * 1440));
    local.data[LOCAL_KEYS.history] = serializeHistory(kept, 5); // 5 removed for room, recorded

    settings.setItem(SETTINGS_KEYS.exportRequest, "json:1");
    await new PhoneSync(quietPhoneServices(settings, local, inbox)).start();
    const imported = parseHistoryExport(settings.getItem(SETTINGS_KEYS.exportText) as string);
    expect(imported.sessions).toHaveLength(3);
    // Before a fix: no error or notice at all.
    expect(imported.errors.join(" ")).toMatch(/\b5\b/);
  });
});
