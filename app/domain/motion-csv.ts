// The motions CSV and JSON format: one row per part, in agenda order (section by section). Pure:
// builds rows for export and reads rows back for import, with formula-injection neutralising on
// the way out. The round trip is lossless: sections, preambles, seconders, parts, markings,
// composites (what they replace), riders and amendments (their motion), starred groups (their
// lead), clause links and votes all come back. Files from before the last six columns existed
// still import (the columns are optional). Server-only: csv-parse needs Node's Buffer.
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { CLAUSE_INTENTS, MARKINGS, MOTION_KINDS } from "../schemas/conferences";
import { MOTION_NUMBER } from "./motion-numbers";
import { recordsByHeader } from "./practice-register";
import { MAJORITIES, OUTCOMES, VOTE_METHODS } from "./vote-outcome";

/** The columns every file must have (the conference's title is optional: imports ignore it). */
const REQUIRED_COLUMNS = [
  "conference",
  "motion_number",
  "title",
  "proposer",
  "kind",
  "marking",
  "part_label",
  "part_text",
  "method",
  "for",
  "against",
  "abstain",
  "majority",
  "outcome",
  "clause_references",
] as const;

/** What an agenda adds to each motion; files written before these existed import without them. */
const AGENDA_COLUMNS = ["section", "preamble", "seconder", "parent_number", "replaces", "group_lead"] as const;

export const MOTION_COLUMNS = [...REQUIRED_COLUMNS, ...AGENDA_COLUMNS] as const;

export type MotionRow = Record<(typeof REQUIRED_COLUMNS)[number], string> & Partial<Record<(typeof AGENDA_COLUMNS)[number], string>>;

/** A row of the JSON export: the same fields, with the counts as numbers (null where none were taken). */
export type MotionJsonRow = Omit<MotionRow, "for" | "against" | "abstain"> & { for: number | null; against: number | null; abstain: number | null };

export function motionRowToJson(row: MotionRow): MotionJsonRow {
  const count = (v: string) => (v === "" ? null : Number(v));
  return { ...row, for: count(row.for), against: count(row.against), abstain: count(row.abstain) };
}

/** Spreadsheets run cells that start = + - @ (or tab/CR) as formulas: prefix them with '. */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function restoreCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

export function motionRowsToCsv(rows: MotionRow[]): string {
  return stringify(
    rows.map((r) => MOTION_COLUMNS.map((c) => neutraliseCell(r[c] ?? ""))),
    { header: true, columns: [...MOTION_COLUMNS], record_delimiter: "\r\n" },
  );
}

/** "12 remove (Online consultation availability)": clause id, intent, then a readable name. */
export function formatClauseRef(ref: { clauseId: number; intent: string; name: string }): string {
  return `${ref.clauseId} ${ref.intent} (${ref.name.replace(/[();]/g, " ").trim()})`;
}

const count = z
  .string()
  .trim()
  .regex(/^\d{0,7}$/, "must be a whole number")
  .transform((v) => (v === "" ? null : Number(v)));

/** An optional column: trimmed, and nothing when absent or empty. */
function optional<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined), schema.optional());
}

