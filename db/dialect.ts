// Everything that differs between SQLite (the embedded default) and PostgreSQL lives here,
// so the rest of the code and the migrations stay portable (docs/decisions/002-kysely-sqlite.md).
import { type Kysely, PostgresAdapter, sql } from "kysely";

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-incrementing integer primary key column, in each dialect's own words. */
export function idColumnType(db: Kysely<any>) {
  return isPostgres(db) ? ("serial" as const) : ("integer" as const);
}

/** Makes a table append-only: the database itself refuses UPDATE and DELETE on it. */
export async function makeAppendOnly(db: Kysely<any>, table: string): Promise<void> {
  if (isPostgres(db)) {
    await sql`create or replace function refuse_change() returns trigger language plpgsql as $$
      begin raise exception '% is append-only', tg_table_name; end $$`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function refuse_change()`.execute(db);
    return;
  }
  for (const verb of ["update", "delete"] as const) {
    await sql`create trigger ${sql.raw(`${table}_no_${verb}`)} before ${sql.raw(verb)} on ${sql.table(table)}
      begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
  }
}
