// The WAL checkpointer (db/checkpointer.ts): the server copies the SQLite log into the database
// file in a thread of its own, so that no request's commit does it. What must hold: it runs by
// itself while the app writes, keeps the log well under the connections' own backstop, copies
// everything once the writing stops, loses nothing, and stops when asked.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWalCheckpointer } from "../../db/checkpointer";
import { openDatabase, WAL_AUTOCHECKPOINT_PAGES } from "../../db/connection";
import { onPostgres } from "../support/postgres";

describe.skipIf(onPostgres())("the WAL checkpointer (SQLite)", () => {
  let dir = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmc-checkpoint-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("checkpoints what the app's connection writes, keeps the log under the backstop, and loses nothing", async () => {
    const url = `file:${path.join(dir, "app.db")}`;
    const db = openDatabase(url);
    const file = url.slice("file:".length);
    const raw = new SQLite(file);
    raw.exec("create table probe (n integer primary key, pad text)");
    const results: { log: number; checkpointed: number; busy: number }[] = [];
    const checkpointer = startWalCheckpointer(url, { everyMs: 50, onCheckpoint: (r) => results.push(r) })!;
    try {
      // The app's connection checkpoints only past its backstop (SQLite's default is 1,000 pages)...
      const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
      expect(rows[0]!.wal_autocheckpoint).toBe(WAL_AUTOCHECKPOINT_PAGES);
      expect(WAL_AUTOCHECKPOINT_PAGES).toBeGreaterThan(1000);
      // ...so the thread does: write about 4 MB through the app (1,000 pages of 4 KB), a row at a time.
      const pad = "x".repeat(3800);
      let largestLog = 0;
      let copiedWhileWriting = 0;
      for (let i = 0; i < 1000; i++) {
        await db.insertInto("probe" as never).values({ n: i, pad } as never).execute();
        if (i % 50 === 0) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          largestLog = Math.max(largestLog, ...results.map((r) => r.log));
          copiedWhileWriting = Math.max(copiedWhileWriting, ...results.map((r) => r.checkpointed));
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(results.length).toBeGreaterThan(3);
      // The log was copied into the file while the rows were being written, not only at the end.
      expect(copiedWhileWriting).toBeGreaterThan(0);
      expect(largestLog).toBeLessThan(WAL_AUTOCHECKPOINT_PAGES);
      // Once the writing stops, everything in the log is in the database file.
      const last = results.at(-1)!;
      expect(last.checkpointed).toBe(last.log);
      // Nothing lost: a connection that reads the file alone (the log gone) sees every row.
      await checkpointer.stop();
      await db.destroy();
      raw.close();
      fs.rmSync(`${file}-wal`, { force: true });
      fs.rmSync(`${file}-shm`, { force: true });
      const after = new SQLite(file, { readonly: true });
      expect(after.prepare("select count(*) from probe").pluck().get()).toBe(1000);
      after.close();
    } finally {
      await checkpointer.stop();
    }
  });

  it("is not needed on PostgreSQL", () => {
    expect(startWalCheckpointer("postgres://nobody@localhost/none")).toBeNull();
  });
});