const RowSchema = z.object({
  motion_number: z.string().trim().toLowerCase().regex(MOTION_NUMBER, "motion_number must look like 5 or 5a"),
  title: z.string().trim().min(3, "title is empty").max(200, "title is longer than 200 characters"),
  proposer: z.string().trim().min(1, "proposer is empty").max(120),
  kind: z.enum(MOTION_KINDS, { errorMap: () => ({ message: `kind must be one of ${MOTION_KINDS.join(", ")}` }) }),
  marking: z.enum(MARKINGS, { errorMap: () => ({ message: `marking must be one of ${MARKINGS.join(", ")}` }) }),
  part_label: z.string().trim().regex(/^[ivxlc]{1,8}$/, "part_label must be a roman numeral like i or iv"),
  part_text: z.string().trim().min(1, "part_text is empty").max(3000),
  method: z.union([z.literal(""), z.enum(VOTE_METHODS)], { errorMap: () => ({ message: `method must be empty or one of ${VOTE_METHODS.join(", ")}` }) }),
  for: count,
  against: count,
  abstain: count,
  majority: z.union([z.literal(""), z.enum(MAJORITIES)], { errorMap: () => ({ message: "majority must be empty, simple or two_thirds" }) }),
  outcome: z.union([z.literal(""), z.enum(OUTCOMES)], { errorMap: () => ({ message: `outcome must be empty or one of ${OUTCOMES.join(", ")}` }) }),
  clause_references: z.string().trim().max(1000),
  // Optional columns: absent or empty is none.
  section: optional(z.string().max(120, "is longer than 120 characters")),
  preamble: optional(z.string().max(3000, "is longer than 3000 characters")),
  seconder: optional(z.string().max(120, "is longer than 120 characters")),
  parent_number: optional(z.string().toLowerCase().regex(MOTION_NUMBER, "must look like 5 or 5a")),
  replaces: optional(
    z
      .string()
      .toLowerCase()
      .max(200, "is longer than 200 characters")
      .transform((v) => v.split(/[;,]/).map((n) => n.trim()).filter(Boolean))
      .refine((list) => list.every((n) => MOTION_NUMBER.test(n)), "must list motion numbers like 6a; 6b"),
  ),
  group_lead: optional(z.string().toLowerCase().regex(MOTION_NUMBER, "must look like 5 or 5a")),
});

export interface ImportedPart {
  line: number;
  label: string;
  text: string;
  vote: { method: (typeof VOTE_METHODS)[number]; majority: (typeof MAJORITIES)[number]; for: number | null; against: number | null; abstain: number | null; outcome: (typeof OUTCOMES)[number] } | null;
  clauses: { clauseId: number; intent: (typeof CLAUSE_INTENTS)[number] }[];
}

export interface ImportedMotion {
  line: number;
  number: string;
  title: string;
  proposer: string;
  kind: (typeof MOTION_KINDS)[number];
  marking: (typeof MARKINGS)[number];
  /** Set only where the file gives them (a file from before these columns has none). */
  section?: string;
  preamble?: string;
  seconder?: string;
  parentNumber?: string;
  replaces?: string[];
  groupLead?: string;
  parts: ImportedPart[];
}

type ReadResult = { motions: ImportedMotion[]; problems: { line: number; message: string }[] };

export function parseMotionCsv(text: string): ReadResult {
  let records: Record<string, string>[];
  try {
    records = recordsByHeader(parse(text.replace(/^\uFEFF/, ""), { skip_empty_lines: true, relax_column_count: true }) as string[][]);
  } catch (error) {
    return { motions: [], problems: [{ line: (error as { lines?: number }).lines ?? 1, message: `not valid CSV: ${(error as Error).message}` }] };
  }
  const first = records[0];
  const missing = first ? REQUIRED_COLUMNS.filter((c) => c !== "conference" && !(c in first)) : [...REQUIRED_COLUMNS];
  if (missing.length) return { motions: [], problems: [{ line: 1, message: `the header is missing: ${missing.join(", ")}` }] };
  return readMotionRecords(records.map((raw, index) => ({ line: index + 2, raw })));
}

/**
 * Reads the JSON export back: `{ conference: { sections: [...] }, rows: [...] }`, each row the
 * CSV's fields (counts as numbers). "Line" in a problem is the row's place in the list, from 1.
 * The conference's sections come back too, so sections without motions keep their place.
 */
