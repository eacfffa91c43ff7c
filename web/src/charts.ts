// Steadiness and left/right balance over time as uPlot charts. The numbers come from
// common/history-summary.ts (progressPoints); this file only draws them.
import uPlot from "uplot";
import { progressPoints } from "../../common/history-summary";
import type { SessionResult } from "../../common/result";

const charts = new Map<HTMLElement, uPlot>();

function clear(container: HTMLElement): void {
  charts.get(container)?.destroy();
  charts.delete(container);
  container.replaceChildren();
}

function empty(container: HTMLElement, text: string): void {
  const p = document.createElement("p");
  p.className = "empty";
  p.textContent = text;
  container.append(p);
}

function width(container: HTMLElement): number {
  return Math.max(280, Math.min(700, container.clientWidth || 320));
}

export function renderCharts(steadinessBox: HTMLElement, balanceBox: HTMLElement, history: SessionResult[]): void {
  clear(steadinessBox);
  clear(balanceBox);
  const points = progressPoints(history);
  if (points.length === 0) {
    empty(steadinessBox, "No sessions yet.");
    empty(balanceBox, "No sessions yet.");
    return;
  }
  // Each session's own wall clock on a UTC axis: the hour it was done where it was done, as the list shows.
  const x = points.map((p) => p.localStartedAt / 1000);
  const steadiness = points.map((p) => (p.steadiness < 0 ? null : p.steadiness));
  const axis = { stroke: "#102a28", grid: { stroke: "#d5e4e2" }, ticks: { stroke: "#d5e4e2" } };
  // One session (or several on one instant) would give the time axis no width: show a day around it.
  const first = x[0];
  const last = x[x.length - 1];
  const pad = last - first < 3600 ? 43200 : 0;
  const timeScale = { time: true, auto: false, range: [first - pad, last + pad] as uPlot.Range.MinMax };
  const common = {
    width: width(steadinessBox),
    height: 190,
    legend: { show: true, live: false },
    tzDate: (seconds: number) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"),
  };
  charts.set(
    steadinessBox,
    new uPlot(
      {
        ...common,
        title: "",
        scales: { x: timeScale, y: { range: [0, 100] } },
        axes: [axis, { ...axis, label: "steadiness" }],
        series: [{}, { label: "Steadiness", stroke: "#0b6e66", width: 2, points: { show: true, size: 7 } }],
      },
      [x, steadiness],
      steadinessBox,
    ),
  );
  charts.set(
    balanceBox,
    new uPlot(
      {
        ...common,
        width: width(balanceBox),
        scales: { x: timeScale },
        axes: [axis, { ...axis, label: "seconds held" }],
        series: [
          {},
          { label: "Left (s)", stroke: "#1d4ed8", width: 2, points: { show: true, size: 11 } },
          { label: "Right (s)", stroke: "#b45309", width: 2, dash: [6, 4], points: { show: true, size: 6 } },
        ],
      },
      [x, points.map((p) => p.leftSeconds), points.map((p) => p.rightSeconds)],
      balanceBox,
    ),
  );
}
