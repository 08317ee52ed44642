// Imports of the practice register and LMC areas: preview first, then apply in one transaction.
// Uploads wait in pending_imports between the preview and the apply, so both steps work
// as plain form posts without JavaScript.
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import { parseLmcAreas } from "../domain/lmc-areas";
import { parseEpraccur, parseListSizes, planPracticeImport, type ImportPlan } from "../domain/practice-register";
import { todayIso, nowIso } from "../utils/time";
import { applyLmcAreaImport, planLmcAreaImport } from "./geography.server";
import { applyPracticeImport, knownIcbCodes, loadExistingPractices } from "./practices.server";

export interface PracticeImportFiles {
  register: { name: string; text: string };
  listSizes?: { name: string; text: string } | null;
}

export async function planPracticeRegisterImport(db: Kysely<Database>, files: PracticeImportFiles, effectiveDate = todayIso()) {
  const register = parseEpraccur(files.register.text);
  const listSizes = files.listSizes ? parseListSizes(files.listSizes.text, files.listSizes.name) : null;
  const [existing, icbs] = await Promise.all([loadExistingPractices(db, effectiveDate), knownIcbCodes(db)]);
  const plan = planPracticeImport(register, existing, icbs, listSizes);
  return { plan, listSizesAsOf: listSizes?.asOf ?? null, listSizeRows: listSizes?.sizes.size ?? 0 };
}

export async function runPracticeRegisterImport(
  db: Kysely<Database>,
  actorUserId: number | null,
  files: PracticeImportFiles,
  options: { effectiveDate?: string; onProgress?: (done: number, total: number) => void } = {},
) {
  const effectiveDate = options.effectiveDate ?? todayIso();
  const planned = await planPracticeRegisterImport(db, files, effectiveDate);
  const source = [files.register.name, files.listSizes?.name].filter(Boolean).join(" + ");
  const summary = await applyPracticeImport(db, actorUserId, planned.plan, { effectiveDate, source, onProgress: options.onProgress });
  return { ...planned, summary };
}

export function describePlan(plan: ImportPlan) {
  return {
    inserts: plan.inserts.length,
    changes: plan.changes.length,
    closures: plan.changes.filter((c) => c.after.status === "closed").length,
    icbMoves: plan.changes.filter((c) => c.icbTo).length,
    unchanged: plan.unchanged,
    closedNotHeld: plan.closedNotHeld,
    otherOrganisations: plan.otherOrganisations,
    problems: plan.problems.length,
    activeAfter: plan.activeAfter,
    activeWithoutListSize: plan.activeWithoutListSize.length,
    listSizesForUnknownPractices: plan.listSizesForUnknownPractices,
  };
}

export async function savePendingImport(
  db: Kysely<Database>,
  userId: number,
  kind: "practices" | "lmc_areas",
  file: { name: string; text: string },
  extra?: { name: string; text: string } | null,
): Promise<string> {
  const id = crypto.randomUUID();
  // Old previews are dropped so uploads do not pile up.
  const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
  await db.deleteFrom("pending_imports").where("created_at", "<", dayAgo).execute();
  await db
    .insertInto("pending_imports")
    .values({
      id,
      kind,
      file_name: file.name + (extra ? `\n${extra.name}` : ""),
      content: file.text,
      extra_content: extra?.text ?? null,
      created_by: userId,
      created_at: nowIso(),
    })
    .execute();
  return id;
}

export async function getPendingImport(db: Kysely<Database>, id: string, userId: number, kind: "practices" | "lmc_areas") {
  const row = await db
    .selectFrom("pending_imports")
    .selectAll()
    .where("id", "=", id)
    .where("created_by", "=", userId)
    .where("kind", "=", kind)
    .executeTakeFirst();
  if (!row) return null;
  const [name, extraName] = row.file_name.split("\n");
  return {
    id: row.id,
    file: { name: name ?? "upload", text: row.content },
    extra: row.extra_content !== null ? { name: extraName ?? "upload", text: row.extra_content } : null,
  };
}

export async function discardPendingImport(db: Kysely<Database>, id: string) {
  await db.deleteFrom("pending_imports").where("id", "=", id).execute();
}

export async function planLmcAreasImport(db: Kysely<Database>, text: string) {
  const parsed = parseLmcAreas(text);
  const planned = await planLmcAreaImport(db, parsed.rows);
  return { planned: planned.planned, problems: [...parsed.problems, ...planned.problems].sort((a, b) => a.line - b.line) };
}

export async function runLmcAreasImport(db: Kysely<Database>, actorUserId: number | null, file: { name: string; text: string }) {
  const { planned, problems } = await planLmcAreasImport(db, file.text);
  const result = await applyLmcAreaImport(db, actorUserId, planned, file.name);
  return { ...result, problems };
}
