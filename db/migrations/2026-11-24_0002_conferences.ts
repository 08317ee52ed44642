import type { Kysely } from "kysely";
import { createMotionSearchIndex, idColumnType } from "../dialect";

// Bodies, conferences, agenda sections, motions with parts, votes and outcomes per part,
// the contract-clause register with part -> clause links, and resolutions with progress notes.
export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumnType(db);

  await db.schema
    .createTable("bodies")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull()) // 'national' | 'lmc'
    .addColumn("lmc_id", "integer", (c) => c.references("lmcs.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("conferences")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("body_id", "integer", (c) => c.notNull().references("bodies.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("held_on", "text", (c) => c.notNull())
    .addColumn("venue", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("submission_deadline", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("agenda_sections")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("conference_id", "integer", (c) => c.notNull().references("conferences.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("agenda_sections_conf_idx").on("agenda_sections").columns(["conference_id", "position"]).execute();

  await db.schema
    .createTable("motions")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("conference_id", "integer", (c) => c.notNull().references("conferences.id"))
    .addColumn("section_id", "integer", (c) => c.references("agenda_sections.id"))
    .addColumn("number", "text", (c) => c.notNull())
    .addColumn("sort_key", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("proposer", "text", (c) => c.notNull())
    .addColumn("proposer_lmc_id", "integer", (c) => c.references("lmcs.id"))
    .addColumn("seconder", "text")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("parent_motion_id", "integer", (c) => c.references("motions.id"))
    .addColumn("group_lead_id", "integer", (c) => c.references("motions.id"))
    .addColumn("marking", "text", (c) => c.notNull())
    .addColumn("preamble", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("state", "text", (c) => c.notNull()) // 'draft' | 'submitted' | 'agenda'
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("motions_conference_number_uq", ["conference_id", "number"])
    .execute();
  await db.schema.createIndex("motions_conf_sort_idx").on("motions").columns(["conference_id", "sort_key"]).execute();
  await db.schema.createIndex("motions_proposer_lmc_idx").on("motions").column("proposer_lmc_id").execute();

  await db.schema
    .createTable("composite_replacements")
    .addColumn("composite_id", "integer", (c) => c.notNull().references("motions.id"))
    .addColumn("replaced_motion_id", "integer", (c) => c.notNull().references("motions.id"))
    .addPrimaryKeyConstraint("composite_replacements_pk", ["composite_id", "replaced_motion_id"])
    .execute();

  await db.schema
    .createTable("motion_parts")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("motion_id", "integer", (c) => c.notNull().references("motions.id"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addUniqueConstraint("motion_parts_label_uq", ["motion_id", "label"])
    .execute();

  // One vote per part: corrections replace it (with a reason, audited); `version` guards
  // against two clerks overwriting each other.
  await db.schema
    .createTable("part_votes")
    .addColumn("part_id", "integer", (c) => c.primaryKey().references("motion_parts.id"))
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("majority", "text", (c) => c.notNull())
    .addColumn("votes_for", "integer")
    .addColumn("votes_against", "integer")
    .addColumn("votes_abstain", "integer")
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("recorded_by", "integer", (c) => c.references("users.id"))
    .addColumn("recorded_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("part_votes_outcome_idx").on("part_votes").column("outcome").execute();

  await db.schema
    .createTable("contract_documents")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("title", "text", (c) => c.notNull().unique())
    .addColumn("citation", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("url", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("clauses")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("document_id", "integer", (c) => c.notNull().references("contract_documents.id"))
    .addColumn("reference", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("in_force_from", "text")
    .addColumn("revoked_on", "text")
    .addColumn("source_url", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("part_clause_links")
    .addColumn("part_id", "integer", (c) => c.notNull().references("motion_parts.id"))
    .addColumn("clause_id", "integer", (c) => c.notNull().references("clauses.id"))
    .addColumn("intent", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("part_clause_links_pk", ["part_id", "clause_id"])
    .execute();
  await db.schema.createIndex("part_clause_links_clause_idx").on("part_clause_links").column("clause_id").execute();

  await db.schema
    .createTable("resolutions")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("part_id", "integer", (c) => c.notNull().unique().references("motion_parts.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("resolution_notes")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("resolution_id", "integer", (c) => c.notNull().references("resolutions.id"))
    .addColumn("noted_on", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("author_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await createMotionSearchIndex(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore from a backup instead.");
}
