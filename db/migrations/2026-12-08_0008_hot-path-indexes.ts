import type { Kysely } from "kysely";

// Two probes that every request of their kind makes, found by the benchmark (bench/README.md,
// change 13). Plain indexes: SQLite uses a partial index only where the query's own constants
// imply its condition, and the models bind their values as parameters.
// - The layout asks on every page whether the database holds demo practices; on a real register
//   there are none, so the probe read all 6,300 practices to find that out (1.2 ms a page).
// - Settling a sign-up asks whether any sign-up of the option carries a condition; with none, the
//   probe read every live sign-up of the option (0.4 ms a sign-up).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("practices_demo_idx").on("practices").column("is_demo").execute();
  // Most sign-ups have no condition: `condition_scope is not null` reads only those that do.
  await db.schema.createIndex("practice_signups_conditional_idx").on("practice_signups").columns(["option_id", "condition_scope"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("practice_signups_conditional_idx").execute();
  await db.schema.dropIndex("practices_demo_idx").execute();
}
