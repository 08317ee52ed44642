// The ordered list of migrations. Kysely's FileMigrationProvider loads files with a runtime
// import(), which neither the Vite bundle nor Vitest can follow; listing them here keeps the
// same Migrator, names and order (ADR 002). Add each new dated file to this list.
import type { Migration, MigrationProvider } from "kysely";
import * as foundation from "./2026-11-24_0001_foundation";
import * as conferences from "./2026-11-24_0002_conferences";
import * as cacheVersions from "./2026-11-25_0003_cache-versions";
import * as collectiveAction from "./2026-11-25_0004_collective-action";
import * as accounts from "./2026-11-25_0005_accounts";
import * as review from "./2026-11-25_0006_review";
import * as erasure from "./2026-11-25_0007_erasure";
import * as hotPathIndexes from "./2026-12-08_0008_hot-path-indexes";

const migrations: Record<string, Migration> = {
  "2026-11-24_0001_foundation": foundation,
  "2026-11-24_0002_conferences": conferences,
  "2026-11-25_0003_cache-versions": cacheVersions,
  "2026-11-25_0004_collective-action": collectiveAction,
  "2026-11-25_0005_accounts": accounts,
  "2026-11-25_0006_review": review,
  "2026-11-25_0007_erasure": erasure,
  "2026-12-08_0008_hot-path-indexes": hotPathIndexes,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
