// The production (and development) entry: prepares the database, then serves the app.
import { getEnv } from "../app/utils/env.server";
import { openChangeCounter, openDatabase } from "../db/connection";
import { prepareDatabase } from "../db/seed/prepare";
import { createServer } from "./app";

const env = getEnv();

const db = openDatabase(env.DATABASE_URL);
try {
  for (const line of await prepareDatabase(db, { seed: env.SEED })) console.log(line);
} finally {
  await db.destroy();
}

const production = env.NODE_ENV === "production";
// Public pages are cached for readers who are not logged in, in production (server/page-cache.ts).
const changes = production && process.env.PAGE_CACHE !== "0" ? openChangeCounter(env.DATABASE_URL) : null;
const app = await createServer({ mode: production ? "production" : "development", changeCounter: changes?.read });
const server = app.listen(env.PORT, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  console.log(`LMC Tracker is listening on http://localhost:${port}`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
