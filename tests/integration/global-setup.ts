// Migrates one template database for the whole integration run (migrations, reference geography
// and the clause register); each test file then starts from a copy of it (setup.ts), which is
// much cheaper than migrating per file. On SQLite the template is a file; with TEST_POSTGRES_URL
// (npm run test:postgres) it is a database on that server, copied with `create database ... template`.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import type { TestProject } from "vitest/node";
import { migrateToLatest, openDatabase } from "../../db/connection";
import { loadClauseRegister } from "../../db/seed/clauses";
import { loadReferenceGeography } from "../../db/seed/reference";
import type { Database } from "../../db/types";
import { createDatabase, dropDatabase, testPostgresUrl, uniqueDatabaseName } from "../support/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** A file (SQLite) or a postgres:// URL of the template database. */
    templateDatabase: string;
  }
}

async function fill(db: Kysely<Database>) {
  await migrateToLatest(db);
  await loadReferenceGeography(db);
  await loadClauseRegister(db);
}

export default async function setup(project: TestProject) {
  const server = testPostgresUrl();
  if (server) {
    const name = uniqueDatabaseName("lmc_template");
    const url = await createDatabase(server, name);
    const db = openDatabase(url);
    try {
      await fill(db);
    } finally {
      // Closed before any copy: PostgreSQL copies only a template nobody is connected to.
      await db.destroy();
    }
    project.provide("templateDatabase", url);
    return () => dropDatabase(server, name);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmc-template-"));
  const file = path.join(dir, `template-${crypto.randomUUID()}.db`);
  const db = openDatabase(`file:${file}`);
  try {
    await fill(db);
    // One self-contained file: fold the write-ahead log in, so a plain copy is complete.
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
  } finally {
    await db.destroy();
  }
  project.provide("templateDatabase", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
