// Each integration test file gets its own freshly migrated SQLite file (never a mock of our
// database), with the reference geography loaded.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { migrateToLatest, openDatabase } from "../../db/connection";
import { loadClauseRegister } from "../../db/seed/clauses";
import { loadReferenceGeography } from "../../db/seed/reference";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmc-it-"));
process.env.DATABASE_URL = `file:${path.join(dir, `test-${crypto.randomUUID()}.db`)}`;
process.env.SESSION_SECRET ??= crypto.randomBytes(32).toString("hex");
process.env.NODE_ENV = "test";
// Denials are logged as JSON lines in production; the route matrix would print hundreds.
process.env.LOG_DENIALS ??= "0";

beforeAll(async () => {
  globalThis.__lmcDb = openDatabase(process.env.DATABASE_URL!);
  await migrateToLatest(globalThis.__lmcDb);
  await loadReferenceGeography(globalThis.__lmcDb);
  await loadClauseRegister(globalThis.__lmcDb);
});

afterAll(async () => {
  await globalThis.__lmcDb?.destroy();
  globalThis.__lmcDb = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});
