// Practices signed over time: an SVG drawn on the server (no script needed), named and described
// for screen readers, with the same figures as a table behind a disclosure.
import { formatDate } from "../../utils/time";
import { chartGeometry, chartPoints, type SeriesPoint } from "./chart-geometry";
import { FigureHeader, ROW_HEADER, ScrollTable } from "./scroll-table";
import { practices, whole } from "./text";

export interface SignedOverTimeChartProps {
  /** Unique on the page; used for the ids that tie the title and description to the chart. */
  id: string;
  /** What is counted, for the chart's title: "Practices signed nationally to Close online access at 6.30pm". */
  title: string;
  series: readonly SeriesPoint[];
  asOf: string;
  /** Practices the trigger needs, drawn as a dashed line across. */
  target?: number | null;
  /** Where a straight line at today's rate meets the target, drawn dotted. */
  projectedDate?: string | null;
}

/** One or two sentences that say what the chart shows. */
export function describeSeries(points: readonly SeriesPoint[], target: number | null | undefined): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return "No practices have signed up yet.";
  const peak = points.reduce((max, p) => (p.signed > max.signed ? p : max), first);
  const parts = [`From ${practices(first.signed)} signed on ${formatDate(first.date)} to ${practices(last.signed)} on ${formatDate(last.date)}.`];
  if (peak.signed > last.signed) parts.push(`The highest was ${practices(peak.signed)}, on ${formatDate(peak.date)}.`);
  if (target) parts.push(`The trigger needs ${practices(target)}.`);
  return parts.join(" ");
}

export function SignedOverTimeChart({ id, title, series, asOf, target, projectedDate }: SignedOverTimeChartProps) {
  if (chartPoints(series, asOf).length === 0) return <p>No practices have signed up yet, so there is nothing to chart.</p>;
  const g = chartGeometry({ series, asOf, target, projectedDate });
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const rows = [...series].filter((p) => p.date <= asOf).reverse();
  return (
    <div className="space-y-2">
      <svg viewBox={`0 0 ${g.width} ${g.height}`} className="h-auto w-full max-w-3xl" role="img" aria-labelledby={`${titleId} ${descId}`}>
        <title id={titleId}>{title}</title>
        <desc id={descId}>{describeSeries(g.points, target)}</desc>
        <g fontSize="12" fill="#334155">
          {g.yTicks.map((t) => (
            <g key={`y${t.label}`}>
              <line x1={g.plot.left} x2={g.plot.right} y1={t.at} y2={t.at} stroke="#e2e8f0" />
              <text x={g.plot.left - 8} y={t.at} dy="0.32em" textAnchor="end">
                {t.label}
              </text>
            </g>
          ))}
          {g.xTicks.map((t) => (
            <text
              key={`x${t.label}`}
              x={t.at}
              y={g.plot.bottom + 20}
              textAnchor={t.at > g.plot.right - 30 ? "end" : t.at < g.plot.left + 30 ? "start" : "middle"}
            >
              {t.label}
            </text>
          ))}
        </g>
        <line x1={g.plot.left} x2={g.plot.right} y1={g.plot.bottom} y2={g.plot.bottom} stroke="#64748b" />
        <path d={g.area} fill="#dbeafe" />
        <path d={g.line} fill="none" stroke="#1d4ed8" strokeWidth="2.5" />
        {g.projection ? (
          <line x1={g.projection.x1} y1={g.projection.y1} x2={g.projection.x2} y2={g.projection.y2} stroke="#475569" strokeWidth="2" strokeDasharray="2 4" />
        ) : null}
        {g.target ? (
          <g>
            <line x1={g.plot.left} x2={g.plot.right} y1={g.target.y} y2={g.target.y} stroke="#b45309" strokeWidth="1.5" strokeDasharray="6 4" />
            <text x={g.plot.right} y={g.target.y - 6} textAnchor="end" fontSize="12" fill="#92400e">
              Trigger: {practices(g.target.value)}
            </text>
          </g>
        ) : null}
      </svg>
      <p className="text-sm text-slate-600">
        Solid line: practices signed, counting every status but withdrawn.
        {g.target ? " Dashed line: what the trigger needs." : ""}
        {g.projection ? " Dotted line: a straight line at the last 14 days' rate, not a forecast." : ""}
      </p>
      <details>
        <summary className="cursor-pointer font-medium">The figures in this chart, as a table</summary>
        <ScrollTable label={`${title}: table, scrolls`} caption={`${title}, newest first`} regionClassName="max-h-96 overflow-y-auto">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <FigureHeader>Practices signed</FigureHeader>
              <FigureHeader>Change that day</FigureHeader>
            </tr>
          </thead>
          <tbody>
            {rows.map((p, i) => {
              const before = rows[i + 1]?.signed ?? 0;
              const change = p.signed - before;
              return (
                <tr key={p.date}>
                  <th scope="row" className={ROW_HEADER}>
                    <time dateTime={p.date}>{formatDate(p.date)}</time>
                  </th>
                  <td className="text-right">{whole(p.signed)}</td>
                  <td className="text-right">{change > 0 ? `+${whole(change)}` : whole(change)}</td>
                </tr>
              );
            })}
          </tbody>
        </ScrollTable>
      </details>
    </div>
  );
}
