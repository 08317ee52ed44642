// npm run db:restore -- FILE: replaces the database named by DATABASE_URL with a backup, after
// checking the backup's integrity; refuses while a server is running on the database.
import { getEnv } from "../app/utils/env.server";
import { restoreDatabase } from "../db/backup";

const backup = process.argv[2];
if (!backup) {
  console.error("Usage: npm run db:restore -- FILE");
  process.exit(2);
}
try {
  const { bytes } = restoreDatabase(getEnv().DATABASE_URL, backup);
  console.log(`Restored ${backup} (${(bytes / 1024 / 1024).toFixed(1)} MB). Start the server again.`);
} catch (error) {
  console.error(`Nothing was restored: ${(error as Error).message}`);
  process.exit(1);
}
