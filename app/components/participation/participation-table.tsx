// Participation by area: practices signed, their share of active practices, patients covered
// and their share of registered patients, and personal pledges, each cell as the viewer may see
// it ("1-7" and "hidden" where suppressed, explained in the notes beneath).
import { SIGNED_STATUSES, SIGNUP_STATUS_LABELS } from "../../domain/campaign-status";
import { formatCellForPage } from "../../domain/suppression";
import type { PresentedRow } from "../../models/participation.server";
import { FigureHeader, ROW_HEADER, ScrollTable } from "./scroll-table";
import { whole } from "./text";

export interface ParticipationTableProps {
  caption: string;
  /** The column heading for the areas: "Region", "ICB", "LMC". */
  areaLabel: string;
  rows: readonly PresentedRow[];
  /** How to name each area (ICBs drop "NHS ... Integrated Care Board"). */
  nameOf?: (row: PresentedRow) => string;
  /** A second column naming each area's region (for ICBs). */
  regionNames?: ReadonlyMap<string, string>;
  /** The area to mark as the viewer's own (a secretary's LMC). */
  ownAreaCode?: string | null;
  /** Ties the table to the notes that explain its hidden and rounded figures. */
  notesId?: string;
}

const FIGURE_COLUMNS = [
  ["practicesSigned", "Practices signed"],
  ["practicesTotal", "Active practices"],
  ["practicesSignedPercent", "% of active practices"],
  ["patientsCovered", "Patients covered"],
  ["patientsCoveredPercent", "% of registered patients"],
  ["personalPledges", "Personal pledges"],
] as const;

export function ParticipationTable({ caption, areaLabel, rows, nameOf = (r) => r.areaName, regionNames, ownAreaCode, notesId }: ParticipationTableProps) {
  // Statuses only where every row is exact (staff): a column half "hidden" says nothing.
  const withStatus = rows.length > 0 && rows.every((r) => r.byStatus !== null);
  return (
    <ScrollTable label={`${caption}, scrolls sideways on small screens`} caption={caption} describedBy={notesId}>
      <thead>
        <tr>
          <th scope="col">{areaLabel}</th>
          {regionNames ? <th scope="col">Region</th> : null}
          {FIGURE_COLUMNS.map(([key, label]) => (
            <FigureHeader key={key}>{label}</FigureHeader>
          ))}
          {withStatus ? SIGNED_STATUSES.map((s) => <FigureHeader key={s}>{SIGNUP_STATUS_LABELS[s]}</FigureHeader>) : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const text = formatCellForPage(row.cell);
          const own = ownAreaCode !== undefined && ownAreaCode !== null && row.areaCode === ownAreaCode;
          return (
            <tr key={`${row.scope}:${row.areaCode}`} className={own ? "bg-amber-50" : undefined}>
              <th scope="row" className={ROW_HEADER}>
                {nameOf(row)}
                {own ? <strong className="ml-1">(your LMC)</strong> : null}
              </th>
              {regionNames ? <td>{regionNames.get(row.regionCode ?? "") ?? ""}</td> : null}
              {FIGURE_COLUMNS.map(([key]) => (
                <td key={key} className="text-right whitespace-nowrap">
                  {text[key]}
                </td>
              ))}
              {withStatus
                ? SIGNED_STATUSES.map((s) => (
                    <td key={s} className="text-right">
                      {whole(row.byStatus![s])}
                    </td>
                  ))
                : null}
            </tr>
          );
        })}
      </tbody>
    </ScrollTable>
  );
}

/** The notes that explain any rounded, "1-7" or hidden figure in these rows, in plain words. */
export function participationNotes(rows: readonly PresentedRow[]): string[] {
  const notes = new Set<string>();
  let noShare = false;
  for (const row of rows) {
    for (const note of formatCellForPage(row.cell).notes) notes.add(note);
    noShare ||= row.cell.practicesSignedPercent === null || row.cell.patientsCoveredPercent === null;
  }
  if (noShare) notes.add("n/a means there is nothing to take a share of: the area has no active practices, or no registered patients, on the register.");
  return [...notes];
}

export function SuppressionNotes({ id, rows, exact }: { id: string; rows: readonly PresentedRow[]; exact: "all" | "own-lmc" | "none" }) {
  const notes = participationNotes(rows);
  return (
    <div id={id} className="space-y-2 text-sm text-slate-700">
      {exact === "all" ? (
        <p>You see every figure exactly because of your role. The public sees figures below national level rounded, with small numbers hidden.</p>
      ) : (
        <p>
          Who signed up is private. National figures are exact. Below national level we follow NHS Digital&rsquo;s rule for small numbers, so that no practice
          can be picked out: a count of 1 to 7 shows as &ldquo;1-7&rdquo;, other counts are rounded to the nearest 5, and percentages are worked out from the
          rounded figures.
          {exact === "own-lmc" ? " Your own LMC's figures are exact." : ""}
        </p>
      )}
      {notes.length ? (
        <ul className="list-disc space-y-1 pl-5">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
