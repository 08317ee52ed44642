// Reads the NHS ODS practice register (epraccur) and list-size files, and plans what an import
// would change. Pure: no database, no files. The model applies the plan in one transaction.
import { parse } from "csv-parse/sync";
import { ODS_PRACTICE_CODE } from "./ods";

/** epraccur columns (0-based) this importer reads; the file has no header row. */
const COL = {
  code: 0,
  name: 1,
  nationalGrouping: 2,
  icb: 3,
  address: [4, 5, 6, 7, 8],
  postcode: 9,
  openDate: 10,
  closeDate: 11,
  status: 12,
  subIcb: 14,
  prescribingSetting: 25,
} as const;
const MIN_COLUMNS = 26;
const GP_PRACTICE_SETTING = "4";
const WALES_GROUPING = "W00";

export interface RegisterRow {
  line: number;
  odsCode: string;
  name: string;
  address: string;
  postcode: string;
  status: "active" | "closed";
  regionCode: string;
  icbCode: string;
  subIcbCode: string | null;
  openedOn: string | null;
  closedOn: string | null;
}

export interface LineProblem {
  line: number;
  message: string;
}

/**
 * Rows keyed by the trimmed, lower-cased header, as csv-parse's `columns` option would key them. Not
 * that option itself: with relax_column_count it copies the whole header into an error for every
 * row of another length, so a wide header over many short rows took quadratic time.
 */
export function recordsByHeader([header = [], ...rows]: string[][]): Record<string, string>[] {
  const names = header.map((h) => h.trim().toLowerCase());
  return rows.map((cells) => {
    const record: Record<string, string> = {};
    cells.forEach((cell, i) => {
      if (i < names.length) record[names[i]!] = cell;
    });
    return record;
  });
}

export interface ParsedRegister {
  rows: RegisterRow[];
  problems: LineProblem[];
  /** Rows that are not English GP practices (other prescribing settings, Wales): skipped on purpose. */
  otherOrganisations: number;
  totalLines: number;
}

function ymdToIso(value: string): string | null | undefined {
  if (!value) return null;
  if (!/^\d{8}$/.test(value)) return undefined;
  const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

function titleCase(value: string): string {
  return value.toLowerCase().replace(/\b([a-z])/g, (m) => m.toUpperCase()).replace(/'S\b/g, "'s");
}

/** Parses line by line, so one broken line is reported and the others still import. */
export function parseEpraccur(text: string): ParsedRegister {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const rows: RegisterRow[] = [];
  const problems: LineProblem[] = [];
  const seen = new Map<string, number>();
  let otherOrganisations = 0;
  let totalLines = 0;

  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    totalLines++;
    let cells: string[];
    try {
      const parsed = parse(raw, { relax_column_count: true, trim: true }) as string[][];
      cells = parsed[0] ?? [];
    } catch (error) {
      problems.push({ line, message: `not valid CSV (${(error as Error).message.split(":")[0]})` });
      return;
    }
    if (cells.length < MIN_COLUMNS) {
      problems.push({ line, message: `expected at least ${MIN_COLUMNS} columns, found ${cells.length}` });
      return;
    }
    const cell = (i: number) => cells[i] ?? "";
    if (cell(COL.prescribingSetting) !== GP_PRACTICE_SETTING || cell(COL.nationalGrouping) === WALES_GROUPING) {
      otherOrganisations++;
      return;
    }
    const odsCode = cell(COL.code).toUpperCase();
    if (!ODS_PRACTICE_CODE.test(odsCode)) {
      problems.push({ line, message: `"${odsCode.slice(0, 20)}" is not a GP practice ODS code (a letter and five digits)` });
      return;
    }
    const name = cell(COL.name);
    if (!name) {
      problems.push({ line, message: `practice ${odsCode} has no name` });
      return;
    }
    const openedOn = ymdToIso(cell(COL.openDate));
    const closedOn = ymdToIso(cell(COL.closeDate));
    if (openedOn === undefined || closedOn === undefined) {
      problems.push({ line, message: `practice ${odsCode} has a date that is not YYYYMMDD` });
      return;
    }
    const statusCode = cell(COL.status);
    if (!["A", "C", "D", "P"].includes(statusCode)) {
      problems.push({ line, message: `practice ${odsCode} has unknown status code "${statusCode.slice(0, 5)}"` });
      return;
    }
    const earlier = seen.get(odsCode);
    if (earlier !== undefined) {
      problems.push({ line, message: `practice ${odsCode} appears again (first on line ${earlier}); kept the first` });
      return;
    }
    seen.set(odsCode, line);
    rows.push({
      line,
      odsCode,
      name: titleCase(name),
      address: COL.address.map((i) => cell(i)).filter(Boolean).map(titleCase).join(", "),
      postcode: cell(COL.postcode).toUpperCase(),
      // Only 'A' is open for patients; closed, dormant and proposed practices do not count.
      status: statusCode === "A" ? "active" : "closed",
      regionCode: cell(COL.nationalGrouping),
      icbCode: cell(COL.icb),
      subIcbCode: cell(COL.subIcb) || null,
      openedOn,
      closedOn,
    });
  });
  return { rows, problems, otherOrganisations, totalLines };
}

