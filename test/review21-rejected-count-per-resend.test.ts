// Review 21: the page counts every resend of one unreadable result as another unreadable result.
//
// What the user sees: one session from a watch app newer than the phone's companion (protocol
// version 3; the two are updated at different times) cannot be read. It is rightly not acknowledged
// (an updated companion will read it), so the watch sends it again at every launch, after every
// session and on its retry timer (app/results.ts sendResults). PhoneSync.reject adds 1 to
// sync.rejectedCount at every arrival, so after three arrivals the settings page says
// "⚠ 3 unreadable results from the watch" for one session, and the number keeps climbing for as long
// as the watch keeps trying. The same goes for a result whose bytes are not readable CBOR.
// Fix: count distinct results (e.g. keep the file names rejected, bounded, and count a name once).
import { describe, expect, it } from "vitest";
import { completedSession, fileOf } from "./support/builders";
import { PHONE_NOW, quietPhoneServices } from "./support/quiet-phone";
import { encodeResultMessage } from "../common/protocol";
import { HistorySummary } from "../common/history-summary";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile } from "../companion/phone-services";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { syncLines } from "../settings/page-text";
import { MemoryStore } from "./support/phone-stores";

async function pageAfterThreeArrivals(file: () => IncomingFile): Promise<string[]> {
  const settings = new MemoryStore();
  const local = new MemoryStore();
  const inbox: IncomingFile[] = [];
  const services = quietPhoneServices(settings, local, inbox);
  // The watch sends the same file at three launches; the companion starts for each.
  for (let arrival = 0; arrival < 3; arrival++) {
    inbox.push(file());
    await new PhoneSync(services).start();
  }
  const summary = JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary;
  return syncLines(summary.sync, -60);
}

describe("review 21: one unreadable result resent three times", () => {
  it("a result of a newer protocol version is counted once on the page", async () => {
    const message = encodeResultMessage(completedSession("mjuq8w00-3f9q", PHONE_NOW - 3600000)) as unknown[];
    message[0] = 3;
    const page = await pageAfterThreeArrivals(() => fileOf("result-mjuq8w00-3f9q.cbor", message));
    expect(page.filter((line) => line.includes("unreadable result"))).toEqual([
      expect.stringMatching(/^⚠ 1 unreadable result from the watch/),
    ]);
  });

  it("a result whose bytes are not CBOR is counted once on the page", async () => {
    const damaged: IncomingFile = {
      name: "result-mjuq8w00-3f9q.cbor",
      cbor: async () => {
        throw new Error("Unexpected end of CBOR data");
      },
    };
    const page = await pageAfterThreeArrivals(() => damaged);
    expect(page.filter((line) => line.includes("unreadable result"))).toEqual([
      expect.stringMatching(/^⚠ 1 unreadable result from the watch/),
    ]);
  });
});
