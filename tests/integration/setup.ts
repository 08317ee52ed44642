// Each integration test file gets its own copy of the migrated template database made once per
// run by global-setup.ts (never a mock of our database): migrations, reference geography and the
// clause register are in it already. A copy of the file on SQLite; on PostgreSQL
// (TEST_POSTGRES_URL) a database of its own made from the template database.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase } from "../../db/connection";
import { createDatabase, dropDatabase, testPostgresUrl, uniqueDatabaseName } from "../support/postgres";

const template = inject("templateDatabase");
const server = testPostgresUrl();
let cleanUp: () => Promise<void> | void;
if (server) {
  const name = uniqueDatabaseName("lmc_test");
  process.env.DATABASE_URL = await createDatabase(server, name, new URL(template).pathname.slice(1));
  cleanUp = () => dropDatabase(server, name);
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmc-it-"));
  const file = path.join(dir, `test-${crypto.randomUUID()}.db`);
  fs.copyFileSync(template, file);
  process.env.DATABASE_URL = `file:${file}`;
  cleanUp = () => fs.rmSync(dir, { recursive: true, force: true });
}
process.env.SESSION_SECRET ??= crypto.randomBytes(32).toString("hex");
process.env.NODE_ENV = "test";
// Denials are logged as JSON lines in production; the route matrix would print hundreds.
process.env.LOG_DENIALS ??= "0";

beforeAll(() => {
  globalThis.__lmcDb = openDatabase(process.env.DATABASE_URL!);
});

afterAll(async () => {
  await globalThis.__lmcDb?.destroy();
  globalThis.__lmcDb = undefined;
  await cleanUp();
});
