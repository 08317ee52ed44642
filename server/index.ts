// The production (and development) entry. In production a node:cluster primary prepares the
// database once, then runs WEB_CONCURRENCY workers that serve HTTP on one shared port, and
// starts a new worker whenever one dies (out of memory, a crash), so one bad request never
// leaves the site down. Development runs one process with Vite's hot reload.
import cluster from "node:cluster";
import { ClusterMemoryStorePrimary, ClusterMemoryStoreWorker } from "@express-rate-limit/cluster-memory-store";
import { getEnv } from "../app/utils/env.server";
import { startMailWorker } from "../app/utils/mail-worker.server";
import { markRunning } from "../db/backup";
import { startWalCheckpointer } from "../db/checkpointer";
import { isPostgresUrl, openCacheVersionReader, openDatabase } from "../db/connection";
import { prepareDatabase } from "../db/seed/prepare";
import { createServer } from "./app";

const env = getEnv();
const production = env.NODE_ENV === "production";

/** While this process serves, `npm run db:restore` refuses to replace the SQLite file under it. */
function markServing() {
  if (isPostgresUrl(env.DATABASE_URL)) return;
  const unmark = markRunning(env.DATABASE_URL);
  process.on("exit", unmark);
}

async function prepare() {
  const db = openDatabase(env.DATABASE_URL);
  try {
    for (const line of await prepareDatabase(db, { seed: env.SEED })) console.log(line);
  } finally {
    await db.destroy();
  }
}

async function serve({ clustered }: { clustered: boolean }) {
  // Public pages are cached for readers who are not logged in, in production (server/page-cache.ts).
  const cacheVersions = production && env.PAGE_CACHE === "1" ? openCacheVersionReader(env.DATABASE_URL) : undefined;
  const app = await createServer({
    mode: production ? "production" : "development",
    cacheVersions,
    rateLimitStore: clustered ? (prefix) => new ClusterMemoryStoreWorker({ prefix }) : undefined,
  });
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
}

function supervise(workers: number) {
  // Rate limits count across every worker, not per worker.
  new ClusterMemoryStorePrimary().init();
  let stopping = false;
  const recentDeaths: number[] = [];
  let announcedPort: number | null = null;
  const fork = () => cluster.fork();
  cluster.on("listening", (_worker, address) => {
    // Workers share one port (port 0 included); say it once.
    if (announcedPort === null) announcedPort = address.port;
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    recentDeaths.push(now);
    while (recentDeaths.length > 0 && recentDeaths[0]! < now - 60_000) recentDeaths.shift();
    console.error(JSON.stringify({ level: "error", event: "worker_died", pid: worker.process.pid, code, signal, at: new Date().toISOString() }));
    // A worker that cannot stay up at all (a bad build, a broken database) is not restarted forever.
    if (recentDeaths.length > 10 * workers) {
      console.error("Workers keep dying; stopping. See the errors above.");
      process.exit(1);
    }
    fork();
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
      setTimeout(() => process.exit(0), 3500).unref();
      cluster.on("exit", () => {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      });
    });
  }
  for (let i = 0; i < workers; i++) fork();
}

if (!production) {
  await prepare();
  markServing();
  startWalCheckpointer(env.DATABASE_URL);
  startMailWorker();
  await serve({ clustered: false });
} else if (cluster.isPrimary) {
  await prepare();
  markServing();
  // One checkpointer for every worker's commits (db/checkpointer.ts), in a thread of the supervisor.
  startWalCheckpointer(env.DATABASE_URL);
  // One mail worker, in the supervisor: claims are exclusive, so a second elsewhere is safe too.
  startMailWorker();
  supervise(env.WEB_CONCURRENCY);
} else {
  await serve({ clustered: true });
}
