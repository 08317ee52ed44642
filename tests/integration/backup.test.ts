// Backups: taken online while sign-ups are written, checked, and restored into a fresh database
// that verifies; a restore refuses to replace a database a server is running on, and refuses a
// backup that is not sound, changing nothing either way.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { verifyParticipation } from "../../app/models/participation-verify.server";
import { getDb } from "../../app/utils/db.server";
import { backupDatabase, integrityProblems, markRunning, restoreDatabase } from "../../db/backup";
import { openDatabase } from "../../db/connection";
import { makeCampaign, makeSignatory, signPracticeUp } from "../fixtures/campaigns";
import { makePractice } from "../fixtures/factories";
import { onPostgres } from "../support/postgres";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "lmc-backup-"));

// SQLite's own backup API and files; PostgreSQL is backed up by its server (pg_dump, the provider).
describe.skipIf(onPostgres())("backups", () => {
  it("a backup taken while sign-ups are being written restores into a sound database with no drift", async () => {
    const db = getDb();
    const campaign = await makeCampaign(db, { options: [{ title: "Backed-up option", trigger: { percent: 10, scope: "national" } }] });
    const practices = [];
    for (let i = 0; i < 40; i++) practices.push(await makePractice(db, { icbCode: i % 2 ? "QOP" : "QHM" }));
    const signatory = await makeSignatory(db, practices[0]!);
    const dir = tmp();
    const target = path.join(dir, "backup.db");
    let written = 0;
    const writes = (async () => {
      for (const [i, practice] of practices.entries()) {
        await signPracticeUp(db, { practice, option: campaign.options[0]!, status: i % 3 ? "pledged" : "pledged_if_triggered", by: signatory });
        written += 1;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const progress: number[] = [];
    const writtenAtStart = written;
    await backupDatabase(process.env.DATABASE_URL!, target, (done) => progress.push(done), { pagesPerStep: 8 });
    const writtenAtEnd = written;
    await writes;
    // The copy ran over many turns of the event loop, with sign-ups written in between.
    expect(progress.length).toBeGreaterThan(10);
    expect(writtenAtEnd).toBeGreaterThan(writtenAtStart);
    expect(written).toBeGreaterThan(0);
    expect(integrityProblems(target)).toEqual([]);

    const restoredUrl = `file:${path.join(dir, "restored.db")}`;
    restoreDatabase(restoredUrl, target);
    const restored = openDatabase(restoredUrl);
    try {
      expect(await verifyParticipation(restored)).toEqual([]);
      const rows = await restored.selectFrom("practice_signups").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      // The copy holds a consistent moment of the writes: some or all of them, never half of one.
      expect(Number(rows.n)).toBeGreaterThanOrEqual(writtenAtStart);
      expect(Number(rows.n)).toBeLessThanOrEqual(writtenAtEnd);
    } finally {
      await restored.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses to restore over a database a server is running on, and changes nothing", async () => {
    const dir = tmp();
    const url = `file:${path.join(dir, "live.db")}`;
    const live = openDatabase(url);
    await live.destroy();
    const before = fs.readFileSync(path.join(dir, "live.db"));
    const backup = path.join(dir, "backup.db");
    await backupDatabase(process.env.DATABASE_URL!, backup);
    const unmark = markRunning(url);
    try {
      expect(() => restoreDatabase(url, backup)).toThrow(/is running on this database/);
      expect(fs.readFileSync(path.join(dir, "live.db")).equals(before)).toBe(true);
    } finally {
      unmark();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a backup that is not a sound LMC Tracker database, and changes nothing", () => {
    const dir = tmp();
    const url = `file:${path.join(dir, "target.db")}`;
    const garbage = path.join(dir, "garbage.db");
    fs.writeFileSync(garbage, crypto.randomBytes(8192));
    try {
      expect(() => restoreDatabase(url, garbage)).toThrow();
      expect(fs.existsSync(path.join(dir, "target.db"))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
