// Text and picture output of the benchmark: markdown tables, the targets of issue 14 checked
// against a score, and a small SVG of recall against false warnings.
import type { Score } from "./bench-score";

export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
  return [line(header), "| " + widths.map((w) => "-".repeat(w)).join(" | ") + " |", ...rows.map(line)];
}

export const SCORE_HEADER = [
  "holds",
  "recall (bouts)",
  "false warnings",
  "calm holds clean",
  "latency median",
  "latency p90",
];

const seconds = (ms: number) => (isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "–");

export function scoreCells(score: Score): string[] {
  return [
    String(score.holds),
    score.bouts > 0 ? `${score.caught}/${score.bouts} = ${score.recall.toFixed(3)}` : "–",
    `${score.falseWarnings} (${score.falsePerMinute.toFixed(3)}/min)`,
    score.calmHolds > 0 ? `${score.calmClean}/${score.calmHolds} = ${score.calmCleanShare.toFixed(3)}` : "–",
    seconds(score.latencyMedianMs),
    seconds(score.latencyP90Ms),
  ];
}

export interface Target {
  recall: number;
  falsePerMinute: number;
  calmClean: number;
  /** NaN: no target. */
  latencyMedianMs: number;
  latencyP90Ms: number;
}

/** Issue 14, normal sensitivity: 25–100 Hz, and 12.5 Hz behind Bangle.js 2's default ODR/9 filter. */
export const TARGET_25_100: Target = {
  recall: 0.98,
  falsePerMinute: 0.01,
  calmClean: 1,
  latencyMedianMs: 1400,
  latencyP90Ms: 2500,
};
export const TARGET_12_5: Target = {
  recall: 0.95,
  falsePerMinute: 0.03,
  calmClean: 0.95,
  latencyMedianMs: NaN,
  latencyP90Ms: 3000,
};

/** "recall 0.991 ≥ 0.98 met; …" with every missed target in capitals. */
export function checkTarget(score: Score, target: Target): { met: boolean; text: string } {
  const checks: Array<[string, number, string, number, boolean]> = [
    ["recall", score.recall, "≥", target.recall, score.recall >= target.recall],
    ["false/min", score.falsePerMinute, "≤", target.falsePerMinute, score.falsePerMinute <= target.falsePerMinute],
    ["calm clean", score.calmCleanShare, "≥", target.calmClean, score.calmCleanShare >= target.calmClean],
  ];
  if (isFinite(target.latencyMedianMs))
    checks.push([
      "latency median s",
      score.latencyMedianMs / 1000,
      "≤",
      target.latencyMedianMs / 1000,
      score.latencyMedianMs <= target.latencyMedianMs,
    ]);
  checks.push([
    "latency p90 s",
    score.latencyP90Ms / 1000,
    "≤",
    target.latencyP90Ms / 1000,
    score.latencyP90Ms <= target.latencyP90Ms,
  ]);
  const parts = checks.map(
    ([name, value, op, goal, ok]) => `${name} ${value.toFixed(3)} ${op} ${goal} ${ok ? "met" : "MISSED"}`,
  );
  return { met: checks.every((c) => c[4]), text: parts.join("; ") };
}

export interface CurvePoint {
  scale: number;
  recall: number;
  falsePerMinute: number;
}

export interface Curve {
  name: string;
  points: CurvePoint[];
}

const COLOURS = ["#1b6ca8", "#c0392b", "#27ae60", "#8e44ad"];

/** Recall (y) against false warnings per minute (x), one line per curve; the normal sensitivity (scale 1) ringed. */
export function curveSvg(curves: Curve[], title: string): string {
  const width = 560;
  const height = 360;
  const left = 60;
  const right = 190;
  const top = 30;
  const bottom = 50;
  const maxFalse = Math.max(0.05, ...curves.flatMap((c) => c.points.map((p) => p.falsePerMinute)));
  const minRecall = Math.min(0.5, ...curves.flatMap((c) => c.points.map((p) => p.recall)));
  const x = (v: number) => left + (v / maxFalse) * (width - left - right);
  const y = (v: number) => top + ((1 - v) / (1 - minRecall)) * (height - top - bottom);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  out.push(`<text x="${left}" y="18" font-size="13">${escapeXml(title)}</text>`);
  for (let i = 0; i <= 5; i++) {
    const rv = minRecall + ((1 - minRecall) * i) / 5;
    out.push(
      `<line x1="${left}" x2="${width - right}" y1="${y(rv).toFixed(1)}" y2="${y(rv).toFixed(1)}" stroke="#ddd"/>`,
    );
    out.push(`<text x="${left - 6}" y="${(y(rv) + 4).toFixed(1)}" text-anchor="end">${rv.toFixed(2)}</text>`);
    const fv = (maxFalse * i) / 5;
    out.push(
      `<line x1="${x(fv).toFixed(1)}" x2="${x(fv).toFixed(1)}" y1="${top}" y2="${height - bottom}" stroke="#ddd"/>`,
    );
    out.push(`<text x="${x(fv).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${fv.toFixed(3)}</text>`);
  }
  out.push(
    `<text x="${(left + width - right) / 2}" y="${height - 12}" text-anchor="middle">false warnings per minute of hold</text>`,
  );
  out.push(
    `<text x="16" y="${(top + height - bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(top + height - bottom) / 2})">recall (bouts caught)</text>`,
  );
  curves.forEach((curve, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const sorted = curve.points.slice().sort((a, b) => a.falsePerMinute - b.falsePerMinute || a.recall - b.recall);
    out.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${sorted.map((p) => `${x(p.falsePerMinute).toFixed(1)},${y(p.recall).toFixed(1)}`).join(" ")}"/>`,
    );
    for (const p of curve.points) {
      out.push(
        `<circle cx="${x(p.falsePerMinute).toFixed(1)}" cy="${y(p.recall).toFixed(1)}" r="${p.scale === 1 ? 5 : 2.5}" fill="${p.scale === 1 ? "none" : colour}" stroke="${colour}" stroke-width="2"/>`,
      );
    }
    out.push(
      `<line x1="${width - right + 12}" x2="${width - right + 32}" y1="${top + 10 + i * 18}" y2="${top + 10 + i * 18}" stroke="${colour}" stroke-width="2"/>`,
    );
    out.push(`<text x="${width - right + 38}" y="${top + 14 + i * 18}">${escapeXml(curve.name)}</text>`);
  });
  out.push(`<text x="${width - right + 12}" y="${top + 24 + curves.length * 18}">ring: normal sensitivity</text>`);
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
