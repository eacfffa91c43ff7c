// Review 28: on a full phone whose stored history still holds version-1 lines, the sync state can
// never make room for itself: each attempt rewrites the kept sessions as version 2 (longer than the
// lines they replace), that write is refused too, and the loop gives up without trying a larger drop.
//
// What the user sees: the phone's storage is full and its history is from before the protocol-2
// update (many sessions). The watch sends results the phone cannot read; the settings page never
// counts them ("rejected" stays 0) although removing a few of the earliest sessions would have made
// room, as it does for a version-2 history of the same sessions (the second case, which passes).
//
// Why: PhoneSync.writeSyncMakingRoom (e206df5) checks feasibility against the stored text, but its
// loop writes `serializeHistory(room.history)`: the kept version-1 sessions re-encoded as version 2
// grow by more than the dropped sessions free, the history write throws QuotaExceededError and the
// loop `break`s instead of dropping more (step *= 2 is never reached).
// Suggested fix: on a history write refused for room, keep growing the step (continue the loop)
// until dropEarliestArrived can drop no more; or size each step by the rewritten text's length
// against the stored text (storedHistory.length - serializeHistory(room.history).length >= step).
import { describe, expect, it } from "vitest";
import { completedSession } from "./support/builders";
import { parseHistory, serializeHistory } from "../common/history-store";
import { LOCAL_KEYS } from "../companion/phone-services";
import { DAY_MS, PhoneRig } from "./support/phone-rig";

const START = Date.UTC(2026, 0, 5, 9);

async function run(
  version1: boolean,
): Promise<{ sessionsBefore: number; sessionsAfter: number; rejectedCounted: boolean }> {
  const phone = new PhoneRig({ now: START + 60 * DAY_MS, tzOffsetMinutes: 0 });
  const local = phone.local;
  const sessions = [];
  for (let day = 1; day <= 40; day++) sessions.push(completedSession("s-" + (1000 + day), START + day * DAY_MS));
  if (version1) phone.storeVersion1History(sessions);
  else local.data[LOCAL_KEYS.history] = serializeHistory(sessions);
  phone.fillToQuota();
  phone.pushUnreadable("result-s-0099.cbor", "the CBOR ends inside a map");
  await phone.sync();
  const stored = local.getItem(LOCAL_KEYS.sync);
  return {
    sessionsBefore: sessions.length,
    sessionsAfter: parseHistory(local.getItem(LOCAL_KEYS.history)).history.length,
    rejectedCounted: stored !== null && JSON.parse(stored).rejectedCount > 0,
  };
}

describe("review 28: a full phone with a version-1 history", () => {
  it("a version-2 history makes room for the sync state (control)", async () => {
    const outcome = await run(false);
    expect(outcome.rejectedCounted).toBe(true);
    expect(outcome.sessionsAfter).toBeLessThan(outcome.sessionsBefore);
  });

  it("a version-1 history of the same sessions makes room for it too", async () => {
    const outcome = await run(true);
    expect(outcome.rejectedCounted).toBe(true);
  });
});
