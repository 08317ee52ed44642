// The participation export (CSV and JSON): one row per option and area, each cell already
// suppressed for the viewer by `presentParticipation`, so a file never shows more than the page.
import { stringify } from "csv-stringify/sync";
import { neutraliseCell } from "./motion-csv";
import { formatCellForCsv, formatCellForJson, PARTICIPATION_CSV_COLUMNS, type CellScope, type DisplayCell, type ParticipationField } from "./suppression";

export const PARTICIPATION_EXPORT_COLUMNS = [
  "option",
  "scope",
  "area_code",
  "area_name",
  "practices_signed",
  "practices_total",
  "percent",
  "patients_covered",
  "personal_pledges",
] as const;
export type ParticipationExportColumn = (typeof PARTICIPATION_EXPORT_COLUMNS)[number];

/** The figures in the export, by column, and the cell field each is read from. */
const FIGURE_COLUMNS = {
  practices_signed: "practicesSigned",
  practices_total: "practicesTotal",
  percent: "practicesSignedPercent",
  patients_covered: "patientsCovered",
  personal_pledges: "personalPledges",
} as const satisfies Partial<Record<ParticipationExportColumn, ParticipationField>>;
type FigureColumn = keyof typeof FIGURE_COLUMNS;
const FIGURES = Object.entries(FIGURE_COLUMNS) as [FigureColumn, ParticipationField][];

export interface ExportArea {
  option: string;
  scope: CellScope;
  areaCode: string;
  areaName: string;
  cell: DisplayCell;
}

/** A CSV record: `*` where a figure is suppressed, empty where there is no percentage to give. */
export function participationCsvRecord(row: ExportArea): Record<ParticipationExportColumn, string> {
  const csv = formatCellForCsv(row.cell);
  return {
    option: row.option,
    scope: row.scope,
    area_code: row.areaCode,
    area_name: row.areaName,
    ...(Object.fromEntries(FIGURES.map(([column, field]) => [column, csv[PARTICIPATION_CSV_COLUMNS[field]]])) as Record<FigureColumn, string>),
  };
}

export function participationCsv(rows: readonly ExportArea[]): string {
  return stringify(
    rows.map((r) => {
      const record = participationCsvRecord(r);
      return PARTICIPATION_EXPORT_COLUMNS.map((c) => neutraliseCell(record[c]));
    }),
    { header: true, columns: [...PARTICIPATION_EXPORT_COLUMNS], record_delimiter: "\r\n" },
  );
}

export type ParticipationJsonRecord = {
  option: string;
  scope: CellScope;
  area_code: string;
  area_name: string;
} & Record<FigureColumn, number | null> & {
    /** True when any figure in the row is suppressed (shown as null). */
    suppressed: boolean;
    /** Which figures are suppressed, by column name. */
    suppressed_fields: FigureColumn[];
    /** True when the figures below national level are rounded (to 5 practices, 1,000 patients). */
    rounded: boolean;
  };

/** A JSON record: a suppressed figure is null, and the row says `suppressed: true` and which. */
export function participationJsonRecord(row: ExportArea): ParticipationJsonRecord {
  const json = formatCellForJson(row.cell);
  const suppressedFields = FIGURES.filter(([, field]) => json[field].suppressed).map(([column]) => column);
  return {
    option: row.option,
    scope: row.scope,
    area_code: row.areaCode,
    area_name: row.areaName,
    ...(Object.fromEntries(FIGURES.map(([column, field]) => [column, json[field].value])) as Record<FigureColumn, number | null>),
    suppressed: suppressedFields.length > 0,
    suppressed_fields: suppressedFields,
    rounded: json.rounded,
  };
}
