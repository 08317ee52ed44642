// The motions CSV and JSON format: one row per part. Pure: builds rows for export and reads
// rows back for import (the round trip), with formula-injection neutralising on the way out.
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { CLAUSE_INTENTS, MARKINGS, MOTION_KINDS } from "../schemas/conferences";
import { MOTION_NUMBER } from "./motion-numbers";
import { recordsByHeader } from "./practice-register";
import { MAJORITIES, OUTCOMES, VOTE_METHODS } from "./vote-outcome";

export const MOTION_COLUMNS = [
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

export type MotionRow = Record<(typeof MOTION_COLUMNS)[number], string>;

/** Spreadsheets run cells that start = + - @ (or tab/CR) as formulas: prefix them with '. */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function restoreCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

export function motionRowsToCsv(rows: MotionRow[]): string {
  return stringify(
    rows.map((r) => MOTION_COLUMNS.map((c) => neutraliseCell(r[c]))),
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
  parts: ImportedPart[];
}

export function parseMotionCsv(text: string): { motions: ImportedMotion[]; problems: { line: number; message: string }[] } {
  const problems: { line: number; message: string }[] = [];
  let records: Record<string, string>[];
  try {
    records = recordsByHeader(parse(text.replace(/^\uFEFF/, ""), { skip_empty_lines: true, relax_column_count: true }) as string[][]);
  } catch (error) {
    return { motions: [], problems: [{ line: (error as { lines?: number }).lines ?? 1, message: `not valid CSV: ${(error as Error).message}` }] };
  }
  const first = records[0];
  const missing = first ? MOTION_COLUMNS.filter((c) => c !== "conference" && !(c in first)) : [...MOTION_COLUMNS];
  if (missing.length) return { motions: [], problems: [{ line: 1, message: `the header is missing: ${missing.join(", ")}` }] };

  const motions = new Map<string, ImportedMotion>();
  // "motion part" keys: scanning motion.parts for each row was quadratic in a long file.
  const partKeys = new Set<string>();
  records.forEach((raw, index) => {
    const line = index + 2;
    const record = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, restoreCell(v ?? "")]));
    const parsed = RowSchema.safeParse(record);
    if (!parsed.success) {
      problems.push({ line, message: parsed.error.issues.map((i) => (i.path[0] && !i.message.startsWith(String(i.path[0])) ? `${String(i.path[0])} ${i.message}` : i.message)).join("; ") });
      return;
    }
    const row = parsed.data;
    const clauses: ImportedPart["clauses"] = [];
    for (const ref of row.clause_references.split(";").map((r) => r.trim()).filter(Boolean)) {
      const match = /^(\d+)\s+([a-z_]+)/.exec(ref);
      const intent = match?.[2] as (typeof CLAUSE_INTENTS)[number] | undefined;
      if (!match || !intent || !CLAUSE_INTENTS.includes(intent)) {
        problems.push({ line, message: `clause reference "${ref.slice(0, 60)}" should look like "12 remove (title)"` });
        return;
      }
      clauses.push({ clauseId: Number(match[1]), intent });
    }
    let vote: ImportedPart["vote"] = null;
    if (row.outcome) {
      vote = { method: row.method || "show_of_hands", majority: row.majority || "simple", for: row.for, against: row.against, abstain: row.abstain, outcome: row.outcome };
    } else if (row.method || row.for !== null || row.against !== null) {
      problems.push({ line, message: "a vote needs an outcome" });
      return;
    }
    let motion = motions.get(row.motion_number);
    if (!motion) {
      motion = { line, number: row.motion_number, title: row.title, proposer: row.proposer, kind: row.kind, marking: row.marking, parts: [] };
      motions.set(row.motion_number, motion);
    } else if (motion.title !== row.title || motion.proposer !== row.proposer) {
      problems.push({ line, message: `motion ${row.motion_number} has a different title or proposer than on line ${motion.line}` });
      return;
    }
    const partKey = `${row.motion_number} ${row.part_label}`;
    if (partKeys.has(partKey)) {
      problems.push({ line, message: `motion ${row.motion_number} part ${row.part_label} appears twice` });
      return;
    }
    partKeys.add(partKey);
    motion.parts.push({ line, label: row.part_label, text: row.part_text, vote, clauses });
  });
  return { motions: [...motions.values()], problems };
}
