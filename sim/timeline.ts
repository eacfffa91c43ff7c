// The readable timeline the CLI prints: one line per thing a user would notice.
import { CUE_PATTERN, Cue, Phase } from "../common/session";
import { PHASE_TITLE } from "../common/screen-text";
import { TimelineEvent } from "./simulation";

/** Virtual ms as mm:ss.cc (minutes keep counting past 59). */
export function formatTime(ms: number): string {
  const cs = Math.floor(ms / 10);
  const minutes = Math.floor(cs / 6000);
  const seconds = Math.floor((cs % 6000) / 100);
  const hundredths = cs % 100;
  return `${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}.${String(hundredths).padStart(2, "0")}`;
}

function cueOf(pattern: unknown): string {
  for (const cue of Object.keys(CUE_PATTERN) as Cue[]) if (CUE_PATTERN[cue] === pattern) return cue;
  return "";
}

function describe(e: TimelineEvent): [string, string] | null {
  switch (e.type) {
    case "phase":
      if (e.phase === "done") return ["watch", "■ Done"];
      // During a rest or the leg switch the screen already shows the hold that comes next.
      return [
        "watch",
        `▶ ${PHASE_TITLE[e.phase as Phase] || String(e.phase)} — ${e.phase === "rest" || e.phase === "switch" ? "next: " : ""}${String(e.leg)} leg, rep ${String(e.rep)}`,
      ];
    case "vibrate": {
      const cue = cueOf(e.pattern);
      return ["buzz", `${String(e.pattern)}${cue ? ` (${cue.replace(/-/g, " ")})` : ""}`];
    }
    case "bounce":
      return ["WARNING", `bounce — ${String(e.leg)} leg, rep ${String(e.rep)}: "Easy — hold it still"`];
    case "sync": {
      const arrow = e.direction === "watch-to-phone" ? "watch → phone" : "phone → watch";
      return ["sync", `${arrow}  ${String(e.file)}  ${e.ok ? "delivered" : `FAILED (${String(e.reason)})`}`];
    }
    case "action":
      if (e.action === "wake")
        return [
          "you",
          e.result === "delivered" ? "raise the wrist (screen on)" : `raise the wrist → ${String(e.result)}`,
        ];
      return [
        "you",
        `${String(e.action)}${e.result === "delivered" || e.result === "stored" ? "" : ` → ${String(e.result)}`}`,
      ];
    case "dialog":
      return ["watch", e.state === "shown" ? `dialog: "${String(e.text)}"` : "dialog closed"];
    case "app":
      return ["watch", e.state === "exit" ? `app closed (${String(e.reason)})` : `app ${String(e.state)}`];
    case "companion": {
      const reasons = Array.isArray(e.reasons) && e.reasons.length > 0 ? ` (${e.reasons.join(", ")})` : "";
      return ["phone", `companion ${String(e.state)}${reasons}`];
    }
    case "link":
      return ["link", e.state === "phone-away" ? "phone out of reach" : "phone back in reach"];
    case "power":
      return ["watch", `POWER LOST during ${String(e.during)}`];
    case "clock":
      return [
        "clock",
        e.jumpMs !== undefined
          ? `${String(e.side)} clock moved by ${Number(e.jumpMs) / 1000} s`
          : `${String(e.side)} time zone UTC${Number(e.utcOffsetMinutes) >= 0 ? "+" : ""}${Number(e.utcOffsetMinutes) / 60}`,
      ];
    case "error":
      return ["ERROR", `${String(e.side)}: ${String(e.message)} (in ${String(e.where)})`];
    case "load-failed":
      return ["watch", `LOAD FAILED ${String(e.file)} (${String(e.error)})`];
    case "text-cut":
      return ["TEXT CUT", `#${String(e.id)} shows "${String(e.shown)}" of "${String(e.text)}"`];
    default:
      return null; // screen on/off is in --json only: it would drown the story
  }
}

export function formatTimeline(events: TimelineEvent[]): string[] {
  const lines: string[] = [];
  for (const e of events) {
    const d = describe(e);
    if (d !== null) lines.push(`${formatTime(e.t_ms)}  ${d[0].padEnd(7)}  ${d[1]}`);
  }
  return lines;
}
