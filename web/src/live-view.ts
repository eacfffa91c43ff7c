// What the live hold view shows, from the last live state and the time it arrived. Pure: the
// countdown is interpolated here (the wearable notifies phase changes, not every second).
import type { LiveState } from "../../common/gatt-profile";
import type { Phase } from "../../common/session";
import { PHASE_TITLE, legName } from "../../common/screen-text";
import { bounceWarningCount, countOf } from "../../common/history-summary";

export interface LiveText {
  phase: string;
  /** "Left leg · hold 2 of 3" */
  where: string;
  /** Whole seconds left, as shown; "" when no phase runs. */
  countdown: string;
  paused: boolean;
  /** A bounce warning to show now (empty when none). */
  warning: string;
  steadiness: string;
  /** Which buttons make sense now. */
  canStart: boolean;
  canPause: boolean;
  canResume: boolean;
  canEnd: boolean;
}

/** The web page words a few phases its own way (it has room, and no watch screen beside it); the rest are the watch's titles. */
const WEB_PHASE_TITLE: { [P in Phase]?: string } = {
  idle: "Ready",
  hold: PHASE_TITLE.hold + " — keep it still",
  done: "Session done",
};

function phaseTitle(phase: Phase): string {
  return WEB_PHASE_TITLE[phase] ?? PHASE_TITLE[phase];
}

/** Tenths of a second left at `nowMs`, counting down from `remainingTenths` received at `receivedAt`. */
export function remainingTenthsAt(state: LiveState, receivedAt: number, nowMs: number): number {
  const running = !state.paused && state.phase !== "idle" && state.phase !== "done";
  if (!running) return state.remainingTenths;
  return Math.max(0, state.remainingTenths - Math.floor(Math.max(0, nowMs - receivedAt) / 100));
}

export function liveText(state: LiveState | null, receivedAt: number, nowMs: number): LiveText {
  if (state === null) {
    return {
      phase: "Not connected",
      where: "",
      countdown: "",
      paused: false,
      warning: "",
      steadiness: "",
      canStart: false,
      canPause: false,
      canResume: false,
      canEnd: false,
    };
  }
  const active = state.phase !== "idle" && state.phase !== "done";
  const tenths = remainingTenthsAt(state, receivedAt, nowMs);
  const where = active ? legName(state.leg) + " leg · hold " + state.rep + " of " + state.repsPerLeg : "";
  let warning = "";
  if (state.phase === "hold" && (state.bouncingNow || state.bounceCount > 0)) {
    const at = state.lastBounceTenths >= 0 ? " (latest at " + (state.lastBounceTenths / 10).toFixed(1) + " s)" : "";
    warning = state.bouncingNow
      ? "Bouncing! Ease off and hold still." + " " + countOf(state.bounceCount, "warning") + " in this hold" + at + "."
      : bounceWarningCount(state.bounceCount) + " in this hold" + at + ". Keep it still.";
  }
  return {
    phase: phaseTitle(state.phase) + (state.paused ? " (paused)" : ""),
    where,
    countdown: active ? String(Math.ceil(tenths / 10)) : "",
    paused: state.paused,
    warning,
    steadiness: state.phase === "hold" && state.steadiness >= 0 ? "Steadiness " + state.steadiness + "/100" : "",
    canStart: !active,
    canPause: active && !state.paused,
    canResume: active && state.paused,
    canEnd: active,
  };
}
