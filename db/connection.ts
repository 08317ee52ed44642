// Opens the database named by DATABASE_URL: a file: URL is the embedded SQLite database (the
// default), a postgres:// URL a PostgreSQL server (SPEC section 8, docs/SCALING.md). SQLite's
// pragmas and PostgreSQL's pool are set here and nowhere else (ADR 002); SQL that differs between
// the two lives in dialect.ts.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, type SqliteDatabase } from "kysely";
import pg from "pg";
import { BUSY_TIMEOUT_MS, PortablePostgresDialect } from "./dialect";
import { migrationProvider } from "./migrations/index";
import type { Database } from "./types";

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(?:ql)?:\/\//.test(databaseUrl);
}

export function sqliteFilePath(databaseUrl: string): string {
  if (!databaseUrl.startsWith("file:")) {
    throw new Error(
      isPostgresUrl(databaseUrl)
        ? "This works on the embedded SQLite database only (a file: DATABASE_URL); on PostgreSQL use the server's own tools (pg_dump, pg_restore) or your provider's backups."
        : `DATABASE_URL must be a file: URL (SQLite) or a postgres:// URL (got "${databaseUrl}").`,
    );
  }
  return path.resolve(databaseUrl.slice("file:".length));
}

// PostgreSQL answers count(*) and sum() as bigint or numeric, which node-postgres hands over as
// strings so as not to lose precision. Our counts are far below 2^53: read them as numbers, as
// SQLite gives them, so the models see the same types on both.
const INT8 = 20;
const NUMERIC = 1700;
const postgresTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 || oid === NUMERIC ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface OpenOptions {
  /** Connections each process keeps to PostgreSQL (DATABASE_POOL_SIZE); SQLite has one. */
  poolSize?: number;
}

export function openDatabase(databaseUrl: string, options: OpenOptions = {}): Kysely<Database> {
  if (isPostgresUrl(databaseUrl)) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10, types: postgresTypes });
    // An idle connection the server dropped (a restart, a failover) is replaced on next use;
    // without a listener its error would end the process.
    pool.on("error", (error) => console.error(JSON.stringify({ level: "error", event: "database_pool_error", message: error.message })));
    return new Kysely<Database>({ dialect: new PortablePostgresDialect({ pool }) });
  }
  const file = sqliteFilePath(databaseUrl);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: an acknowledged sign-up survives power loss too, not only a crash (ADR 012).
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // The server checkpoints the log in a thread of its own (db/checkpointer.ts) and keeps it far
  // below this; a process without that thread (a script, a test) checkpoints here, in the commit
  // that takes the log past 4,000 pages (16 MB; SQLite's default is 1,000).
  sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

/** The connections' own automatic checkpoint, the backstop for db/checkpointer.ts. */
export const WAL_AUTOCHECKPOINT_PAGES = 4000;

/** How many prepared statements one SQLite connection keeps (the app runs a few hundred kinds). */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely's SQLite driver prepares every query afresh; a sign-up runs about 25 statements and a
 * page a dozen, each compiled by SQLite again (bench/README.md, change 13). This keeps prepared
 * statements by their SQL, least recently used dropped first. A statement still being iterated
 * (a streamed query) is never handed out twice: a new one is prepared instead. SQLite re-prepares
 * a kept statement by itself after a schema change (a migration).
 */
export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(source: string) {
      const kept = statements.get(source);
      if (kept && !kept.busy) {
        statements.delete(source);
        statements.set(source, kept);
        return kept;
      }
      const statement = sqlite.prepare(source);
      if (!kept) {
        statements.set(source, statement);
        if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      return statement;
    },
  };
}

/**
 * The database of an operator's command (db:verify, db:retention): opened only if it is there,
 * since opening a missing SQLite file would create an empty database. Exits 2 with a message when not.
 */
export function openExistingDatabase(databaseUrl: string): Kysely<Database> {
  if (!isPostgresUrl(databaseUrl) && !fs.existsSync(sqliteFilePath(databaseUrl))) {
    console.error(`No database at ${sqliteFilePath(databaseUrl)} (DATABASE_URL=${databaseUrl}).`);
    process.exit(2);
  }
  return openDatabase(databaseUrl);
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** What the HTTP layer's page cache reads (server/page-cache.ts `VersionReader`). */
export interface CacheVersionReader {
  versions: (keys: readonly string[]) => string | Promise<string>;
  conferenceOfMotion: (motionId: number) => number | null | Promise<number | null>;
  close: () => Promise<void>;
}

/**
 * Reads the versions of what a cached page shows (app/models/cache-versions.server.ts), for the
 * HTTP layer's page cache, which has no Kysely instance. Its own connection; a motion's page
 * depends on its conference, looked up here. SQLite: a read-only connection read synchronously
 * (microseconds). PostgreSQL: one small query per cacheable request on a pool of two, so a write
 * through any instance is seen by every other at once (no notifications to miss).
 */
export function openCacheVersionReader(databaseUrl: string): CacheVersionReader {
  if (isPostgresUrl(databaseUrl)) {
    const db = openDatabase(databaseUrl, { poolSize: 2 });
    return {
      versions: async (keys) => {
        const rows = await db.selectFrom("cache_versions").select(["key", "version"]).where("key", "in", [...keys]).execute();
        const byKey = new Map(rows.map((r) => [r.key, r.version]));
        return keys.map((key) => byKey.get(key) ?? 0).join(".");
      },
      conferenceOfMotion: async (motionId) =>
        (await db.selectFrom("motions").select("conference_id").where("id", "=", motionId).executeTakeFirst())?.conference_id ?? null,
      close: () => db.destroy(),
    };
  }
  const sqlite = new SQLite(sqliteFilePath(databaseUrl), { readonly: true, fileMustExist: true });
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const one = sqlite.prepare("select version from cache_versions where key = ?").pluck();
  const motion = sqlite.prepare("select conference_id from motions where id = ?").pluck();
  return {
    versions: (keys) => keys.map((key) => (one.get(key) as number | undefined) ?? 0).join("."),
    conferenceOfMotion: (motionId) => (motion.get(motionId) as number | undefined) ?? null,
    close: async () => {
      sqlite.close();
    },
  };
}