export interface ParsedListSizes {
  sizes: Map<string, number>;
  asOf: string | null;
  problems: LineProblem[];
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/** "01APR2026" (NHS Digital's EXTRACT_DATE) or "2026-04-01" to ISO. */
function extractDateToIso(value: string): string | null {
  const nhs = /^(\d{2})([A-Z]{3})(\d{4})$/.exec(value.toUpperCase());
  if (nhs) {
    const month = MONTHS.indexOf(nhs[2]!);
    return month < 0 ? null : `${nhs[3]}-${String(month + 1).padStart(2, "0")}-${nhs[1]}`;
  }
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

/** Reads list sizes by header name, from this project's two-column file or NHS Digital's full file. */
export function parseListSizes(text: string, fileName = ""): ParsedListSizes {
  const problems: LineProblem[] = [];
  const sizes = new Map<string, number>();
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true, trim: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { sizes, asOf: null, problems: [{ line, message: `not valid CSV: ${(error as Error).message}` }] };
  }
  const header = (records[0] ?? []).map((h) => h.toUpperCase());
  const codeCol = header.findIndex((h) => h === "CODE" || h === "PRACTICE_CODE");
  const countCol = header.indexOf("NUMBER_OF_PATIENTS");
  if (codeCol < 0 || countCol < 0) {
    return {
      sizes,
      asOf: null,
      problems: [{ line: 1, message: "the header must name the columns CODE and NUMBER_OF_PATIENTS" }],
    };
  }
  const col = (name: string) => header.indexOf(name);
  const [typeCol, sexCol, ageCol, dateCol] = [col("TYPE"), col("SEX"), col("AGE"), col("EXTRACT_DATE")];
  let asOf: string | null = null;
  records.slice(1).forEach((cells, index) => {
    const line = index + 2;
    // NHS Digital's full file also carries totals for other organisation types and breakdowns.
    if (typeCol >= 0 && cells[typeCol] && cells[typeCol] !== "GP") return;
    if (sexCol >= 0 && cells[sexCol] && cells[sexCol]!.toUpperCase() !== "ALL") return;
    if (ageCol >= 0 && cells[ageCol] && cells[ageCol]!.toUpperCase() !== "ALL") return;
    const code = (cells[codeCol] ?? "").toUpperCase();
    const count = cells[countCol] ?? "";
    if (!ODS_PRACTICE_CODE.test(code)) {
      problems.push({ line, message: `"${code.slice(0, 20)}" is not a GP practice ODS code` });
      return;
    }
    if (!/^\d{1,7}$/.test(count)) {
      problems.push({ line, message: `practice ${code}: "${count.slice(0, 20)}" is not a whole number of patients` });
      return;
    }
    if (dateCol >= 0 && !asOf) asOf = extractDateToIso(cells[dateCol] ?? "");
    sizes.set(code, Number(count));
  });
  if (!asOf) {
    const fromName = /(\d{4})-(\d{2})/.exec(fileName);
    if (fromName) asOf = `${fromName[1]}-${fromName[2]}-01`;
  }
  return { sizes, asOf, problems };
}

export interface ExistingPractice {
  id: number;
  odsCode: string;
  name: string;
  address: string;
  postcode: string;
  status: "active" | "closed";
  subIcbCode: string | null;
  openedOn: string | null;
  closedOn: string | null;
  listSize: number | null;
  listSizeDate: string | null;
  icbCode: string | null;
}

type Fields = Pick<
  ExistingPractice,
  "name" | "address" | "postcode" | "status" | "subIcbCode" | "openedOn" | "closedOn" | "listSize" | "listSizeDate"
>;

export interface PracticeChange {
  id: number;
  odsCode: string;
  before: Partial<Fields>;
  after: Partial<Fields>;
  icbFrom: string | null;
  icbTo: string | null;
}

export interface ImportPlan {
  inserts: (Fields & { odsCode: string; icbCode: string; line: number })[];
  changes: PracticeChange[];
  unchanged: number;
  /** Closed practices in the file that were never in the database: nothing to record. */
  closedNotHeld: number;
  problems: LineProblem[];
  otherOrganisations: number;
  activeWithoutListSize: string[];
  listSizesForUnknownPractices: number;
  activeAfter: number;
}

/**
 * Compares the file with what the database holds. Active practices are inserted or updated;
 * closed ones are marked closed if held, never deleted; practices the file does not mention
 * are left alone (an extract may be partial).
 */
export function planPracticeImport(
  register: ParsedRegister,
  existing: ExistingPractice[],
  knownIcbs: Set<string>,
  listSizes: ParsedListSizes | null,
): ImportPlan {
  const held = new Map(existing.map((p) => [p.odsCode, p]));
  const plan: ImportPlan = {
    inserts: [],
    changes: [],
    unchanged: 0,
    closedNotHeld: 0,
    problems: [...register.problems, ...(listSizes?.problems ?? [])],
    otherOrganisations: register.otherOrganisations,
    activeWithoutListSize: [],
    listSizesForUnknownPractices: 0,
    activeAfter: existing.filter((p) => p.status === "active").length,
  };
  const inFile = new Set<string>();

  for (const row of register.rows) {
    inFile.add(row.odsCode);
    const current = held.get(row.odsCode);
    if (row.status === "active" && !knownIcbs.has(row.icbCode)) {
      plan.problems.push({ line: row.line, message: `practice ${row.odsCode} names ICB "${row.icbCode}", which is not in the ICB list` });
      continue;
    }
    const size = listSizes?.sizes.get(row.odsCode);
    const fields: Fields = {
      name: row.name,
      address: row.address,
      postcode: row.postcode,
      status: row.status,
      subIcbCode: row.subIcbCode,
      openedOn: row.openedOn,
      closedOn: row.closedOn,
      listSize: size ?? current?.listSize ?? null,
      listSizeDate: size !== undefined ? (listSizes?.asOf ?? null) : (current?.listSizeDate ?? null),
    };
    if (row.status === "active" && fields.listSize === null) plan.activeWithoutListSize.push(row.odsCode);
    if (!current) {
      if (row.status === "closed") {
        plan.closedNotHeld++;
        continue;
      }
      plan.inserts.push({ ...fields, odsCode: row.odsCode, icbCode: row.icbCode, line: row.line });
      plan.activeAfter++;
      continue;
    }
    const before: Partial<Fields> = {};
    const after: Partial<Fields> = {};
    for (const key of Object.keys(fields) as (keyof Fields)[]) {
      if (fields[key] !== current[key]) {
        (before as Record<string, unknown>)[key] = current[key];
        (after as Record<string, unknown>)[key] = fields[key];
      }
    }
    const icbTo = row.status === "active" && row.icbCode !== current.icbCode ? row.icbCode : null;
    if (Object.keys(after).length === 0 && !icbTo) {
      plan.unchanged++;
      continue;
    }
    if (current.status !== fields.status) plan.activeAfter += fields.status === "active" ? 1 : -1;
    plan.changes.push({ id: current.id, odsCode: row.odsCode, before, after, icbFrom: icbTo ? current.icbCode : null, icbTo });
  }
  if (listSizes) {
    for (const code of listSizes.sizes.keys()) if (!inFile.has(code) && !held.has(code)) plan.listSizesForUnknownPractices++;
  }
  return plan;
}
