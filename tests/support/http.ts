// What the HTTP-level tests share: the built app's route table, logging in over real HTTP, and a
// digest of every table, to show that a refused request wrote nothing.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import type { ServerBuild } from "@remix-run/node";
import { isPostgresUrl } from "../../db/connection";
import { postgresDigest, postgresText } from "./postgres";

export interface RouteInfo {
  id: string;
  /** A concrete URL path for the route, with demo ids for its parameters. */
  path: string;
  hasAction: boolean;
  hasLoader: boolean;
}

const PARAMS: Record<string, string> = { id: "1", userId: "1", odsCode: "Z00001", optionId: "1" };

export async function routeTable(): Promise<RouteInfo[]> {
  const build = (await import(path.resolve("build/server/index.js"))) as ServerBuild;
  const routes: RouteInfo[] = [];
  for (const route of Object.values(build.routes)) {
    if (route.id === "root" || route.path === "*") continue;
    const pattern = `/${route.path ?? ""}`;
    const concrete = pattern.replace(/:(\w+)/g, (_m, name: string) => PARAMS[name] ?? "1");
    routes.push({ id: route.id, path: concrete, hasAction: Boolean(route.module.action), hasLoader: Boolean(route.module.loader) });
  }
  return routes.sort((a, b) => a.id.localeCompare(b.id));
}

/** The three spellings of one request that reach the same route: the page, `.data`, `?_data=`. */
export function spellings(route: RouteInfo): string[] {
  const dataPath = route.path === "/" ? "/_root.data" : `${route.path}.data`;
  return [route.path, dataPath, `${route.path}?_data=${encodeURIComponent(route.id)}`];
}

export async function logIn(baseURL: string, email: string, password = "lmc-demo-password", cookie?: string): Promise<string> {
  const response = await fetch(`${baseURL}/login`, {
    method: "POST",
    headers: { Origin: baseURL, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });
  if (response.status !== 302) throw new Error(`Logging in as ${email} answered ${response.status}`);
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("lmc_session="));
  if (!setCookie) throw new Error("No session cookie");
  return setCookie.split(";")[0]!;
}

/** A SHA-256 over every row of every table but `except`, in rowid order (on PostgreSQL, in the order of the rows' text). */
export async function databaseDigest(databaseUrl: string, except: string[] = []): Promise<string> {
  if (isPostgresUrl(databaseUrl)) return postgresDigest(databaseUrl, except);
  const db = new SQLite(databaseUrl.slice("file:".length), { readonly: true, fileMustExist: true });
  try {
    const hash = crypto.createHash("sha256");
    const tables = db
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .all() as { name: string }[];
    for (const { name } of tables) {
      if (except.includes(name)) continue;
      hash.update(`\n#${name}\n`);
      let rows: unknown[];
      try {
        rows = db.prepare(`select * from "${name}" order by rowid`).all();
      } catch {
        // Virtual tables (full-text search) are covered by their shadow tables.
        continue;
      }
      for (const row of rows) hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString("hex") : v)));
    }
    return hash.digest("hex");
  } finally {
    db.close();
  }
}

/** Every row of every table as text, one line each, prefixed by its table (to search for what must be gone). */
export async function databaseText(databaseUrl: string): Promise<string> {
  if (isPostgresUrl(databaseUrl)) return postgresText(databaseUrl);
  const db = new SQLite(databaseUrl.slice("file:".length), { readonly: true, fileMustExist: true });
  try {
    const lines: string[] = [];
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[];
    for (const { name } of tables) {
      for (const row of db.prepare(`select * from "${name}"`).all()) lines.push(`${name}: ${JSON.stringify(row)}`);
    }
    return lines.join("\n");
  } finally {
    db.close();
  }
}

/** The worker processes of a production server started by tests/support/server.ts (Linux). */
export function workerPids(primaryPid: number): number[] {
  const children = fs.readFileSync(`/proc/${primaryPid}/task/${primaryPid}/children`, "utf8").trim();
  return children ? children.split(/\s+/).map(Number) : [];
}

/** The most memory a process has held at once (VmHWM), in MB. */
export function peakMemoryMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}
