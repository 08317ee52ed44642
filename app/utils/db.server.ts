// The one Kysely instance the app uses. Models take it (or a transaction) as first argument.
import type { Kysely } from "kysely";
import { openDatabase } from "../../db/connection";
import type { Database } from "../../db/types";
import { getEnv } from "./env.server";

declare global {
  // Survives Vite's module reloads in development, so we never open the database twice.
  var __lmcDb: Kysely<Database> | undefined;
}

export function getDb(): Kysely<Database> {
  const env = getEnv();
  globalThis.__lmcDb ??= openDatabase(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE });
  return globalThis.__lmcDb;
}
