// The one Kysely instance the app uses. Models take it (or a transaction) as first argument.
import type { Kysely } from "kysely";
import { openDatabase } from "../../db/connection";
import type { Database } from "../../db/types";
import { getEnv } from "./env.server";

declare global {
  // Survives Vite's module reloads in development, so we never open the file twice.
  var __lmcDb: Kysely<Database> | undefined;
}

export function getDb(): Kysely<Database> {
  globalThis.__lmcDb ??= openDatabase(getEnv().DATABASE_URL);
  return globalThis.__lmcDb;
}
