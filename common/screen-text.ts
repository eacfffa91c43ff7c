// The English text of the watch's session screen, from the engine's state: shared by the Fitbit and
// Bangle.js shells so both watches say the same thing. The engine itself (session.ts) has no text.
import { Leg, Routine } from "./routine-shape";
import { HOLD, Phase, SessionState, isSessionActive, remainingMs } from "./session";

export interface ScreenText {
  title: string;
  instruction: string;
  countdown: string;
  rep: string;
}

/** The watch's title for each phase (the simulator's timeline uses it too). */
export const PHASE_TITLE: { [P in Phase]: string } = {
  idle: "",
  "get-ready": "Get ready",
  hold: "Hold",
  rest: "Rest",
  switch: "Switch legs",
  done: "Done",
};

/** "Left" / "Right", as every screen and the phone write a leg. */
export function legName(leg: Leg): string {
  return leg === "left" ? "Left" : "Right";
}

function setUpInstruction(routine: Routine, leg: Leg): string {
  if (routine.aid === "seated") return "Sit tall, " + leg + " leg straight, hinge forward from the hips";
  return (
    "Lie on your back, " +
    (routine.aid === "none" ? "hands" : routine.aid) +
    " behind the " +
    leg +
    " thigh, lift the leg to vertical"
  );
}

/** The session screen while a session runs (get ready to switch, paused or not). */
export function describeScreen(state: SessionState, nowMs: number): ScreenText {
  const r = state.routine;
  const phase = state.phase;
  const seconds = Math.ceil(remainingMs(state, nowMs) / 1000);
  const ofReps = state.rep + "/" + r.repsPerLeg;
  return {
    title: PHASE_TITLE[phase],
    // No "done" text: both shells draw their own done screen and never ask for it.
    instruction:
      state.pausedAt >= 0
        ? "Paused — tap to resume"
        : phase === HOLD
          ? "Pull gently until you feel the stretch. Keep it still."
          : phase === "rest"
            ? "Foot down. Next: " + state.leg + " " + ofReps
            : phase === "get-ready" || phase === "switch"
              ? setUpInstruction(r, state.leg)
              : "",
    countdown: state.phaseEndsAt < 0 ? "" : String(seconds),
    rep: isSessionActive(state) ? legName(state.leg) + " · " + ofReps : "",
  };
}
