// Review 6: the settings page's export when the phone refuses to store the export text.
// PhoneSync.handleExportRequest writes the text and the note with two independent trySet calls: when
// the text does not fit (settings storage full, or the text too large for one entry), the note is still
// written and announces the new export, while the text box keeps the PREVIOUS export. A user who copies
// it into the web app imports an older, shorter history (or a CSV where the note says JSON) and the
// page never says the export failed.
import { describe, expect, it } from "vitest";
import { fileOf } from "./support/builders";
import { quietPhoneServices, sessionMinutesAgo as session } from "./support/quiet-phone";
import { encodeResultMessage } from "../common/protocol";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, KeyValueStore } from "../companion/phone-services";
import { SETTINGS_KEYS } from "../common/settings-keys";

class Store implements KeyValueStore {
  data: { [key: string]: string } = {};
  /** Writes of these keys throw, as a full settings storage does. */
  refuse: string[] = [];
  getItem(key: string): string | null {
    return key in this.data ? this.data[key] : null;
  }
  setItem(key: string, value: string): void {
    if (this.refuse.indexOf(key) >= 0) throw new Error("QuotaExceededError");
    this.data[key] = value;
  }
  removeItem(key: string): void {
    delete this.data[key];
  }
}

describe("review 6: export text the phone could not store", () => {
  it("does not announce an export whose text was not stored (the box still holds the previous one)", async () => {
    const settings = new Store();
    const local = new Store();
    const inbox: IncomingFile[] = [fileOf("result-aaa-0001.cbor", encodeResultMessage(session("aaa-0001", 3000)))];
    const sync = new PhoneSync(quietPhoneServices(settings, local, inbox));
    await sync.start();
    settings.setItem(SETTINGS_KEYS.exportRequest, "csv:1");
    await sync.onSettingsChange(SETTINGS_KEYS.exportRequest);
    const csv = settings.getItem(SETTINGS_KEYS.exportText) as string;
    expect(settings.getItem(SETTINGS_KEYS.exportNote)).toBe("CSV: 1 session");

    // Two more sessions arrive; the user asks for JSON, and the export text no longer fits.
    inbox.push(fileOf("result-bbb-0002.cbor", encodeResultMessage(session("bbb-0002", 2000))));
    inbox.push(fileOf("result-ccc-0003.cbor", encodeResultMessage(session("ccc-0003", 1000))));
    await sync.drainInbox();
    settings.refuse = [SETTINGS_KEYS.exportText];
    settings.setItem(SETTINGS_KEYS.exportRequest, "json:2");
    await sync.onSettingsChange(SETTINGS_KEYS.exportRequest);

    const text = settings.getItem(SETTINGS_KEYS.exportText);
    const note = settings.getItem(SETTINGS_KEYS.exportNote) ?? "";
    // The page shows the note above the text box: it must not present the old CSV as "JSON: 3 sessions".
    expect(text === csv && /^JSON: 3 sessions/.test(note), "text box: old CSV; note: " + JSON.stringify(note)).toBe(
      false,
    );
  });
});
