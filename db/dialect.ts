// Everything that differs between SQLite (the embedded default) and PostgreSQL lives here,
// so the rest of the code and the migrations stay portable (docs/decisions/002-kysely-and-sqlite.md).
import {
  type ColumnDefinitionNode,
  type Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresQueryCompiler,
  sql,
  type Transaction,
} from "kysely";

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-incrementing integer primary key column, in each dialect's own words. */
export function idColumnType(db: Kysely<any>) {
  return isPostgres(db) ? ("serial" as const) : ("integer" as const);
}

/**
 * Kysely's Postgres dialect, reading the migrations as written for both: there an id column's
 * `serial` type is the auto-increment, so `.autoIncrement()` (SQLite's `autoincrement`, which
 * PostgreSQL has no word for) is left out.
 */
export class PortablePostgresDialect extends PostgresDialect {
  override createQueryCompiler() {
    return new PortablePostgresQueryCompiler();
  }
}

class PortablePostgresQueryCompiler extends PostgresQueryCompiler {
  protected override visitColumnDefinition(node: ColumnDefinitionNode): void {
    super.visitColumnDefinition(node.autoIncrement ? { ...node, autoIncrement: false } : node);
  }
}

/**
 * A fractional number column (percentages). SQLite's `real` is 8 bytes; PostgreSQL's `real` is
 * 4 (33.3 would come back as 33.29999...), so there it is `double precision`.
 */
export function fractionColumnType(db: Kysely<any>) {
  return isPostgres(db) ? ("double precision" as const) : ("real" as const);
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

/**
 * Full-text search over motions: FTS5 in SQLite, a generated tsvector column in PostgreSQL.
 * Callers use `indexMotionText` and `searchMotionIds` only.
 */
export async function createMotionSearchIndex(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`create table motion_search (motion_id integer primary key references motions(id), body text not null,
      doc tsvector generated always as (to_tsvector('english', body)) stored)`.execute(db);
    await sql`create index motion_search_doc_idx on motion_search using gin (doc)`.execute(db);
    return;
  }
  await sql`create virtual table motion_search using fts5(body, tokenize = 'porter unicode61')`.execute(db);
}

export async function indexMotionText(db: Kysely<any>, motionId: number, body: string): Promise<void> {
  if (isPostgres(db)) {
    await sql`insert into motion_search (motion_id, body) values (${motionId}, ${body})
      on conflict (motion_id) do update set body = excluded.body`.execute(db);
    return;
  }
  await sql`delete from motion_search where rowid = ${motionId}`.execute(db);
  await sql`insert into motion_search (rowid, body) values (${motionId}, ${body})`.execute(db);
}

/** Motion ids matching every word of `query` (prefix match on the last), best first. */
export async function searchMotionIds(db: Kysely<any>, query: string, limit = 500): Promise<number[]> {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 12) ?? [];
  if (words.length === 0) return [];
  if (isPostgres(db)) {
    const tsquery = words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(" & ");
    const rows = await sql<{ motion_id: number }>`select motion_id from motion_search
      where doc @@ to_tsquery('english', ${tsquery}) order by ts_rank(doc, to_tsquery('english', ${tsquery})) desc limit ${limit}`.execute(db);
    return rows.rows.map((r) => r.motion_id);
  }
  // Quote every word so FTS5 operators in user input are plain text.
  const match = words.map((w, i) => `"${w}"${i === words.length - 1 ? "*" : ""}`).join(" ");
  const rows = await sql<{ rowid: number }>`select rowid from motion_search where motion_search match ${match}
    order by rank limit ${limit}`.execute(db);
  return rows.rows.map((r) => r.rowid);
}

/**
 * A transaction that takes the write lock at its start. SQLite's default (deferred) transaction
 * reads first and upgrades later, which fails outright when another process wrote in between;
 * `begin immediate` waits its turn instead (`tryBeginImmediate`, without holding the thread), so
 * concurrent sign-ups from several workers queue rather than fail. PostgreSQL uses an ordinary transaction, and callers lock the
 * rows they count (`lockForUpdate`).
 *
 * On SQLite, write transactions that arrive while one is running are **committed as a group**
 * (ADR 015): each runs in a savepoint of one `begin immediate` ... `commit`, one after another on
 * the one connection as before, and none is answered until that commit is on disk. A work that
 * throws is rolled back to its savepoint alone and rejected; a failed commit rejects every work
 * of the group. So "saved" still means saved (`synchronous = FULL`, ADR 012), and a burst of
 * sign-ups pays one fsync per group instead of one each.
 */
export async function writeTransaction<DB, T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (isPostgres(db)) return db.transaction().execute(work);
  return new Promise<T>((resolve, reject) => {
    const queue = writeQueues.get(db) ?? [];
    writeQueues.set(db, queue);
    queue.push({ work: work as Queued["work"], resolve: resolve as Queued["resolve"], reject });
    if (!draining.has(db)) {
      draining.add(db);
      void drainWrites(db as Kysely<unknown>, queue).finally(() => draining.delete(db));
    }
  });
}

