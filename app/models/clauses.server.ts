// The contract-clause register: documents, clauses, and which motion parts targeted each clause.
import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import type { Viewer } from "../domain/conference-access";
import { deriveMotionResult, type Outcome } from "../domain/vote-outcome";
import { nowIso } from "../utils/time";
import { recordAudit } from "./audit.server";
import { visibleMotionFilter } from "./visibility.server";

export function listDocuments(db: Kysely<Database>) {
  return db.selectFrom("contract_documents").select(["id", "title", "citation", "url"]).orderBy("title").execute();
}

/** Every clause, for choosing one in a form or filter. */
export function listClauseChoices(db: Kysely<Database>) {
  return db
    .selectFrom("clauses")
    .innerJoin("contract_documents as d", "d.id", "clauses.document_id")
    .select(["clauses.id", "clauses.reference", "clauses.title"])
    .orderBy("d.title")
    .orderBy("clauses.reference")
    .orderBy("clauses.title")
    .execute();
}

/**
 * What counts as a clause being targeted, once, for the register's counts and the clause's page
 * alike: a link from a part of a motion the viewer may see (the one visibility rule). Both ask
 * this query, so the number the register shows is the number of rows the clause page lists.
 */
function targetingLinks(db: Kysely<Database>, viewer: Viewer | null) {
  return db
    .selectFrom("part_clause_links as l")
    .innerJoin("motion_parts as p", "p.id", "l.part_id")
    .innerJoin("motions", "motions.id", "p.motion_id")
    .innerJoin("conferences", "conferences.id", "motions.conference_id")
    .innerJoin("bodies", "bodies.id", "conferences.body_id")
    .where(visibleMotionFilter(viewer));
}

/** The register: every clause with how many motion parts the viewer may see targeted it. */
export async function listClauses(db: Kysely<Database>, viewer: Viewer | null) {
  const [clauses, counts] = await Promise.all([
    db
      .selectFrom("clauses")
      .innerJoin("contract_documents as d", "d.id", "clauses.document_id")
      .select(["clauses.id", "clauses.reference", "clauses.title", "clauses.summary", "clauses.in_force_from", "clauses.revoked_on", "d.title as document_title", "d.citation"])
      .orderBy("d.title")
      .orderBy("clauses.reference")
      .orderBy("clauses.title")
      .execute(),
    targetingLinks(db, viewer)
      .select(["l.clause_id", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("l.clause_id")
      .execute(),
  ]);
  const count = new Map(counts.map((c) => [c.clause_id, Number(c.n)]));
  return clauses.map((c) => ({ ...c, part_count: count.get(c.id) ?? 0 }));
}

export async function getClause(db: Kysely<Database>, id: number) {
  const clause = await db
    .selectFrom("clauses")
    .innerJoin("contract_documents as d", "d.id", "clauses.document_id")
    .selectAll("clauses")
    .select(["d.title as document_title", "d.citation", "d.url as document_url"])
    .where("clauses.id", "=", id)
    .executeTakeFirst();
  if (!clause) return null;
  return clause;
}

/** Every motion part the viewer may see that targeted the clause, newest conference first. */
export async function motionsTargetingClause(db: Kysely<Database>, viewer: Viewer | null, clauseId: number) {
  const rows = await targetingLinks(db, viewer)
    .leftJoin("part_votes as v", "v.part_id", "p.id")
    .select([
      "motions.id as motion_id",
      "motions.number",
      "motions.title",
      "motions.proposer",
      "motions.state",
      "conferences.id as conference_id",
      "conferences.title as conference_title",
      "conferences.held_on",
      "p.label",
      "p.text",
      "l.intent",
      "v.outcome",
    ])
    .where("l.clause_id", "=", clauseId)
    .orderBy("conferences.held_on", "desc")
    .orderBy("motions.sort_key")
    .orderBy("p.position")
    .execute();
  return rows.map((r) => ({ ...r, outcome: r.outcome as Outcome | null, outcomeLabel: deriveMotionResult([r.outcome as Outcome | null]).label }));
}

export interface ClauseInput {
  documentId: number;
  reference?: string;
  title: string;
  summary?: string;
  inForceFrom?: string;
  revokedOn?: string;
  sourceUrl?: string;
}

export async function saveClause(db: Kysely<Database>, actorUserId: number | null, input: ClauseInput, clauseId?: number) {
  return db.transaction().execute(async (trx) => {
    const values = {
      document_id: input.documentId,
      reference: input.reference ?? "",
      title: input.title,
      summary: input.summary ?? "",
      in_force_from: input.inForceFrom ?? null,
      revoked_on: input.revokedOn ?? null,
      source_url: input.sourceUrl ?? null,
    };
    const now = nowIso();
    if (clauseId) {
      const before = await trx.selectFrom("clauses").selectAll().where("id", "=", clauseId).executeTakeFirstOrThrow();
      await trx.updateTable("clauses").set({ ...values, updated_at: now }).where("id", "=", clauseId).execute();
      await recordAudit(trx, { actorUserId, action: "clause.update", entity: "clause", entityId: clauseId, before, after: values });
      return clauseId;
    }
    const { id } = await trx.insertInto("clauses").values({ ...values, created_at: now, updated_at: now }).returning("id").executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId, action: "clause.create", entity: "clause", entityId: id, after: values });
    return id;
  });
}

