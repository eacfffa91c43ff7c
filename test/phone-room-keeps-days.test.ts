// Review 38's fixes beyond its own tests: every way a full phone removes sessions keeps their days in
// the page's streak (the room for the sync state, and for a damaged history's unreadable lines), and a
// goal change that cannot be kept on a full phone is said on the page, with no session removed for it.
import { describe, expect, it } from "vitest";
import { encodeRoutineAckMessage, ROUTINE_ACK_FILE } from "../common/protocol";
import { parseHistory } from "../common/history-store";
import { LOCAL_KEYS } from "../companion/phone-services";
import { fileOf } from "./support/builders";
import {
  DAY_MS as DAY,
  HOUR_MS as HOUR,
  THREE_A_DAY_FIRST as FIRST,
  threeADayPhone,
  threeADaySession,
} from "./support/phone-rig";

/** A phone (UTC+1, goal 3) with a quota that received ten days at three a day; its clock on the tenth evening. */
const fullPhone = () => threeADayPhone(10, 3);

describe("sessions removed for room on a full phone", () => {
  it("to store the sync state: their days still count in the page's streak", async () => {
    const p = await fullPhone();
    expect(p.summary().week.streakDays).toBe(10);
    p.fillToQuota();
    // The watch confirms a routine: the sync state grows by the revision's digits, on a full phone.
    p.inbox.push(fileOf(ROUTINE_ACK_FILE, encodeRoutineAckMessage(1767600000000)));
    await p.launch().drainInbox();
    const stored = parseHistory(p.local.getItem(LOCAL_KEYS.history));
    expect(stored.droppedForRoom).toBeGreaterThan(0);
    expect(stored.history.length).toBe(30 - stored.droppedForRoom);
    // Before the fix: 9 (the first day lost a session to room and was judged 2 of 3).
    expect(p.summary().week.streakDays).toBe(10);
  });

  it("to keep a damaged history's unreadable line: their days still count in the page's streak", async () => {
    const p = await fullPhone();
    const text = p.local.getItem(LOCAL_KEYS.history) as string;
    // A line of damage after the list's opening: the text is no list any more.
    p.local.setItem(LOCAL_KEYS.history, text.replace("[\n", "[\n{torn line of 40 characters, unreadable},\n"));
    p.fillToQuota();
    p.clock.now = FIRST + 10 * DAY + HOUR; // the eleventh day's first session arrives
    const next = threeADaySession(10, 0, 3);
    p.push(next);
    await p.launch().drainInbox();
    expect(p.local.getItem(LOCAL_KEYS.damagedHistory)).toContain("torn line");
    expect(p.warnings.join("\n")).toMatch(/removed the \d+ earliest-received sessions to keep the damaged history/);
    const stored = parseHistory(p.local.getItem(LOCAL_KEYS.history));
    expect(stored.history.map((r) => r.id)).toContain(next.id);
    expect(stored.droppedForRoom).toBeGreaterThan(0);
    // Today is open (1 of 3): the ten days before it, all met. Before the fix: 9.
    expect(p.summary().week.streakDays).toBe(10);
  });
});

describe("a goal change on a phone too full to keep it", () => {
  it("is said on the page, and no session is removed for it", async () => {
    const p = await fullPhone();
    // No goal change recorded yet (as after an update from a version without them), and no room at all.
    p.local.removeItem(LOCAL_KEYS.goalChanges);
    p.fillToQuota();
    const before = p.local.getItem(LOCAL_KEYS.history);
    p.settings.setItem("dailyGoal", "2");
    await p.launch().onSettingsChange("dailyGoal");
    expect(p.local.getItem(LOCAL_KEYS.goalChanges)).toBeNull();
    expect(p.local.getItem(LOCAL_KEYS.history)).toBe(before);
    expect(p.summary().sync.storageProblem).toContain(
      "the phone's storage is full: the daily goal set today is not kept",
    );
  });
});
