// Review 47: since fix46 the record of removed sessions keeps every removed session's holds on its own
// day, also a day before 1 January 1970 (day −1), which the record's own check then rejects: the whole
// record reads as damaged, and the removed sessions' days, streak and holds are lost.
//
// What the user sees: a full phone (goal 3, UTC+1, three sessions a day Monday 5 to Friday 9 January
// 2026). The first result it ever stored came from a watch in New York (UTC−5) whose clock had just
// been reset (01:00 on 1 January 1970 UTC, 20:00 on 31 December 1969 there): an ended-early
// session, accepted (a start time from 0 up is plausible, common/protocol.ts). On Saturday two
// sessions arrive; the first removes the earliest for room (that one among them), the second reads
// the history back: the log says "the record of sessions pruned over the limit is damaged … the
// streak they ended starts from zero", and the page says 15 sessions this week (for 17) and "Held
// this week" 1350 s a leg (for 1530): Monday's removed sessions are gone from both (measured). With
// common/ and companion/ of 3b930ac^ (before fix46) this test passes.
//
// What they should see: 17 sessions this week, 17 × 90 s a leg, the record read whole, as before
// fix46 (foldHeld kept only days near the phone's today, so day −1 never entered `held`).
//
// Why it matters: the other side can send anything a check lets through, and bad input must never
// lose data (docs/data-safety.md); here one odd result, once removed for room, costs every removed
// session's day and holds, for good (on a full phone the damaged record's line is left out, d75db00).
//
// Why (likely): foldHeld (common/history-summary.ts) keeps the 8 latest days present, whatever they
// are; isHeld (common/history-store.ts) wants every day ≥ 0. (A completed such session breaks the
// record's `days` the same way through recordSession, before fix46 too: parseStats wants days ≥ 0.)
// Likely fix: leave days before 0 out of `held` (and `days`), or clamp them, when folding.
//
// Status: FIXED (fix47): the writer and the reader agree: isHeld accepts days from -1, the earliest
// any accepted result can count on (a start at time 0, 14 h west of UTC), so the record fix46 wrote is
// read too (tested); foldDays leaves day -1 out of the record's days, which start at day 0 as the
// watch's (parseStats; baseDay -1 means none): a completed such session broke them before fix46 too
// (tested). Its holds stay in `held` on day -1; the page's week never reaches that day unless the
// phone's own clock is in the first week of 1970.
import { describe, expect, it } from "vitest";
import { encodeResultMessage, resultFileName } from "../common/protocol";
import { SessionResult, makeSessionId } from "../common/result";
import { parseHistory } from "../common/history-store";
import { HistorySummary } from "../common/history-summary";
import { SETTINGS_KEYS } from "../common/settings-keys";
import { PhoneSync } from "../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS, PhoneServices } from "../companion/phone-services";
import { completedSession, fileOf } from "./support/builders";
import { MemoryStore, QuotaStore } from "./support/phone-stores";

const DAY = 86400000;
const HOUR = 3600000;
/** Mon 5 Jan 2026, 07:00 UTC: sessions at 07:00, 13:00 and 19:00 UTC; phone and sessions on UTC+1. */
const FIRST = Date.UTC(2026, 0, 5, 7);

function session(day: number, slot: number): SessionResult {
  const at = FIRST + day * DAY + slot * 6 * HOUR;
  return completedSession(makeSessionId(at, 0.5 + slot / 10), at);
}

/** On a watch in New York whose clock was just reset to 1970: ended early, or `completed`. */
function resetClockSession(completed: boolean): SessionResult {
  const at = HOUR;
  const full = completedSession(makeSessionId(at, 0.9), at);
  return completed
    ? { ...full, utcOffsetMinutes: -300 }
    : { ...full, completed: false, holds: full.holds.slice(0, 2), utcOffsetMinutes: -300 };
}

/**
 * The full phone of the header, its first session the 1970 one (`completed` or not), after
 * Saturday's two sessions: the page's week, the warnings logged, the history stored.
 */
