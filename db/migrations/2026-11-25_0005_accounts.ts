import { type Kysely, sql } from "kysely";
import { idColumnType } from "../dialect";

// Accounts that GPs make themselves: a confirmed email address (existing and admin-made accounts
// count as confirmed: an administrator vouched for them), single-use links for confirming an
// address, resetting a password and changing an address (stored as hashes only), practice
// membership requests, the email outbox (every message queued in the transaction that caused it,
// sent by a worker: ADR 011), which notifications each user has turned off, and the resolutions
// each user follows.
export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumnType(db);

  await db.schema.alterTable("users").addColumn("email_verified_at", "text").execute();
  await sql`update users set email_verified_at = created_at`.execute(db);

  await db.schema
    .createTable("account_tokens")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("purpose", "text", (c) => c.notNull()) // verify_email | reset_password | change_email
    // SHA-256 of the token in the link; the token itself is only ever in the email.
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    // The address the link was sent to: the one it confirms (a new address for change_email).
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("account_tokens_user_idx").on("account_tokens").columns(["user_id", "purpose", "created_at"]).execute();

  await db.schema
    .createTable("membership_requests")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id"))
    .addColumn("status", "text", (c) => c.notNull()) // pending | approved | refused | withdrawn
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // One open request per GP and practice, whatever the race.
  await db.schema
    .createIndex("membership_requests_pending_uq")
    .unique()
    .on("membership_requests")
    .columns(["user_id", "practice_id"])
    .where(sql.ref("status"), "=", "pending")
    .execute();
  await db.schema.createIndex("membership_requests_practice_idx").on("membership_requests").columns(["practice_id", "status"]).execute();
  await db.schema.createIndex("membership_requests_user_idx").on("membership_requests").columns(["user_id", "id"]).execute();

  await db.schema
    .createTable("outbox_messages")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    // Sent as the Message-ID, the same on every attempt, so a receiver can tell a repeat.
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("to_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text", (c) => c.notNull())
    // The body holds a single-use link: it is blanked once the message is sent.
    .addColumn("carries_secret", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull()) // queued | sending | sent | failed | expired
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("lease_expires_at", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("outbox_messages_due_idx").on("outbox_messages").columns(["status", "next_attempt_at"]).execute();
  await db.schema.createIndex("outbox_messages_recipient_idx").on("outbox_messages").columns(["to_user_id", "kind", "created_at"]).execute();

  await db.schema
    .createTable("notification_opt_outs")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_opt_outs_pk", ["user_id", "kind"])
    .execute();

  await db.schema
    .createTable("resolution_follows")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("resolution_id", "integer", (c) => c.notNull().references("resolutions.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("resolution_follows_pk", ["user_id", "resolution_id"])
    .execute();
  await db.schema.createIndex("resolution_follows_resolution_idx").on("resolution_follows").column("resolution_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["resolution_follows", "notification_opt_outs", "outbox_messages", "membership_requests", "account_tokens"]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable("users").dropColumn("email_verified_at").execute();
}
