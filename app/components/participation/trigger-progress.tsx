// How near an option is to its trigger: a progress bar with the same figures in words beside it
// (the words are the bar's label, so a screen reader hears them too).
import type { TriggerProjection } from "../../domain/triggers";
import type { IcbTriggerRow, TriggerProgressView } from "../../models/participation-view.server";
import { formatDate } from "../../utils/time";
import { FigureHeader, ROW_HEADER, ScrollTable } from "./scroll-table";
import { icbProgressText, nationalProgressText, PROJECTION_CAVEAT, projectionCell, projectionText, whole } from "./text";

/** The bar drawn the same in every browser: a grey track with a blue fill. */
const BAR =
  "h-3 w-full appearance-none overflow-hidden rounded-full bg-slate-200 [&::-moz-progress-bar]:bg-blue-700 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-blue-700";

export function Projection({ projection, where }: { projection: TriggerProjection; where: string }) {
  return (
    <div className="space-y-1">
      <p>{projectionText(projection, where)}</p>
      {projection.kind === "projected" ? <p className="text-sm text-slate-600">{PROJECTION_CAVEAT}</p> : null}
    </div>
  );
}

export interface TriggerProgressProps {
  progress: TriggerProgressView;
  /** Unique on the page, for the id that labels the progress bar. */
  id: string;
  /** The option, in words for captions: "“Close online access at 6.30pm”". */
  what: string;
}

export function TriggerProgress({ progress, id, what }: TriggerProgressProps) {
  if (progress.kind === "none") {
    return <p>This option has no trigger: a practice that signs up takes part straight away.</p>;
  }
  const labelId = `${id}-label`;
  if (progress.kind === "national") {
    const text = nationalProgressText(progress);
    const max = progress.needed ?? 1;
    const value = progress.liveSince ? max : Math.min(progress.signed, max);
    return (
      <div className="space-y-2">
        <p id={labelId} className="font-medium">
          {text}
        </p>
        <progress
          aria-labelledby={labelId}
          aria-valuetext={progress.liveSince ? "Live" : `${whole(progress.signed)} of the ${whole(max)} practices the trigger needs`}
          max={max}
          value={value}
          className={BAR}
        />
        {progress.projection ? <Projection projection={progress.projection} where="nationally" /> : null}
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <p id={labelId} className="font-medium">
        {icbProgressText(progress)}
      </p>
      <progress
        aria-labelledby={labelId}
        aria-valuetext={`${whole(progress.liveIcbs)} of ${whole(progress.icbsWithPractices)} ICBs`}
        max={Math.max(1, progress.icbsWithPractices)}
        value={progress.liveIcbs}
        className={BAR}
      />
      {progress.icbs ? (
        <IcbTriggerTable rows={progress.icbs} thresholdPercent={progress.thresholdPercent} what={what} />
      ) : (
        <p className="text-sm text-slate-600">The map below marks each ICB where the option is live.</p>
      )}
    </div>
  );
}

function IcbTriggerTable({ rows, thresholdPercent, what }: { rows: IcbTriggerRow[]; thresholdPercent: number; what: string }) {
  const projected = rows.some((r) => r.projection?.kind === "projected");
  const caption = `Practices signed up to ${what} in each ICB against the ${thresholdPercent}% trigger`;
  return (
    <details className="space-y-2">
      <summary className="cursor-pointer font-medium">Progress in each ICB (exact figures)</summary>
      <ScrollTable
        label={`${caption}, scrolls sideways on small screens`}
        caption={<>{caption}, with the date a straight line at the last 14 days&rsquo; rate would reach it.</>}
        captionClassName="text-left text-sm text-slate-700"
      >
        <thead>
          <tr>
            <th scope="col">ICB</th>
            <FigureHeader>Practices signed</FigureHeader>
            <FigureHeader>Active practices</FigureHeader>
            <FigureHeader>Needed for the trigger</FigureHeader>
            <th scope="col">Live since</th>
            <th scope="col">Projection</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code}>
              <th scope="row" className={ROW_HEADER}>
                {r.name}
              </th>
              <td className="text-right">{whole(r.signed)}</td>
              <td className="text-right">{whole(r.total)}</td>
              <td className="text-right">{r.needed === null ? "n/a" : whole(r.needed)}</td>
              <td>{r.liveSince ? formatDate(r.liveSince) : "not yet"}</td>
              <td>{projectionCell(r.projection)}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      {projected ? <p className="text-sm text-slate-600">{PROJECTION_CAVEAT}</p> : null}
    </details>
  );
}
