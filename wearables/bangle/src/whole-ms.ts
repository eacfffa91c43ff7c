// Version 0.02 (and 0.01) read Espruino's fractional Date.now(), so a session id was made from a time
// like 1796025600000.27: "<base-36 time>.<base-36 fraction>-<4 random chars>" — on the firmware
// "mx2z9q80.9py14i-52yn" (Espruino prints up to 6 fraction digits; V8 "mx2z9q80.9q-52yn"). The GATT
// profile refuses such an id, so those results were never sent. Here such an id becomes the one 0.03
// makes from the whole ms (floor of the time: the digits before the "."), with the same random part;
// the same old id always gives the same new one, so a result rescued twice (a reset in the middle) is
// one session to the central, which keeps results by id. Pure, ES5 (the watch runs it); docs/bangle.md.
import { SessionResult } from "../../../common/result";
import { SessionState } from "../../../common/session";

const BASE36 = /^[0-9a-z]+$/;
/** The random part makeSessionId appends: always 4 base-36 characters. */
const RANDOM_LENGTH = 4;
/** The profile's longest id (MAX_SESSION_ID_LENGTH). */
const MAX_ID_LENGTH = 32;

/**
 * The id version 0.03 makes for the session whose fractional-ms id is `legacyId`
 * ("mx2z9q80.9py14i-52yn" → "mx2z9q80-52yn"), or null when `legacyId` is not such an id.
 * No {n,m} RegExp quantifier: Espruino 2v29 fails them.
 */
export function wholeMsId(legacyId: unknown): string | null {
  if (typeof legacyId !== "string") return null;
  const dot = legacyId.indexOf(".");
  const dash = legacyId.indexOf("-");
  if (dot < 1 || dash < dot + 2 || dash !== legacyId.length - RANDOM_LENGTH - 1) return null;
  const whole = legacyId.slice(0, dot);
  const fraction = legacyId.slice(dot + 1, dash);
  const random = legacyId.slice(dash + 1);
  if (!BASE36.test(whole) || !BASE36.test(fraction) || !BASE36.test(random)) return null;
  const id = whole + "-" + random;
  return id.length <= MAX_ID_LENGTH ? id : null;
}

/** True when `id` has a "." in it: made from a fractional clock (whether or not wholeMsId can mend it). */
export function isFractionalId(id: unknown): boolean {
  return typeof id === "string" && id.indexOf(".") >= 0;
}

/**
 * The result under `id` (wholeMsId of its own) with its start and end floored to whole ms, as 0.03
 * records them. Its holds carry times relative to their start, which the record rounds as it does
 * for every result. A copy: `result` is not changed.
 */
export function wholeMsResult(result: SessionResult, id: string): SessionResult {
  const startedAt = Math.floor(result.startedAt);
  const whole: SessionResult = {
    id: id,
    startedAt: startedAt,
    endedAt: Math.max(startedAt, Math.floor(result.endedAt)),
    completed: result.completed,
    routine: result.routine,
    holds: result.holds,
    utcOffsetMinutes: result.utcOffsetMinutes,
  };
  if (result.timeUnknown === true) whole.timeUnknown = true;
  return whole;
}

/** A saved session's state under `id` with its clock times floored to whole ms (-1, "none", stays -1). A copy. */
export function wholeMsState(state: SessionState, id: string): SessionState {
  return {
    routine: state.routine,
    id: id,
    startedAt: Math.floor(state.startedAt),
    phase: state.phase,
    leg: state.leg,
    rep: state.rep,
    phaseStartedAt: Math.floor(state.phaseStartedAt),
    phaseEndsAt: Math.floor(state.phaseEndsAt),
    pausedAt: Math.floor(state.pausedAt),
    cuesGiven: state.cuesGiven,
    holds: state.holds,
    endedAt: Math.floor(state.endedAt),
    completed: state.completed,
    utcOffsetMinutes: state.utcOffsetMinutes,
  };
}
