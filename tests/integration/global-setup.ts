// Migrates one template database for the whole integration run (migrations, reference geography
// and the clause register); each test file then starts from a copy of it (setup.ts), which is
// much cheaper than migrating per file.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import type { TestProject } from "vitest/node";
import { migrateToLatest, openDatabase } from "../../db/connection";
import { loadClauseRegister } from "../../db/seed/clauses";
import { loadReferenceGeography } from "../../db/seed/reference";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmc-template-"));
  const file = path.join(dir, `template-${crypto.randomUUID()}.db`);
  const db = openDatabase(`file:${file}`);
  try {
    await migrateToLatest(db);
    await loadReferenceGeography(db);
    await loadClauseRegister(db);
    // One self-contained file: fold the write-ahead log in, so a plain copy is complete.
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
  } finally {
    await db.destroy();
  }
  project.provide("templateDatabase", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