interface Queued {
  work: (trx: Transaction<any>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** The connections' busy_timeout (db/connection.ts sets it; restored here after `begin immediate`). */
export const BUSY_TIMEOUT_MS = 5000;

const writeQueues = new WeakMap<Kysely<any>, Queued[]>();
const draining = new WeakSet<Kysely<any>>();
/** A group stops taking new work after this many, or this long, so no answer waits on a long queue. */
const GROUP_MAX_WORKS = 64;
const GROUP_MAX_MS = 25;

/** How long `begin immediate` waits for another process's write lock before it gives up (as busy_timeout did). */
const WRITE_LOCK_WAIT_MS = 5000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_RECOVERY, SQLITE_BUSY_SNAPSHOT, ...). */
const isBusy = (error: unknown) => (error as { code?: unknown } | null)?.code?.toString().startsWith("SQLITE_BUSY") === true;

/**
 * Asks once for SQLite's write lock: false when another process (a second worker, a script) holds
 * it. The connection's busy_timeout would make SQLite sleep inside the call, and better-sqlite3 is
 * synchronous: the whole worker stopped, its reads included, until the other's group had
 * committed (bench/README.md, change 22). So the lock is asked for without it, and the caller
 * waits with the connection given back, so that this worker's reads go on meanwhile.
 */
async function tryBeginImmediate(connection: Kysely<unknown>): Promise<boolean> {
  await sql`pragma busy_timeout = 0`.execute(connection);
  let began = false;
  let failure: unknown = null;
  try {
    await sql`begin immediate`.execute(connection);
    began = true;
  } catch (error) {
    if (!isBusy(error)) failure = error;
  }
  try {
    await restoreBusyTimeout(connection);
  } catch (error) {
    // Never leave the connection inside a transaction nobody will finish.
    if (began) await sql`rollback`.execute(connection).catch(() => undefined);
    throw error;
  }
  if (failure) throw failure;
  return began;
}

/** Everything else on the connection keeps its busy_timeout (db/connection.ts). */
function restoreBusyTimeout(connection: Kysely<unknown>) {
  return sql`pragma busy_timeout = ${sql.raw(String(BUSY_TIMEOUT_MS))}`.execute(connection);
}

async function drainWrites(db: Kysely<unknown>, queue: Queued[]): Promise<void> {
  while (queue.length > 0) {
    const done: { item: Queued; value: unknown }[] = [];
    const failed: { item: Queued; error: unknown }[] = [];
    let lost: unknown = null;
    try {
      // Another process's write lock is asked for again after 1 ms, then every 2 ms, up to
      // WRITE_LOCK_WAIT_MS as busy_timeout did, but with the event loop and the connection free.
      const giveUpAt = Date.now() + WRITE_LOCK_WAIT_MS;
      let wait = 1;
      for (;;) {
        const began = await db.connection().execute(async (connection) => {
          if (!(await tryBeginImmediate(connection))) return false;
          await runGroup(connection, queue, done, failed);
          return true;
        });
        if (began) break;
        if (Date.now() >= giveUpAt) throw Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
        await sleep(wait);
        wait = Math.min(wait * 2, 2);
      }
    } catch (error) {
      lost = error;
    }
    for (const { item, error } of failed) item.reject(error);
    for (const { item, value } of done) {
      if (lost) item.reject(lost);
      else item.resolve(value);
    }
    if (lost && done.length === 0 && failed.length === 0) {
      // `begin immediate` itself failed (busy beyond the wait): the next in line is told.
      queue.shift()?.reject(lost);
    }
  }
}

/** One group, inside the `begin immediate` just taken: each work in its savepoint, then one commit. */
async function runGroup(connection: Kysely<unknown>, queue: Queued[], done: { item: Queued; value: unknown }[], failed: { item: Queued; error: unknown }[]) {
  try {
    const started = Date.now();
    // New work that arrives while the group runs joins it, up to the limits.
    while (queue.length > 0 && done.length + failed.length < GROUP_MAX_WORKS && (done.length + failed.length === 0 || Date.now() - started < GROUP_MAX_MS)) {
      const item = queue.shift()!;
      await sql`savepoint write_group`.execute(connection);
      try {
        // One connection inside `begin immediate`: a transaction in all but Kysely's type.
        const value = await item.work(connection as unknown as Transaction<any>);
        await sql`release write_group`.execute(connection);
        done.push({ item, value });
      } catch (error) {
        failed.push({ item, error });
        // If SQLite ended the whole transaction itself (a full disk, an I/O error), this
        // throws, and the works already done are lost with it: the group fails below.
        await sql`rollback to write_group`.execute(connection);
        await sql`release write_group`.execute(connection);
      }
    }
    await sql`commit`.execute(connection);
  } catch (error) {
    await sql`rollback`.execute(connection).catch(() => undefined);
    throw error;
  }
}

/** `for update` where the database has row locks (PostgreSQL); SQLite's write lock covers it. */
export function forUpdate<Q extends { forUpdate(): Q }>(db: Kysely<any>, query: Q): Q {
  return isPostgres(db) ? query.forUpdate() : query;
}
