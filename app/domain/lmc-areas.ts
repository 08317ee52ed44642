// Reads an LMC areas CSV: which LMC covers which ICB or sub-ICB location from which date.
// Header: lmc_name,area_code,valid_from[,area_kind]. There is no public list of LMC areas,
// so real mappings arrive this way (SPEC section 3; shared data README).
import { lineCount } from "./text-limits";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { type LineProblem, recordsByHeader } from "./practice-register";

export interface LmcAreaRow {
  line: number;
  lmcName: string;
  areaCode: string;
  areaKind: "icb" | "sub_icb" | null;
  validFrom: string;
}

const RowSchema = z.object({
  lmc_name: z.string().trim().min(2, "lmc_name is empty").max(120, "lmc_name is longer than 120 characters"),
  area_code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{3,5}$/, "area_code must be an ICB or sub-ICB code such as QHM or 16C"),
  valid_from: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "valid_from must be a date like 2026-04-01")
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), "valid_from is not a real date"),
  area_kind: z
    .enum(["icb", "sub_icb", ""], { errorMap: () => ({ message: "area_kind must be icb or sub_icb" }) })
    .optional(),
});

export const LMC_AREA_COLUMNS = ["lmc_name", "area_code", "valid_from", "area_kind"] as const;

/** England has 42 ICBs and about 100 sub-ICB locations; no real areas file comes near this. */
export const MAX_LMC_AREA_LINES = 5_000;

export function parseLmcAreas(text: string): { rows: LmcAreaRow[]; problems: LineProblem[] } {
  const problems: LineProblem[] = [];
  if (lineCount(text) > MAX_LMC_AREA_LINES) {
    return { rows: [], problems: [{ line: MAX_LMC_AREA_LINES + 1, message: `the file has more than ${MAX_LMC_AREA_LINES.toLocaleString("en-GB")} lines; an LMC areas file has one line per area` }] };
  }
  let records: Record<string, string>[];
  try {
    // Keyed by recordsByHeader, not csv-parse's `columns` option (quadratic on short rows).
    records = recordsByHeader(parse(text.replace(/^\uFEFF/, ""), { skip_empty_lines: true, relax_column_count: true }) as string[][]);
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], problems: [{ line, message: `not valid CSV: ${(error as Error).message}` }] };
  }
  if (records.length === 0) {
    return { rows: [], problems: [{ line: 1, message: "the file has no rows under a lmc_name,area_code,valid_from header" }] };
  }
  const rows: LmcAreaRow[] = [];
  const seen = new Map<string, number>();
  records.forEach((record, index) => {
    const line = index + 2;
    const parsed = RowSchema.safeParse(record);
    if (!parsed.success) {
      problems.push({ line, message: parsed.error.issues.map((i) => i.message).join("; ") });
      return;
    }
    const key = `${parsed.data.area_code}@${parsed.data.valid_from}`;
    const earlier = seen.get(key);
    if (earlier) {
      problems.push({ line, message: `area ${parsed.data.area_code} from ${parsed.data.valid_from} is already on line ${earlier}` });
      return;
    }
    seen.set(key, line);
    rows.push({
      line,
      lmcName: parsed.data.lmc_name,
      areaCode: parsed.data.area_code,
      areaKind: parsed.data.area_kind ? parsed.data.area_kind : null,
      validFrom: parsed.data.valid_from,
    });
  });
  return { rows, problems };
}
