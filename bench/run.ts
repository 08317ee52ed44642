// npm run bench: throughput and latency of routes, as ratios against a trivial route served by
// the same server in the same run (SPEC section 7). Never asserted in tests: wall-clock time
// depends on the machine. Builds the app first if there is no build.
import { execSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createConference } from "../app/models/conferences.server";
import { createUser } from "../app/models/users.server";
import { recordMotionVotes } from "../app/models/votes.server";
import { saveMotion } from "../app/models/motions.server";
import { migrateToLatest, openDatabase } from "../db/connection";
import { loadClauseRegister } from "../db/seed/clauses";
import { loadReferenceGeography } from "../db/seed/reference";
import { startServer } from "../tests/support/server";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const MOTIONS = 600;
const READER = { email: "reader@bench.example", password: "bench reader password" };

/** A logged-in reader's cookie: their pages are never served from the page cache. */
async function logInCookie(baseURL: string): Promise<string> {
  const response = await fetch(`${baseURL}/login`, {
    method: "POST",
    body: new URLSearchParams(READER),
    headers: { Origin: baseURL },
    redirect: "manual",
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`Logging in for the benchmark failed: ${response.status}`);
  return cookie;
}

async function seedConference(databaseUrl: string): Promise<number> {
  const db = openDatabase(databaseUrl);
  try {
    await migrateToLatest(db);
    await loadReferenceGeography(db);
    await loadClauseRegister(db);
    const body = await db.selectFrom("bodies").select("id").where("kind", "=", "national").executeTakeFirstOrThrow();
    const id = await createConference(db, null, { bodyId: body.id, title: "Benchmark conference", heldOn: "2026-11-06", venue: "Bench", status: "published" });
    const clause = await db.selectFrom("clauses").select("id").executeTakeFirstOrThrow();
    await createUser(db, null, { email: READER.email, name: "Bench reader", role: "gp", password: READER.password });
    for (let n = 1; n <= MOTIONS; n++) {
      const saved = await saveMotion(db, null, id, {
        number: String(n), title: `Benchmark motion ${n} about online access and safe working`, proposer: `LMC ${n % 40}`, proposerLmcId: null,
        seconder: null, kind: "motion", parentNumber: null, replaces: [], marking: "debate", sectionId: null,
        preamble: "That conference, regarding the contract:", state: "agenda",
        parts: [
          { text: `rejects requirement ${n}`, clauseId: clause.id, intent: "remove" },
          { text: `asks GPC England to negotiate item ${n}` },
          { text: `instructs GPC England to report on item ${n}` },
        ],
      });
      if (!saved.ok) throw new Error(saved.message);
      const parts = await db.selectFrom("motion_parts").select("id").where("motion_id", "=", saved.id).execute();
      await recordMotionVotes(db, null, parts.map((p, i) => ({
        partId: p.id, method: "electronic" as const, majority: "simple" as const, for: 200 + i, against: 100 + n % 150, abstain: 10, version: 0,
      })));
    }
    return id;
  } finally {
    await db.destroy();
  }
}

interface Result { path: string; requests: number; perSecond: number; p50: number; p99: number; errors: number }

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** One GET over a kept-alive connection, as a browser would ask (gzip); the body is read, not inflated. */
function get(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: { "Accept-Encoding": "gzip", ...headers } }, (response) => {
      response.on("data", () => {});
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

async function hammer(baseURL: string, route: string, label = route, headers: Record<string, string> = {}): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const started = performance.now();
        const status = await get(baseURL + route, headers);
        if (status !== 200) errors++;
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { path: label, requests: latencies.length, perSecond: latencies.length / SECONDS, p50: at(0.5), p99: at(0.99), errors };
}

if (!fs.existsSync("build/server/index.js")) execSync("npx remix vite:build", { stdio: "inherit" });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmc-bench-"));
const databaseUrl = `file:${path.join(dir, "bench.db")}`;
console.log(`Seeding a conference with ${MOTIONS} motions (3 parts each, all voted)...`);
const conferenceId = await seedConference(databaseUrl);
const server = await startServer({ DATABASE_URL: databaseUrl, SEED: "none", SESSION_SECRET: crypto.randomBytes(32).toString("hex"), INSECURE_COOKIES: "1" });
try {
  const cookie = { Cookie: await logInCookie(server.baseURL) };
  const page = `/conferences/${conferenceId}`;
  const runs: [string, string, Record<string, string>][] = [
    ["/healthz", "/healthz", {}],
    [page, `${page} (public, page cache)`, {}],
    [`${page}/motions.csv`, `${page}/motions.csv (public)`, {}],
    [page, `${page} (logged in, no cache)`, cookie],
    [`${page}?q=online`, `${page}?q=online (logged in)`, cookie],
  ];
  for (const [route, label, headers] of runs) await hammer(server.baseURL, route, label, headers); // warm up
  const results: Result[] = [];
  for (const [route, label, headers] of runs) results.push(await hammer(server.baseURL, route, label, headers));
  const baseline = results[0]!.perSecond;
  console.log(`\n${SECONDS}s per route, ${CONCURRENCY} concurrent clients, one server process\n`);
  console.log("route".padEnd(52), "req/s".padStart(8), "ratio".padStart(7), "p50 ms".padStart(8), "p99 ms".padStart(8), "errors".padStart(7));
  for (const r of results) {
    console.log(
      r.path.padEnd(52),
      r.perSecond.toFixed(0).padStart(8),
      `${((r.perSecond / baseline) * 100).toFixed(0)}%`.padStart(7),
      r.p50.toFixed(1).padStart(8),
      r.p99.toFixed(1).padStart(8),
      String(r.errors).padStart(7),
    );
  }
  console.log("\nTarget (SPEC section 7): the published conference page with 600 motions at >= 30% of /healthz.");
  console.log("Public readers get the page cache (server/page-cache.ts); logged-in readers always get a fresh render.");
} finally {
  server.child.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
}
