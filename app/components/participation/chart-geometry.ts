// The shapes of the "practices signed over time" chart, worked out with d3-scale and d3-shape so
// the SVG is drawn on the server and needs no script in the browser. Pure, and tested as such.
import { scaleLinear, scaleUtc } from "d3-scale";
import { area, curveStepAfter, line } from "d3-shape";

const DAY_MS = 86_400_000;

export interface SeriesPoint {
  date: string;
  signed: number;
}

export interface ChartInput {
  /** Practices signed, cumulative, one entry on each day something changed (oldest first). */
  series: readonly SeriesPoint[];
  /** The day the figures are for; the line runs on flat to it. */
  asOf: string;
  /** Practices a trigger needs, drawn as a dashed line across. */
  target?: number | null;
  /** Where a straight line at today's rate meets the target, drawn dashed when it is near enough. */
  projectedDate?: string | null;
  width?: number;
  height?: number;
}

export interface Tick {
  at: number;
  label: string;
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  /** The points the line goes through: a zero the day before the first sign-up, then each change, then today. */
  points: SeriesPoint[];
  line: string;
  area: string;
  xTicks: Tick[];
  yTicks: Tick[];
  target: { y: number; value: number } | null;
  projection: { x1: number; y1: number; x2: number; y2: number } | null;
}

const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const shortDay = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const shortDayYear = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** The series as drawn: from nothing signed the day before the first change, on to `asOf`. */
export function chartPoints(series: readonly SeriesPoint[], asOf: string): SeriesPoint[] {
  const known = series.filter((p) => p.date <= asOf);
  const first = known[0];
  if (!first) return [];
  const points = [{ date: isoDay(dayMs(first.date) - DAY_MS), signed: 0 }, ...known];
  const last = points[points.length - 1]!;
  if (last.date < asOf) points.push({ date: asOf, signed: last.signed });
  return points;
}

/** A straight-line projection is drawn only when it lands within the span already shown (or 60 days). */
function projectionEnd(points: SeriesPoint[], projectedDate: string | null | undefined): number | null {
  if (!projectedDate || points.length === 0) return null;
  const start = dayMs(points[0]!.date);
  const end = dayMs(points[points.length - 1]!.date);
  const projected = dayMs(projectedDate);
  if (!(projected > end)) return null;
  return projected - end <= Math.max(60 * DAY_MS, end - start) ? projected : null;
}

export function chartGeometry(input: ChartInput): ChartGeometry {
  const width = input.width ?? 640;
  const height = input.height ?? 260;
  const plot = { left: 56, top: 16, right: width - 16, bottom: height - 36 };
  const points = chartPoints(input.series, input.asOf);
  const target = input.target ?? null;
  const projectedEnd = projectionEnd(points, input.projectedDate);

  const firstMs = points.length ? dayMs(points[0]!.date) : dayMs(input.asOf) - DAY_MS;
  const lastMs = Math.max(points.length ? dayMs(points[points.length - 1]!.date) : dayMs(input.asOf), projectedEnd ?? 0);
  const x = scaleUtc()
    .domain([new Date(firstMs), new Date(lastMs)])
    .range([plot.left, plot.right]);
  const highest = Math.max(1, ...points.map((p) => p.signed), target ?? 0);
  const y = scaleLinear().domain([0, highest]).nice(5).range([plot.bottom, plot.top]);

  const xOf = (p: SeriesPoint) => x(new Date(dayMs(p.date)));
  const yOf = (p: SeriesPoint) => y(p.signed);
  const linePath = line<SeriesPoint>().x(xOf).y(yOf).curve(curveStepAfter)(points) ?? "";
  const areaPath = area<SeriesPoint>().x(xOf).y0(plot.bottom).y1(yOf).curve(curveStepAfter)(points) ?? "";

  // Whole days only: over a short span d3 would offer ticks every few hours.
  const days = x.ticks(5).filter((d) => d.getTime() % DAY_MS === 0);
  const tickDays = days.length >= 2 ? days : [new Date(firstMs), new Date(lastMs)];
  const spansYears = new Date(firstMs).getUTCFullYear() !== new Date(lastMs).getUTCFullYear();
  const xTicks = tickDays.map((d) => ({ at: x(d), label: (spansYears ? shortDayYear : shortDay).format(d) }));
  const yTicks = y
    .ticks(5)
    .filter((v) => Number.isInteger(v))
    .map((v) => ({ at: y(v), label: v.toLocaleString("en-GB") }));

  const last = points[points.length - 1];
  return {
    width,
    height,
    plot,
    points,
    line: linePath,
    area: areaPath,
    xTicks,
    yTicks,
    target: target !== null && target > 0 ? { y: y(target), value: target } : null,
    projection: projectedEnd !== null && last && target !== null ? { x1: xOf(last), y1: yOf(last), x2: x(new Date(projectedEnd)), y2: y(target) } : null,
  };
}
