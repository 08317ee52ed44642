// Measures what SQLite's `synchronous = FULL` costs over NORMAL on the sign-up write path (ADR 012):
// 600 sign-ups through the real model, one write transaction each, on a file in each mode.
// Run: npx tsx bench/sync-mode.ts   (BENCH_DIR picks where the files go; default the OS temp dir)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { changeSignUp } from "../app/models/signups.server";
import { migrateToLatest } from "../db/connection";
import { loadClauseRegister } from "../db/seed/clauses";
import { loadReferenceGeography } from "../db/seed/reference";
import type { Database } from "../db/types";
import { makeCampaign, makeSignatory } from "../tests/fixtures/campaigns";
import { makePractice } from "../tests/fixtures/factories";

const dir = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), "lmc-sync-"));
const results: Record<string, number> = {};
for (const mode of ["NORMAL", "FULL", "NORMAL", "FULL"]) {
  const file = path.join(dir, `${mode}-${Date.now()}.db`);
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`synchronous = ${mode}`);
  sqlite.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db);
  await loadReferenceGeography(db);
  await loadClauseRegister(db);
  const campaign = await makeCampaign(db, { options: [{ title: "Benchmarked option", trigger: { percent: 50, scope: "national" } }] });
  const practices = [];
  for (let i = 0; i < 600; i++) practices.push(await makePractice(db, { icbCode: i % 2 ? "QOP" : "QHM" }));
  const signatory = await makeSignatory(db, practices[0]!);
  const started = performance.now();
  for (const practice of practices) {
    const outcome = await changeSignUp(db, signatory.id, { practiceId: practice.id, optionId: campaign.options[0]!.id, status: "pledged", condition: null, expectedVersion: 0 });
    if (!outcome.ok) throw new Error(outcome.message);
  }
  const perSecond = (practices.length / (performance.now() - started)) * 1000;
  results[mode] = Math.max(results[mode] ?? 0, perSecond);
  await db.destroy();
}
fs.rmSync(dir, { recursive: true, force: true });
console.log(`Sign-up writes per second (best of 2), directory ${process.env.BENCH_DIR ?? os.tmpdir()}:`);
for (const [mode, rate] of Object.entries(results)) console.log(`  synchronous = ${mode}: ${rate.toFixed(0)}/s`);
console.log(`  FULL / NORMAL: ${((results.FULL! / results.NORMAL!) * 100).toFixed(0)}%`);
