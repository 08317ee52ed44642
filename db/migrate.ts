// `npm run db:migrate`: brings the database named by DATABASE_URL up to the latest migration.
import { getEnv } from "../app/utils/env.server";
import { migrateToLatest, openDatabase } from "./connection";

const db = openDatabase(getEnv().DATABASE_URL);
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
} finally {
  await db.destroy();
}
