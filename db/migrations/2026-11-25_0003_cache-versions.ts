import { type Kysely, sql } from "kysely";

// Versions of what cached pages show (a conference, the catalogue of conferences, clauses and
// resolutions, the site as a whole), bumped in the same transaction as each change, so a cache
// drops only what changed (ADR 007). And one meetings body per LMC, made with the LMC, so that no
// page has to create one while it is being read.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("cache_versions")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("version", "integer", (c) => c.notNull())
    .execute();

  await sql`insert into bodies (name, kind, lmc_id, created_at)
    select lmcs.name || ' meetings', 'lmc', lmcs.id, ${new Date().toISOString()} from lmcs
    where not exists (select 1 from bodies where bodies.lmc_id = lmcs.id)`.execute(db);
  await db.schema.createIndex("bodies_lmc_uq").unique().on("bodies").column("lmc_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("bodies_lmc_uq").execute();
  await db.schema.dropTable("cache_versions").execute();
}
