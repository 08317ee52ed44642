// Opens the database named by DATABASE_URL. SQLite is the embedded default; its pragmas are
// set here and nowhere else (ADR 002). A postgres:// URL is reserved for the Postgres dialect.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { migrationProvider } from "./migrations/index";
import type { Database } from "./types";

export function sqliteFilePath(databaseUrl: string): string {
  if (!databaseUrl.startsWith("file:")) {
    throw new Error(
      `DATABASE_URL must be a file: URL for the embedded SQLite database (got "${databaseUrl}"). ` +
        "PostgreSQL support is planned through Kysely's Postgres dialect (SPEC section 8).",
    );
  }
  return path.resolve(databaseUrl.slice("file:".length));
}

export function openDatabase(databaseUrl: string): Kysely<Database> {
  const file = sqliteFilePath(databaseUrl);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: an acknowledged sign-up survives power loss too, not only a crash (ADR 012).
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/**
 * Reads the versions of what a cached page shows (app/models/cache-versions.server.ts), for the
 * HTTP layer's page cache, which has no Kysely instance. Its own read-only connection; a motion's
 * page depends on its conference, looked up here.
 */
export function openCacheVersionReader(databaseUrl: string): {
  versions: (keys: readonly string[]) => string;
  conferenceOfMotion: (motionId: number) => number | null;
  close: () => void;
} {
  const sqlite = new SQLite(sqliteFilePath(databaseUrl), { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  const one = sqlite.prepare("select version from cache_versions where key = ?").pluck();
  const motion = sqlite.prepare("select conference_id from motions where id = ?").pluck();
  return {
    versions: (keys) => keys.map((key) => (one.get(key) as number | undefined) ?? 0).join("."),
    conferenceOfMotion: (motionId) => (motion.get(motionId) as number | undefined) ?? null,
    close: () => sqlite.close(),
  };
}
