// Loads NHS England's regions and the 42 ICBs from the copies in db/reference/ (see its README).
// This is reference data, not demo data: it loads on every new database, SEED=none included.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import type { Kysely } from "kysely";
import type { Database } from "../types";

export const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../reference");

export function readReferenceFile(name: string): string {
  return fs.readFileSync(path.join(REFERENCE_DIR, name), "utf8");
}

export async function loadReferenceGeography(db: Kysely<Database>): Promise<{ regions: number; icbs: number }> {
  const regions = parse(readReferenceFile("regions.csv"), { columns: true, skip_empty_lines: true }) as {
    code: string;
    name: string;
  }[];
  const icbs = parse(readReferenceFile("icbs.csv"), { columns: true, skip_empty_lines: true }) as {
    code: string;
    name: string;
    region_code: string;
  }[];
  await db.transaction().execute(async (trx) => {
    for (const r of regions) {
      await trx
        .insertInto("regions")
        .values(r)
        .onConflict((oc) => oc.column("code").doUpdateSet({ name: r.name }))
        .execute();
    }
    for (const icb of icbs) {
      await trx
        .insertInto("icbs")
        .values(icb)
        .onConflict((oc) => oc.column("code").doUpdateSet({ name: icb.name, region_code: icb.region_code }))
        .execute();
    }
  });
  return { regions: regions.length, icbs: icbs.length };
}
