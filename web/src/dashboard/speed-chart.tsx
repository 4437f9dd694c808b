// One station's day as a chart: the median and the 90th percentile of its
// lines' fired-to-ready times for each local hour, against the restaurant's
// target (a horizontal line). Plain SVG; the hours with no line are gaps.

import { minutesSeconds, type SpeedGroup } from "./speed-report";

const width = 480;
const height = 160;
const left = 36; // room for the minute labels
const bottom = 18; // room for the hour labels
const plotWidth = width - left - 4;
const plotHeight = height - bottom - 6;

const x = (hour: number) => left + (hour / 23) * plotWidth;

/** Polyline points of one series; hours without lines break it into runs. */
function runs(hours: SpeedGroup[], pick: (g: SpeedGroup) => number | null, y: (seconds: number) => number): string[] {
  const out: string[][] = [];
  let previous = -2;
  for (const g of hours) {
    const seconds = pick(g);
    if (seconds === null) continue;
    const hour = Number(g.key);
    if (hour !== previous + 1 || out.length === 0) out.push([]);
    out.at(-1)!.push(`${x(hour).toFixed(1)},${y(seconds).toFixed(1)}`);
    previous = hour;
  }
  return out.map((points) => points.join(" "));
}

export function SpeedChart({ name, hours, targetMinutes, testId }: { name: string; hours: SpeedGroup[]; targetMinutes: number; testId: string }) {
  const target = targetMinutes * 60;
  const highest = Math.max(target, ...hours.map((g) => g.p90Seconds ?? 0));
  const top = Math.ceil((highest * 1.15) / 300) * 300; // whole 5 minutes
  const y = (seconds: number) => 6 + plotHeight - (seconds / top) * plotHeight;
  const busiest = hours.reduce((best, g) => (g.count > (best?.count ?? 0) ? g : best), hours[0]);
  const label =
    `${name}: median and 90th percentile by hour, target ${targetMinutes} minutes` +
    (busiest ? `; busiest hour ${busiest.name} with ${busiest.count} lines, median ${minutesSeconds(busiest.medianSeconds)}` : "; no lines");
  return (
    <svg className="speed-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid={testId} data-hours={hours.length}>
      {[0, top / 2, top].map((s) => (
        <text key={s} x={left - 4} y={y(s) + 4} textAnchor="end" className="speed-axis">
          {Math.round(s / 60)}′
        </text>
      ))}
      {[0, 6, 12, 18, 23].map((h) => (
        <text key={h} x={x(h)} y={height - 4} textAnchor="middle" className="speed-axis">
          {String(h).padStart(2, "0")}
        </text>
      ))}
      <line x1={left} x2={width - 4} y1={y(target)} y2={y(target)} className="speed-target" data-testid="speed-target" />
      {runs(hours, (g) => g.p90Seconds, y).map((points) => (
        <polyline key={`p90-${points}`} points={points} className="speed-p90" />
      ))}
      {runs(hours, (g) => g.medianSeconds, y).map((points) => (
        <polyline key={`median-${points}`} points={points} className="speed-median" />
      ))}
      {hours.map((g) => (
        <circle key={g.key} cx={x(Number(g.key))} cy={y(g.medianSeconds ?? 0)} r={3} className="speed-median-point" data-hour={g.key} data-count={g.count}>
          <title>{`${g.name}: ${g.count} lines, median ${minutesSeconds(g.medianSeconds)}, p90 ${minutesSeconds(g.p90Seconds)}`}</title>
        </circle>
      ))}
    </svg>
  );
}
