import type { Kysely } from "kysely";
import { fractionColumnType, idColumnType, makeAppendOnly } from "../dialect";

// Collective action: campaigns (mandated by carried resolutions) with options; practices' sign-ups
// (one current row per practice and option, every change kept in an append-only history);
// personal pledges; contractual notices; where each option's trigger has fired (once per scope);
// the public timeline; and counters kept in the same transaction as each change, so that no
// request has to scan the history (ADR 009).
export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumnType(db);
  const fraction = fractionColumnType(db);

  await db.schema
    .createTable("campaigns")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("title", "text", (c) => c.notNull().unique())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("campaigns_status_idx").on("campaigns").column("status").execute();

  await db.schema
    .createTable("campaign_mandates")
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id"))
    .addColumn("resolution_id", "integer", (c) => c.notNull().references("resolutions.id"))
    .addPrimaryKeyConstraint("campaign_mandates_pk", ["campaign_id", "resolution_id"])
    .execute();
  await db.schema.createIndex("campaign_mandates_resolution_idx").on("campaign_mandates").column("resolution_id").execute();

  await db.schema
    .createTable("campaign_options")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("risk_note", "text", (c) => c.notNull().defaultTo(""))
    // An optional trigger: live once trigger_percent of active practices in the scope signed.
    .addColumn("trigger_percent", fraction)
    .addColumn("trigger_scope", "text") // 'national' | 'icb'
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("campaign_options_title_uq", ["campaign_id", "title"])
    .execute();

  await db.schema
    .createTable("option_clauses")
    .addColumn("option_id", "integer", (c) => c.notNull().references("campaign_options.id"))
    .addColumn("clause_id", "integer", (c) => c.notNull().references("clauses.id"))
    .addPrimaryKeyConstraint("option_clauses_pk", ["option_id", "clause_id"])
    .execute();
  await db.schema.createIndex("option_clauses_clause_idx").on("option_clauses").column("clause_id").execute();

  // Where an option went live: one row per scope ('national' or 'icb:<code>'), never removed.
  await db.schema
    .createTable("option_live_scopes")
    .addColumn("option_id", "integer", (c) => c.notNull().references("campaign_options.id"))
    .addColumn("scope_key", "text", (c) => c.notNull())
    .addColumn("went_live_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("option_live_scopes_pk", ["option_id", "scope_key"])
    .execute();
  await makeAppendOnly(db, "option_live_scopes");

  await db.schema
    .createTable("campaign_events")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id"))
    .addColumn("option_id", "integer", (c) => c.references("campaign_options.id"))
    .addColumn("kind", "text", (c) => c.notNull()) // status | option_live | note
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("campaign_events_campaign_idx").on("campaign_events").columns(["campaign_id", "id"]).execute();
  await makeAppendOnly(db, "campaign_events");

  await db.schema
    .createTable("practice_signups")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id"))
    .addColumn("option_id", "integer", (c) => c.notNull().references("campaign_options.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("condition_scope", "text") // 'national' | 'icb'
    .addColumn("condition_percent", fraction)
    // Whether the practice counts as acting now, since when and why (conditions and triggers).
    .addColumn("acting", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("acting_since", "text")
    .addColumn("acting_reason", "text")
    // Where the counters hold this practice (moved with the practice by register imports).
    .addColumn("counted_icb_code", "text", (c) => c.notNull())
    .addColumn("counted_lmc_id", "integer")
    .addColumn("counted_patients", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("signed_by", "integer", (c) => c.references("users.id"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("practice_signups_practice_option_uq", ["practice_id", "option_id"])
    .execute();
  await db.schema.createIndex("practice_signups_option_idx").on("practice_signups").columns(["option_id", "status"]).execute();

  await db.schema
    .createTable("practice_signup_history")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("signup_id", "integer", (c) => c.notNull().references("practice_signups.id"))
    .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id"))
    .addColumn("option_id", "integer", (c) => c.notNull().references("campaign_options.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("condition_scope", "text")
    .addColumn("condition_percent", fraction)
    .addColumn("changed_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("practice_signup_history_signup_idx").on("practice_signup_history").columns(["signup_id", "id"]).execute();
  await makeAppendOnly(db, "practice_signup_history");

  await db.schema
    .createTable("personal_pledges")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("option_id", "integer", (c) => c.notNull().references("campaign_options.id"))
    .addColumn("practice_id", "integer", (c) => c.references("practices.id"))
    .addColumn("counted_icb_code", "text")
    .addColumn("counted_lmc_id", "integer")
    .addColumn("active", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("personal_pledges_user_option_uq", ["user_id", "option_id"])
    .execute();

  await db.schema
    .createTable("contractual_notices")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id"))
    .addColumn("option_id", "integer", (c) => c.notNull().references("campaign_options.id"))
    .addColumn("notice_type", "text", (c) => c.notNull())
    .addColumn("received_on", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("recorded_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("contractual_notices_practice_idx").on("contractual_notices").column("practice_id").execute();
  await db.schema.createIndex("contractual_notices_option_idx").on("contractual_notices").columns(["option_id", "received_on"]).execute();

  // Counters per option, area and measure (a sign-up status, 'acting' or 'personal_pledge'):
  // area_kind national (area_code 'ENG'), region, icb or lmc (area_code the LMC id).
  await db.schema
    .createTable("participation_counters")
    .addColumn("option_id", "integer", (c) => c.notNull().references("campaign_options.id"))
    .addColumn("area_kind", "text", (c) => c.notNull())
    .addColumn("area_code", "text", (c) => c.notNull())
    .addColumn("measure", "text", (c) => c.notNull())
    .addColumn("practices", "integer", (c) => c.notNull())
    .addColumn("patients", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("participation_counters_pk", ["option_id", "area_kind", "area_code", "measure"])
    .execute();

  // Practices signed (any status but withdrawn), net change per day, nationally and per ICB.
  await db.schema
    .createTable("participation_daily")
    .addColumn("option_id", "integer", (c) => c.notNull().references("campaign_options.id"))
    .addColumn("area_kind", "text", (c) => c.notNull())
    .addColumn("area_code", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("signed_change", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("participation_daily_pk", ["option_id", "area_kind", "area_code", "day"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "participation_daily",
    "participation_counters",
    "contractual_notices",
    "personal_pledges",
    "practice_signup_history",
    "practice_signups",
    "campaign_events",
    "option_live_scopes",
    "option_clauses",
    "campaign_options",
    "campaign_mandates",
    "campaigns",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
