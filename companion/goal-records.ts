// The daily goal of each day it changed (goalChanges in localStorage): a past day is judged by the goal
// in force at its end, as the page showed it that day.
import { SessionResult } from "../common/result";
import { neededGoalChanges, parseGoalChanges } from "../common/history-summary";
import { LOCAL_KEYS, PhoneServices, setOrError, trySet } from "./phone-services";

/**
 * Stores the goal changes still needed for `history`; on a full phone, in fewer characters when the
 * stored sessions judge some older days the same without them. No session is removed for them: a
 * removed session is worse than a day judged by its sessions' goal. False when not stored.
 */
export function storeGoalChanges(services: PhoneServices, goalChanges: number[], history: SessionResult[]): boolean {
  const { local } = services;
  if (trySet(services, local, LOCAL_KEYS.goalChanges, JSON.stringify(neededGoalChanges(goalChanges, history, false))))
    return true;
  const tight = JSON.stringify(neededGoalChanges(goalChanges, history, true));
  if (setOrError(local, LOCAL_KEYS.goalChanges, tight) !== null) return false;
  services.log("Steady Hold: stored " + LOCAL_KEYS.goalChanges + " without the changes the sessions tell");
  return true;
}

/** The goal changes recorded; none when damaged (logged): past days are then judged by their sessions' goal. */
export function readGoalChanges(services: PhoneServices): number[] {
  const parsed = parseGoalChanges(services.local.getItem(LOCAL_KEYS.goalChanges));
  if (parsed.error !== "") services.warn("Steady Hold: " + parsed.error);
  return parsed.goalChanges;
}
