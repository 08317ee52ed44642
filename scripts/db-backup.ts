// npm run db:backup -- FILE: an online backup of the database named by DATABASE_URL, safe while
// the server runs; checked for integrity before it is kept.
import { getEnv } from "../app/utils/env.server";
import { backupDatabase } from "../db/backup";

const target = process.argv[2];
if (!target) {
  console.error("Usage: npm run db:backup -- FILE");
  process.exit(2);
}
try {
  const started = Date.now();
  const { bytes } = await backupDatabase(getEnv().DATABASE_URL, target, (done, total) => {
    if (process.stdout.isTTY) process.stdout.write(`\rCopied ${done} of ${total} pages`);
  });
  if (process.stdout.isTTY) process.stdout.write("\n");
  console.log(`Backed up to ${target} (${(bytes / 1024 / 1024).toFixed(1)} MB, integrity ok) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exit(1);
}
