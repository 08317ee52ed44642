import { sql, type Kysely } from "kysely";
import { isPostgres } from "../dialect";

// Erasure and retention (ADR 014). An erased account stays as a row with no name, address or
// password (`erased_at` set), so the history that points at it still holds while saying nothing
// about the person. Settings an administrator keeps (the retention period for withdrawn pledges)
// live in `site_settings`. The audit log stays append-only except for erasure itself: an update
// may only clear an actor or redact a value to "[erased]", and nothing may be deleted.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("erased_at", "text").execute();
  await db.schema
    .createTable("site_settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // The retention sweep reads withdrawn pledges by age.
  await db.schema.createIndex("personal_pledges_withdrawn_idx").on("personal_pledges").columns(["active", "updated_at"]).execute();

  const redactionOnly = (n: string, o: string) => `(
      ${n}.id is distinct from ${o}.id or ${n}.action is distinct from ${o}.action or ${n}.entity is distinct from ${o}.entity
      or ${n}.entity_id is distinct from ${o}.entity_id or ${n}.reason is distinct from ${o}.reason or ${n}.created_at is distinct from ${o}.created_at
      or (${n}.actor_user_id is distinct from ${o}.actor_user_id and ${n}.actor_user_id is not null)
      or (${n}.before_json is distinct from ${o}.before_json and coalesce(${n}.before_json, '') not like '%[erased]%')
      or (${n}.after_json is distinct from ${o}.after_json and coalesce(${n}.after_json, '') not like '%[erased]%'))`;
  if (isPostgres(db)) {
    await sql`drop trigger audit_events_append_only on audit_events`.execute(db);
    await sql.raw(`create or replace function audit_redaction_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' or ${redactionOnly("new", "old")} then
          raise exception 'audit_events is append-only: only erasure may redact it';
        end if;
        return new;
      end $$`).execute(db);
    await sql`create trigger audit_events_redaction_only before update or delete on audit_events
      for each row execute function audit_redaction_only()`.execute(db);
    return;
  }
  // SQLite has no "is distinct from": "is not" is its null-safe inequality.
  await sql`drop trigger audit_events_no_update`.execute(db);
  await sql
    .raw(
      `create trigger audit_events_redaction_only before update on audit_events when ${redactionOnly("new", "old").replaceAll("is distinct from", "is not")}
      begin select raise(abort, 'audit_events is append-only: only erasure may redact it'); end`,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore from a backup instead.");
}