async function fullPhoneAfterSaturday(completed: boolean) {
  const clock = { now: FIRST + 5 * DAY + 7 * HOUR };
  const settings = new MemoryStore();
  settings.setItem("dailyGoal", "3");
  const local = new QuotaStore();
  const inbox: IncomingFile[] = [];
  const warnings: string[] = [];
  const services: PhoneServices = {
    settings,
    local,
    send: async () => undefined,
    nextFile: async () => inbox.shift(),
    now: () => clock.now,
    tzOffsetMinutes: () => -60,
    warn: (text) => warnings.push(text),
    log: () => undefined,
  };
  const receive = async (s: SessionResult) => {
    inbox.push(fileOf(resultFileName(s.id), encodeResultMessage(s)));
    await new PhoneSync(services).drainInbox();
  };
  const early = resetClockSession(completed);
  inbox.push(fileOf(resultFileName(early.id), encodeResultMessage(early)));
  for (let day = 0; day < 5; day++)
    for (let slot = 0; slot < 3; slot++) {
      const s = session(day, slot);
      inbox.push(fileOf(resultFileName(s.id), encodeResultMessage(s)));
    }
  await new PhoneSync(services).start();
  expect(parseHistory(local.getItem(LOCAL_KEYS.history)).history).toHaveLength(16); // all stored
  local.capacity = local.used();

  // Saturday 08:00 local: the first session removes the earliest to arrive, the 1970 one first.
  await receive(session(5, 0));
  const removed = parseHistory(local.getItem(LOCAL_KEYS.history));
  expect(removed.droppedForRoom).toBeGreaterThan(1); // precondition: Monday's first went too
  expect(removed.history.some((r) => r.id === early.id)).toBe(false);
  // Saturday 15:00: the second reads the history back.
  clock.now = FIRST + 5 * DAY + 14 * HOUR;
  await receive(session(5, 1));

  const week = (JSON.parse(settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary).week;
  return { week, warnings, stored: parseHistory(local.getItem(LOCAL_KEYS.history)) };
}

describe("review 47: a removed session dated before 1970 in its own zone", () => {
  for (const completed of [false, true])
    it(`leaves the record of removed sessions readable, the week's count and balance whole (${
      completed ? "completed" : "ended early"
    })`, async () => {
      const { week, warnings, stored } = await fullPhoneAfterSaturday(completed);
      // Measured: "History: the record of sessions pruned over the limit is damaged: their count of 0 is kept, …".
      expect(warnings.filter((text) => /damaged/.test(text))).toEqual([]);
      expect(stored.errors).toEqual([]);
      expect({ sessions: week.sessions, left: week.leftSeconds, right: week.rightSeconds }).toEqual({
        sessions: 17,
        left: 17 * 90,
        right: 17 * 90,
      });
      // Its holds are kept on its own day; its day is not among the record's days (they start at day 0).
      expect(stored.pruned.held.slice(0, 3)).toEqual(completed ? [-1, 90, 90] : [-1, 60, 0]);
      expect(stored.pruned.days.days.filter((_, i) => i % 3 === 0).every((day) => day >= 0)).toBe(true);
      expect(stored.pruned.days.days).toHaveLength(3); // Monday's, of the sessions removed
    });

  it("reads a record whose holds start on day -1 (as fix46 wrote it), and one without holds (before review 43)", () => {
    const entry = JSON.stringify(encodeResultMessage(session(4, 0)));
    const fix46 =
      '{"pruned":0,"days":[20458,2,3],"baseDay":-1,"baseStreak":0,"held":[-1,30,30,0,0,0,20458,180,180,0,0,1]}';
    const before43 = '{"pruned":2,"days":[20458,2,3],"baseDay":-1,"baseStreak":0}';
    for (const record of [fix46, before43]) {
      const parsed = parseHistory("[\n" + record + ",\n" + entry + "\n]");
      expect(parsed.errors).toEqual([]);
      expect(parsed.pruned.days.days).toEqual([20458, 2, 3]);
      expect(parsed.pruned.held).toEqual(record === fix46 ? [-1, 30, 30, 0, 0, 0, 20458, 180, 180, 0, 0, 1] : []);
    }
  });
});
