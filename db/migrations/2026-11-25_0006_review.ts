import type { Kysely } from "kysely";

// The agenda committee's review of submitted motions: a submission is accepted onto the agenda
// (its number assigned then) or rejected with a reason its LMC reads. A rejected motion keeps
// state 'rejected'; the reason and the day of the decision live on the motion so the LMC's page
// shows them without reading the audit log (which keeps the decision too).
export async function up(db: Kysely<any>): Promise<void> {
  // One column per statement: SQLite adds one column at a time.
  await db.schema.alterTable("motions").addColumn("rejection_reason", "text").execute();
  await db.schema.alterTable("motions").addColumn("reviewed_at", "text").execute();
  // The queue lists a conference's submissions.
  await db.schema.createIndex("motions_conf_state_idx").on("motions").columns(["conference_id", "state"]).execute();
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore from a backup instead.");
}
