// Runs the bounce detector over labelled holds and scores it by the rules of the shared traces:
// a bout is caught by a warning inside [start, end + 2 s]; any other warning is false.

export interface Bout {
  startMs: number;
  endMs: number;
}

export interface LabelledHold {
  name: string;
  kind: string;
  durationMs: number;
  bouts: Bout[];
}

export interface Score {
  holds: number;
  bouts: number;
  caught: number;
  recall: number;
  falseWarnings: number;
  falsePerMinute: number;
  calmHolds: number;
  calmClean: number;
  calmCleanShare: number;
  latencyMedianMs: number;
  latencyP90Ms: number;
  /** Names of holds with a missed bout or a false warning, for diagnosis. */
  problems: string[];
}

export const CATCH_AFTER_END_MS = 2000;

/** Nearest-rank percentile of an ascending array; NaN when empty. */
function percentile(sorted: number[], share: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil(share * sorted.length));
  return sorted[rank - 1];
}

export function scoreHolds(holds: LabelledHold[], warnings: number[][]): Score {
  let bouts = 0;
  let caught = 0;
  let falseWarnings = 0;
  let calmHolds = 0;
  let calmClean = 0;
  let totalMs = 0;
  const latencies: number[] = [];
  const problems: string[] = [];
  holds.forEach((hold, i) => {
    const times = warnings[i];
    totalMs += hold.durationMs;
    let problem = false;
    for (const bout of hold.bouts) {
      bouts++;
      const inside = times.filter((t) => t >= bout.startMs && t <= bout.endMs + CATCH_AFTER_END_MS);
      if (inside.length > 0) {
        caught++;
        latencies.push(inside[0] - bout.startMs);
      } else problem = true;
    }
    const outside = times.filter((t) => !hold.bouts.some((b) => t >= b.startMs && t <= b.endMs + CATCH_AFTER_END_MS));
    falseWarnings += outside.length;
    if (outside.length > 0) problem = true;
    if (hold.bouts.length === 0) {
      calmHolds++;
      if (times.length === 0) calmClean++;
    }
    if (problem) problems.push(`${hold.name} [${times.join(",")}]`);
  });
  latencies.sort((a, b) => a - b);
  return {
    holds: holds.length,
    bouts,
    caught,
    recall: bouts > 0 ? caught / bouts : NaN,
    falseWarnings,
    falsePerMinute: totalMs > 0 ? falseWarnings / (totalMs / 60000) : NaN,
    calmHolds,
    calmClean,
    calmCleanShare: calmHolds > 0 ? calmClean / calmHolds : NaN,
    latencyMedianMs: percentile(latencies, 0.5),
    latencyP90Ms: percentile(latencies, 0.9),
    problems,
  };
}

/** labels.csv of the shared traces: name,fs,duration_ms,bouts,kind with bouts "start-end;start-end". */
export function parseLabelsCsv(text: string, fileName: string): LabelledHold[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const holds: LabelledHold[] = [];
  for (let i = 1; i < lines.length; i++) {
    const [name, , duration, boutText, kind] = lines[i].split(",");
    const bouts = (boutText ?? "")
      .split(";")
      .filter((b) => b !== "")
      .map((b) => {
        const [start, end] = b.split("-").map(Number);
        return { startMs: start, endMs: end };
      });
    const durationMs = Number(duration);
    if (!name || !isFinite(durationMs) || bouts.some((b) => !isFinite(b.startMs) || !isFinite(b.endMs))) {
      throw new Error(`${fileName}:${i + 1}: malformed label line "${lines[i]}"`);
    }
    holds.push({ name, kind: kind ?? "", durationMs, bouts });
  }
  return holds;
}