export function parseMotionJson(text: string): ReadResult & { sections?: string[] } {
  let body: unknown;
  try {
    body = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return { motions: [], problems: [{ line: 1, message: `not valid JSON: ${(error as Error).message}` }] };
  }
  const rows = body && typeof body === "object" && "rows" in body && Array.isArray(body.rows) ? (body.rows as unknown[]) : null;
  if (!rows) return { motions: [], problems: [{ line: 1, message: "the file has no list of rows (the motions JSON export has one)" }] };
  const sectionList = body && typeof body === "object" && "conference" in body ? (body.conference as { sections?: unknown } | null)?.sections : undefined;
  const sections = Array.isArray(sectionList) ? sectionList.filter((s): s is string => typeof s === "string" && s.trim() !== "").map((s) => s.trim().slice(0, 120)) : undefined;
  const asText = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "number" || typeof v === "string" ? String(v) : "\u0000not text");
  const records = rows.map((row, index) => ({
    line: index + 1,
    raw: row && typeof row === "object" ? Object.fromEntries(Object.entries(row as Record<string, unknown>).map(([k, v]) => [k, asText(v)])) : {},
  }));
  return { ...readMotionRecords(records, { restore: false }), sections };
}

/** Rows (from either format) into motions with parts, every problem named by its line. */
function readMotionRecords(records: { line: number; raw: Record<string, string> }[], options: { restore: boolean } = { restore: true }): ReadResult {
  const problems: { line: number; message: string }[] = [];

  const motions = new Map<string, ImportedMotion>();
  // "motion part" keys: scanning motion.parts for each row was quadratic in a long file.
  const partKeys = new Set<string>();
  rows: for (const { line, raw } of records) {
    const record = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, options.restore ? restoreCell(v ?? "") : (v ?? "")]));
    const parsed = RowSchema.safeParse(record);
    if (!parsed.success) {
      problems.push({ line, message: parsed.error.issues.map((i) => (i.path[0] && !i.message.startsWith(String(i.path[0])) ? `${String(i.path[0])} ${i.message}` : i.message)).join("; ") });
      continue;
    }
    const row = parsed.data;
    const clauses: ImportedPart["clauses"] = [];
    for (const ref of row.clause_references.split(";").map((r) => r.trim()).filter(Boolean)) {
      const match = /^(\d+)\s+([a-z_]+)/.exec(ref);
      const intent = match?.[2] as (typeof CLAUSE_INTENTS)[number] | undefined;
      if (!match || !intent || !CLAUSE_INTENTS.includes(intent)) {
        problems.push({ line, message: `clause reference "${ref.slice(0, 60)}" should look like "12 remove (title)"` });
        continue rows;
      }
      clauses.push({ clauseId: Number(match[1]), intent });
    }
    let vote: ImportedPart["vote"] = null;
    if (row.outcome) {
      vote = { method: row.method || "show_of_hands", majority: row.majority || "simple", for: row.for, against: row.against, abstain: row.abstain, outcome: row.outcome };
    } else if (row.method || row.for !== null || row.against !== null) {
      problems.push({ line, message: "a vote needs an outcome" });
      continue;
    }
    let motion = motions.get(row.motion_number);
    if (!motion) {
      motion = { line, number: row.motion_number, title: row.title, proposer: row.proposer, kind: row.kind, marking: row.marking, parts: [] };
      // Only what the row gives, so a file without these columns reads as it always did.
      if (row.section) motion.section = row.section;
      if (row.preamble) motion.preamble = row.preamble;
      if (row.seconder) motion.seconder = row.seconder;
      if (row.parent_number) motion.parentNumber = row.parent_number;
      if (row.replaces?.length) motion.replaces = row.replaces;
      if (row.group_lead) motion.groupLead = row.group_lead;
      motions.set(row.motion_number, motion);
    } else if (motion.title !== row.title || motion.proposer !== row.proposer) {
      problems.push({ line, message: `motion ${row.motion_number} has a different title or proposer than on line ${motion.line}` });
      continue;
    }
    const partKey = `${row.motion_number} ${row.part_label}`;
    if (partKeys.has(partKey)) {
      problems.push({ line, message: `motion ${row.motion_number} part ${row.part_label} appears twice` });
      continue;
    }
    partKeys.add(partKey);
    motion.parts.push({ line, label: row.part_label, text: row.part_text, vote, clauses });
  }
  return { motions: [...motions.values()], problems };
}
