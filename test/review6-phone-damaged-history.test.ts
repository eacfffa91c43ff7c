// Review 6: the phone's stored history is found damaged while localStorage is nearly full.
// docs/data-safety.md promises that damaged history text is "kept once as damagedHistory" and that a
// damaged entry that is lost is "reported on the page". When the copy of the damaged text does not fit
// (it needs as much room again as the history itself), PhoneSync.loadHistory goes on anyway:
// receiveFile then overwrites "history" with the smaller recovered list, so the damaged text, and the
// session inside it that could not be recovered, are gone for good, and the page says nothing.
import { describe, expect, it } from "vitest";
import { SessionResult } from "../common/result";
import { sessionMinutesAgo as session } from "./support/quiet-phone";
import { parseHistory, serializeHistory } from "../common/history-store";
import { LOCAL_KEYS } from "../companion/phone-services";
import { PhoneRig } from "./support/phone-rig";

/** The stored history of `sessions` with one character inside the last one's entry damaged, so that entry cannot be recovered. */
function damagedInLastSession(sessions: SessionResult[]): string {
  const stored = serializeHistory(sessions);
  const at = stored.indexOf(sessions[sessions.length - 1].id);
  return stored.slice(0, at + 20) + "\u0000" + stored.slice(at + 21);
}

describe("review 6: damaged phone history on a nearly full phone", () => {
  it("keeps the damaged text (or leaves the history untouched) when its copy does not fit", async () => {
    const phone = new PhoneRig();
    const local = phone.local;
    // Three stored sessions; one character of the third is damaged, so it cannot be recovered.
    const damaged = damagedInLastSession([
      session("aaa-0001", 3000),
      session("bbb-0002", 2000),
      session("ccc-0003", 1000),
    ]);
    // The premise: the third session is not recoverable from the damaged text.
    expect(parseHistory(damaged).history.map((r) => r.id)).toEqual(["aaa-0001", "bbb-0002"]);
    local.setItem(LOCAL_KEYS.history, damaged);
    // A launch with nothing in the inbox (routine sent, summary written), then the phone is nearly full:
    // less free room than the damaged text takes.
    await phone.sync();
    phone.fillToQuota(Math.floor(damaged.length / 2));

    await phone.receive(session("ddd-0004", 10));

    // What happens today: "history" was rewritten with the recovered sessions and the new one ...
    const summary = phone.summary();
    const afterwards = phone.historyIds();
    // ... so the damaged text, with the session only it holds, must still be somewhere on the phone
    // (kept as damagedHistory, or "history" left as it was and the new result not acknowledged).
    // Since review 23 damagedHistory keeps the damaged text's unreadable lines (the recovered
    // sessions are in the history): the line of the session only it holds must be kept whole.
    const damagedLine = damaged.split("\n").filter((line) => line.indexOf("\u0000") >= 0)[0];
    const keptDamage = local.getItem(LOCAL_KEYS.damagedHistory);
    expect(
      local.getItem(LOCAL_KEYS.history) === damaged ||
        (keptDamage !== null && keptDamage.split("\n").indexOf(damagedLine) >= 0),
      "damaged text gone; history now holds " +
        afterwards.join(", ") +
        "; note on the page: " +
        JSON.stringify(summary.sync.historyDamage),
    ).toBe(true);
  });

  it("a second damage, after one was kept, is reported on the page too (the lost session is not silent)", async () => {
    const phone = new PhoneRig();
    const local = phone.local;
    // First damage: nothing recoverable; it is kept and reported ("0 sessions recovered").
    local.setItem(LOCAL_KEYS.history, "{broken");
    await phone.receive(session("aaa-0001", 3000));
    const firstNote = phone.summary().sync.historyDamage;
    expect(firstNote).toContain("0 sessions recovered");
    // Weeks later the history is damaged again, inside the second of two stored sessions.
    const damaged = damagedInLastSession([session("bbb-0002", 2000), session("ccc-0003", 1000)]);
    expect(parseHistory(damaged).history.map((r) => r.id)).toEqual(["bbb-0002"]);
    local.setItem(LOCAL_KEYS.history, damaged);
    await phone.receive(session("ddd-0004", 10));
    // Session ccc-0003 is now gone: the damaged text was not kept (damagedHistory holds the first one) ...
    expect(phone.historyIds()).toEqual(["bbb-0002", "ddd-0004"]);
    const kept = [local.getItem(LOCAL_KEYS.history), local.getItem(LOCAL_KEYS.damagedHistory)];
    // ... and the page still shows the first note only: the new loss must be kept or reported.
    const note = phone.summary().sync.historyDamage;
    expect(kept.indexOf(damaged) >= 0 || note !== firstNote, "page note unchanged: " + JSON.stringify(note)).toBe(true);
  });
});
