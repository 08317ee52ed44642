import type { Kysely } from "kysely";
import { idColumnType, makeAppendOnly } from "../dialect";

// Reference geography, practices with dated memberships, users, sessions and the audit log.
// Timestamps and dates are ISO-8601 text; booleans are 0/1 integers (ADR 002).
export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumnType(db);

  await db.schema
    .createTable("regions")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("icbs")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("region_code", "text", (c) => c.notNull().references("regions.code"))
    .execute();

  await db.schema
    .createTable("lmcs")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("practices")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("ods_code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("postcode", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("contract_type", "text")
    .addColumn("sub_icb_code", "text")
    .addColumn("opened_on", "text")
    .addColumn("closed_on", "text")
    .addColumn("list_size", "integer")
    .addColumn("list_size_date", "text")
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("practices_status_idx").on("practices").column("status").execute();
  await db.schema.createIndex("practices_name_idx").on("practices").column("name").execute();

  await db.schema
    .createTable("practice_icb_memberships")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id"))
    .addColumn("icb_code", "text", (c) => c.notNull().references("icbs.code"))
    .addColumn("valid_from", "text", (c) => c.notNull())
    .addColumn("valid_to", "text")
    .execute();
  await db.schema
    .createIndex("practice_icb_memberships_practice_idx")
    .on("practice_icb_memberships")
    .columns(["practice_id", "valid_from"])
    .execute();
  await db.schema
    .createIndex("practice_icb_memberships_icb_idx")
    .on("practice_icb_memberships")
    .columns(["icb_code", "valid_from"])
    .execute();

  await db.schema
    .createTable("lmc_areas")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("lmc_id", "integer", (c) => c.notNull().references("lmcs.id"))
    .addColumn("area_kind", "text", (c) => c.notNull()) // 'icb' | 'sub_icb'
    .addColumn("area_code", "text", (c) => c.notNull())
    .addColumn("valid_from", "text", (c) => c.notNull())
    .addColumn("valid_to", "text")
    .execute();
  await db.schema
    .createIndex("lmc_areas_area_idx")
    .on("lmc_areas")
    .columns(["area_kind", "area_code", "valid_from"])
    .execute();

  await db.schema
    .createTable("practice_lmc_memberships")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id"))
    .addColumn("lmc_id", "integer", (c) => c.notNull().references("lmcs.id"))
    .addColumn("valid_from", "text", (c) => c.notNull())
    .addColumn("valid_to", "text")
    .execute();
  await db.schema
    .createIndex("practice_lmc_memberships_practice_idx")
    .on("practice_lmc_memberships")
    .columns(["practice_id", "valid_from"])
    .execute();
  await db.schema
    .createIndex("practice_lmc_memberships_lmc_idx")
    .on("practice_lmc_memberships")
    .columns(["lmc_id", "valid_from"])
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("email", "text", (c) => c.notNull().unique()) // stored lower-cased
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("lmc_id", "integer", (c) => c.references("lmcs.id"))
    .addColumn("password_hash", "text")
    .addColumn("disabled_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("practice_memberships")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id"))
    .addColumn("is_signatory", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("practice_memberships_pk", ["user_id", "practice_id"])
    .execute();
  await db.schema
    .createIndex("practice_memberships_practice_idx")
    .on("practice_memberships")
    .column("practice_id")
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("pending_imports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("extra_content", "text")
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("audit_events")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("entity_id", "text", (c) => c.notNull())
    .addColumn("before_json", "text")
    .addColumn("after_json", "text")
    .addColumn("reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("audit_events_entity_idx")
    .on("audit_events")
    .columns(["entity", "entity_id", "id"])
    .execute();
  await makeAppendOnly(db, "audit_events");
}

export async function down(): Promise<void> {
  throw new Error("The foundation migration cannot be reversed: restore from a backup instead.");
}
