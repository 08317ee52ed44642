// The integration suite on PostgreSQL (`npm run test:postgres`, scripts/postgres.mjs): with
// TEST_POSTGRES_URL set, global-setup.ts migrates a template database on that server and each
// test file gets its own database made from it (`create database ... template`), as each gets
// its own copy of the template file on SQLite.
import crypto from "node:crypto";
import pg from "pg";
import { isPostgresUrl } from "../../db/connection";

/** The server to test on (a URL whose user may create databases), or undefined for SQLite. */
export const testPostgresUrl = (): string | undefined => process.env.TEST_POSTGRES_URL || undefined;

/** Whether this test file runs on PostgreSQL: for the few tests of what only SQLite has. */
export const onPostgres = (): boolean => isPostgresUrl(process.env.DATABASE_URL ?? "");

export const uniqueDatabaseName = (prefix: string) => `${prefix}_${crypto.randomBytes(6).toString("hex")}`;

/** The same server and credentials, another database. */
function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quoted = (name: string) => {
  if (!/^\w+$/.test(name)) throw new Error(`Not a test database name: ${name}`);
  return `"${name}"`;
};

/** Creates a database, empty or as a copy of `template` (which nobody may be connected to). */
export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  await onServer(serverUrl, async (client) => {
    // Copies of one template made at once can meet its lock: wait and try again.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`create database ${quoted(name)}${template ? ` template ${quoted(template)}` : ""}`);
        return;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, (client) => client.query(`drop database if exists ${quoted(name)} with (force)`));
}

const tablesOf = new Map<string, Promise<string[]>>();

/**
 * A digest of every row of every table (sequences left out: a refused insert may move one), in
 * one round trip: each table's rows as text, sorted, hashed by the server.
 */
export async function postgresDigest(url: string, except: string[] = []): Promise<string> {
  return onServer(url, async (client) => {
    if (!tablesOf.has(url)) {
      const listed = client
        .query<{ name: string }>("select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name")
        .then((r) => r.rows.map((row) => row.name));
      tablesOf.set(url, listed);
    }
    const tables = (await tablesOf.get(url)!).filter((name) => !except.includes(name));
    const perTable = tables.map((name) => `select '${name}' as name, md5(coalesce(string_agg(t::text, chr(10) order by t::text), '')) as digest from ${quoted(name)} t`);
    const rows = await client.query<{ name: string; digest: string }>(perTable.join(" union all "));
    const hash = crypto.createHash("sha256");
    for (const row of rows.rows) hash.update(`${row.name}:${row.digest}\n`);
    return hash.digest("hex");
  });
}

/** Every row of every table as text, one line each, prefixed by its table (to search for what must be gone). */
export async function postgresText(url: string): Promise<string> {
  return onServer(url, async (client) => {
    const tables = (
      await client.query<{ name: string }>("select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name")
    ).rows.map((r) => r.name);
    const lines: string[] = [];
    for (const name of tables) {
      const rows = await client.query<{ t: string }>(`select t::text as t from ${quoted(name)} t`);
      for (const row of rows.rows) lines.push(`${name}: ${row.t}`);
    }
    return lines.join("\n");
  });
}
