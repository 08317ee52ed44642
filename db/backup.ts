// Backups of the SQLite database: an online backup (SQLite's backup API, safe while the server
// writes), checked before it is trusted; and a restore that refuses to replace a database a
// running server holds, and checks the backup before it replaces anything (ADR 012).
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { sqliteFilePath } from "./connection";

/** The file a running server keeps beside its database, naming the supervisor's process id. */
export function pidFileFor(databaseUrl: string): string {
  return `${sqliteFilePath(databaseUrl)}.pid`;
}

export function markRunning(databaseUrl: string): () => void {
  const file = pidFileFor(databaseUrl);
  fs.writeFileSync(file, `${process.pid}\n`);
  return () => {
    try {
      if (fs.readFileSync(file, "utf8").trim() === String(process.pid)) fs.rmSync(file);
    } catch {
      // Already gone.
    }
  };
}

/** The process id of a server still running on this database, if any. */
export function runningServer(databaseUrl: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFileFor(databaseUrl), "utf8").trim());
  } catch {
    return null;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

export function integrityProblems(file: string): string[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== "ok");
    const tables = db.prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'").get() as { n: number };
    if (tables.n === 0) problems.push("it is not an LMC Tracker database (no migrations table)");
    return problems;
  } finally {
    db.close();
  }
}

/** Copies the live database to `target` page by page while others keep writing, then checks it. */
export async function backupDatabase(
  databaseUrl: string,
  target: string,
  onProgress?: (done: number, total: number) => void,
  options: { pagesPerStep?: number } = {},
) {
  const source = new SQLite(sqliteFilePath(databaseUrl), { fileMustExist: true });
  source.pragma("busy_timeout = 5000");
  const partial = `${target}.partial`;
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  try {
    await source.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        // Small steps let the server's own writes in between; a write restarts the copy.
        return options.pagesPerStep ?? 256;
      },
    });
  } finally {
    source.close();
  }
  const problems = integrityProblems(partial);
  if (problems.length) {
    fs.rmSync(partial, { force: true });
    throw new Error(`The backup failed its integrity check: ${problems.join("; ")}`);
  }
  fs.renameSync(partial, target);
  return { bytes: fs.statSync(target).size };
}

/** Replaces the database with a checked backup; refuses while a server runs on it. */
export function restoreDatabase(databaseUrl: string, backup: string) {
  const pid = runningServer(databaseUrl);
  if (pid !== null) throw new Error(`A server (process ${pid}) is running on this database. Stop it first, then restore.`);
  if (!fs.existsSync(backup)) throw new Error(`There is no backup at ${backup}.`);
  const problems = integrityProblems(backup);
  if (problems.length) throw new Error(`That backup failed its integrity check, so nothing was changed: ${problems.join("; ")}`);
  const target = sqliteFilePath(databaseUrl);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.restoring`;
  fs.copyFileSync(backup, staging);
  // The old write-ahead log belongs to the old file: it must not be replayed into the new one.
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(staging, target);
  return { bytes: fs.statSync(target).size };
}
