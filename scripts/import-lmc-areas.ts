// npm run import:lmc-areas -- FILE   (CSV header: lmc_name,area_code,valid_from[,area_kind])
import fs from "node:fs";
import path from "node:path";
import { runLmcAreasImport } from "../app/models/imports.server";
import { getEnv } from "../app/utils/env.server";
import { migrateToLatest, openDatabase } from "../db/connection";

const file = process.argv[2];
if (!file) {
  console.error("Usage: npm run import:lmc-areas -- lmc-areas.csv");
  process.exit(2);
}
const db = openDatabase(getEnv().DATABASE_URL);
try {
  await migrateToLatest(db);
  const result = await runLmcAreasImport(db, null, { name: path.basename(file), text: fs.readFileSync(file, "utf8") });
  console.log(`Applied ${result.applied} area rows, created ${result.createdLmcs} LMCs, moved ${result.practicesMoved} practices.`);
  for (const p of result.problems) console.log(`line ${p.line}: ${p.message}`);
} finally {
  await db.destroy();
}
