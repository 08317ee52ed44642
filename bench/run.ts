// npm run bench (bench/README.md): seeds a database with the real practice register, 40,000 GPs,
// a 600-motion conference and a sign-up history of 1,000,000 rows over three campaigns (and a
// copy with 10,000), serves the built app in production mode with 1 and then 2 workers, drives it
// over HTTP with autocannon from this process, and reports every scenario as requests per
// second, p50 and p99, and its ratio to /healthz measured on the same server in the same run,
// alternating with it. Prints one table with pass or fail per target (SPEC section 7) and exits
// non-zero when a target is missed. Not part of npm test: wall-clock figures depend on the machine.
import { execSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { ChildProcess } from "node:child_process";
import type { SignUpStatus } from "../app/domain/campaign-status";
import { verifyParticipation } from "../app/models/participation-verify.server";
import { openDatabase } from "../db/connection";
import { createDatabase, dropDatabase } from "../tests/support/postgres";
import { measure, type Measured, type RequestKind } from "./load";
import { activePractices, CAMPAIGNS, LEAD, READER, seedBase, seedHistory, type BaseSeed } from "./seed";

const QUICK = process.env.BENCH_QUICK === "1";
const number = (name: string, fallback: number) => {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got "${value}")`);
  return n;
};
const SECONDS = number("BENCH_SECONDS", QUICK ? 2 : 5);
const WARMUP = number("BENCH_WARMUP", QUICK ? 1 : 2);
const CONNECTIONS = number("BENCH_CONNECTIONS", 16);
const ROUNDS = number("BENCH_ROUNDS", QUICK ? 1 : 3);
const HISTORY = number("BENCH_HISTORY", QUICK ? 10_000 : 1_000_000);
const SMALL_HISTORY = number("BENCH_SMALL_HISTORY", QUICK ? 1_000 : 10_000);
const WORKERS = (process.env.BENCH_WORKERS ?? (QUICK ? "1" : "1,2")).split(",").map((w) => Number(w.trim()));
/** Scenario ids to run (a,b,c,d,e or their full ids); all by default. */
const ONLY = process.env.BENCH_ONLY?.split(",").map((s) => s.trim()) ?? null;
/** A directory for each server's CPU profiles (node --cpu-prof), one file per process. */
const PROFILE_DIR = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : null;
/** A directory kept by an earlier run (BENCH_KEEP=1): its databases are used again, not seeded anew. */
const REUSE = process.env.BENCH_REUSE ? path.resolve(process.env.BENCH_REUSE) : null;
const KEEP = process.env.BENCH_KEEP === "1" || REUSE !== null;
/**
 * Where the databases live: SQLite files (the default), or databases on the PostgreSQL server of
 * TEST_POSTGRES_URL (`npm run bench:postgres` starts a throwaway one, as test:postgres does).
 */
const BACKEND = process.env.BENCH_BACKEND === "postgres" ? "postgres" : "sqlite";
const PG_SERVER = BACKEND === "postgres" ? process.env.TEST_POSTGRES_URL : undefined;
if (BACKEND === "postgres" && !PG_SERVER) throw new Error("BENCH_BACKEND=postgres needs TEST_POSTGRES_URL: run npm run bench:postgres");
if (BACKEND === "postgres" && REUSE) throw new Error("BENCH_REUSE works with SQLite files only");

// The models the seed uses read the configuration too: keep them away from ./data.
process.env.SESSION_SECRET ??= crypto.randomBytes(32).toString("hex");

const tty = process.stdout.isTTY;
function progress(line: string, done = false) {
  if (tty) process.stdout.write(`\r\x1b[K${line}${done ? "\n" : ""}`);
  else console.log(line);
}

// ---------------------------------------------------------------------------------------------
// The build and the databases

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds when there is no build or the app's sources changed since it was made. */
function ensureBuild() {
  const built = "build/server/index.js";
  const stale = !fs.existsSync(built) || newestMtime("app") > fs.statSync(built).mtimeMs;
  if (stale || process.env.BENCH_BUILD === "1") {
    console.log(fs.existsSync(built) ? "The app changed since the last build: building..." : "No build: building...");
    execSync("npx remix vite:build", { stdio: "inherit" });
  }
}

const dir = REUSE ?? fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), "lmc-bench-"));
const file = (name: string) => path.join(dir, name);

/** A copy of a closed SQLite database; a write-ahead log left from an earlier copy would corrupt it. */
function copyDatabase(from: string, to: string) {
  for (const suffix of ["-wal", "-shm", "-journal"]) fs.rmSync(to + suffix, { force: true });
  fs.copyFileSync(from, to);
}

/** The URL of a named bench database: a file in the bench directory, or a database on the PostgreSQL server. */
function databaseUrl(name: string): string {
  if (!PG_SERVER) return `file:${file(`${name}.db`)}`;
  const url = new URL(PG_SERVER);
  url.pathname = `/lmc_bench_${name.replace(/\W/g, "_")}`;
  return url.toString();
}

/** `to` made a copy of `from` (closed): a file copy, or PostgreSQL's `create database ... template`. */
async function copyNamed(from: string, to: string): Promise<string> {
  if (!PG_SERVER) {
    copyDatabase(file(`${from}.db`), file(`${to}.db`));
    return databaseUrl(to);
  }
  const nameOf = (n: string) => new URL(databaseUrl(n)).pathname.slice(1);
  await dropDatabase(PG_SERVER, nameOf(to));
  return createDatabase(PG_SERVER, nameOf(to), nameOf(from));
}

async function seedDatabases(): Promise<BaseSeed> {
  if (REUSE) {
    console.log(`Using the databases in ${REUSE}.`);
    return JSON.parse(fs.readFileSync(file("base.json"), "utf8")) as BaseSeed;
  }
  if (PG_SERVER) {
    await dropDatabase(PG_SERVER, new URL(databaseUrl("base")).pathname.slice(1));
    await createDatabase(PG_SERVER, new URL(databaseUrl("base")).pathname.slice(1));
  }
  const db = openDatabase(databaseUrl("base"));
  let base: BaseSeed;
  try {
    base = await seedBase(db, progress);
  } finally {
    await db.destroy();
  }
  fs.writeFileSync(file("base.json"), JSON.stringify(base));
  for (const [name, rows] of [
    ["big", HISTORY],
    ["small", SMALL_HISTORY],
  ] as const) {
    const history = openDatabase(await copyNamed("base", name));
    try {
      await seedHistory(history, base, rows, progress);
      const drift = await verifyParticipation(history);
      if (drift.length > 0) throw new Error(`The seeded ${name} does not verify:\n${drift.slice(0, 10).join("\n")}`);
    } finally {
      await history.destroy();
    }
  }
  return base;
}

// ---------------------------------------------------------------------------------------------
// Servers and sessions

interface Server {
  baseURL: string;
  child: ChildProcess;
}

async function serve(databaseUrl: string, workers: number, label: string): Promise<Server> {
  const env: Record<string, string> = {
    NODE_ENV: "production",
    PORT: "0",
    DATABASE_URL: databaseUrl,
    SEED: "none",
    SESSION_SECRET: process.env.SESSION_SECRET!,
    INSECURE_COOKIES: "1",
    WEB_CONCURRENCY: String(workers),
    LOG_REQUESTS: "0",
    LOG_DENIALS: "0",
    PAGE_CACHE: "1",
    // The bench logs in a few times; that limit is for people guessing passwords. Its practice
    // lead stands for every practice's lead at once, so its sign-ups are not limited per minute
    // (the limiter still runs on every POST).
    LOGIN_RATE_LIMIT: "1000",
    SIGNUP_RATE_LIMIT: "1000000",
  };
  // As tests/support/server.ts starts it, with node's flags for a profile (not allowed in NODE_OPTIONS);
  // cluster workers inherit them, and each process writes its own profile when it exits.
  const nodeArgs: string[] = [];
  if (PROFILE_DIR) {
    const profiles = path.join(PROFILE_DIR, `${label}-${workers}w`);
    fs.mkdirSync(profiles, { recursive: true });
    nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${profiles}`);
  }
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/index.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const baseURL = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        // 127.0.0.1: autocannon connects to what `localhost` resolves to first, which may be ::1.
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with ${code}:\n${output}`));
    });
  });
  // Anything the server says later (an error, a dead worker) goes to our stderr.
  child.stdout.removeAllListeners("data");
  child.stderr.removeAllListeners("data");
  child.stderr.on("data", (chunk: Buffer) => process.stderr.write(`[${label} server] ${chunk.toString()}`));
  return { child, baseURL };
}

async function stop(server: Server) {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  await exited;
}

/** A session cookie, logging in as a person would (the login form, with our Origin). */
async function logIn(baseURL: string, who: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${baseURL}/login`, { method: "POST", body: new URLSearchParams(who), headers: { Origin: baseURL }, redirect: "manual" });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("lmc_session="));
  if (!cookie || response.status !== 302) throw new Error(`Logging in as ${who.email} failed: ${response.status}`);
  return cookie;
}

/** One GET as a browser asks (gzip): status, headers, the bytes as they travelled, and how long it took. */
function getRaw(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "Accept-Encoding": "gzip", ...headers } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes: Buffer.concat(chunks), ms: performance.now() - started }));
        response.on("error", reject);
      })
      .on("error", reject);
  });
}

// ---------------------------------------------------------------------------------------------
// Scenarios

const ok200 = (status: number) => status === 200;

function get(label: string, pathOf: () => string, headers: Record<string, string> = {}): RequestKind {
  return { label, next: () => ({ method: "GET", path: pathOf(), headers }), check: ok200 };
}

interface SignUpPair {
  ods: string;
  campaignId: number;
  optionId: number;
  version: number;
  status: SignUpStatus | null;
  busy: boolean;
  /** Sent but never answered: its version is unknown, so it is left alone. */
  lost: boolean;
}

/** What each POST changes the sign-up to: always a real change, through every path of the model. */
const NEXT_STATUS: Record<SignUpStatus | "none", SignUpStatus> = {
  none: "pledged",
  withdrawn: "pledged",
  pledged: "implementing",
  pledged_if_triggered: "implementing",
  implementing: "withdrawn",
};

/**
 * Sign-up POSTs by the bench's practice lead (a signatory of every active practice), through the
 * option page's form action: each request takes the next practice and option in turn and moves
 * its sign-up on by one status, sending the version it holds, as the form does.
 */
async function signUpPairs(databaseUrl: string, base: BaseSeed): Promise<SignUpPair[]> {
  const db = openDatabase(databaseUrl);
  try {
    const practices = await activePractices(db);
    const optionIds = base.optionIds[0]!;
    const current = await db.selectFrom("practice_signups").select(["practice_id", "option_id", "status", "version"]).where("option_id", "in", optionIds).execute();
    const byKey = new Map(current.map((s) => [`${s.practice_id}:${s.option_id}`, s]));
    const pairs: SignUpPair[] = [];
    // A stride through the practices, so consecutive requests land in different ICBs.
    const stride = 7_919;
    for (let k = 0; k < practices.length; k++) {
      const practice = practices[(k * stride) % practices.length]!;
      for (const optionId of optionIds) {
        const s = byKey.get(`${practice.id}:${optionId}`);
        pairs.push({ ods: practice.odsCode, campaignId: base.campaignIds[0]!, optionId, version: s?.version ?? 0, status: s?.status ?? null, busy: false, lost: false });
      }
    }
    return pairs;
  } finally {
    await db.destroy();
  }
}

function signUpPost(baseURL: string, pairs: SignUpPair[], cookies: string[]): RequestKind {
  let cursor = 0;
  let sent = 0;
  return {
    label: "sign-up",
    next: () => {
      let pair: SignUpPair;
      do pair = pairs[cursor++ % pairs.length]!;
      while (pair.busy || pair.lost);
      pair.busy = true;
      const status = NEXT_STATUS[pair.status ?? "none"];
      const body = new URLSearchParams({ intent: "signup", practice: pair.ods, status, conditionScope: "none", version: String(pair.version) }).toString();
      return {
        method: "POST",
        path: `/campaigns/${pair.campaignId}/options/${pair.optionId}`,
        headers: { Cookie: cookies[sent++ % cookies.length]!, Origin: baseURL, "Content-Type": "application/x-www-form-urlencoded" },
        body,
        token: { pair, status },
      };
    },
    check: (code, headers, token) => {
      const { pair, status } = token as { pair: SignUpPair; status: SignUpStatus };
      pair.busy = false;
      const location = String(headers.location ?? headers.Location ?? "");
      if (code === 302 && location.startsWith("/practices/")) {
        pair.version += 1;
        pair.status = status;
        return true;
      }
      pair.lost = true;
      return false;
    },
    abandoned: (token) => {
      const { pair } = token as { pair: SignUpPair };
      pair.busy = false;
      pair.lost = true;
    },
  };
}

interface Scenario {
  id: string;
  label: string;
  server: "big" | "small";
  kinds: RequestKind[];
}

interface Row {
  id: string;
  label: string;
  workers: number;
  runs: { measured: Measured; floor: number }[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface Summary {
  perSecond: number;
  ratio: number;
  p50: number;
  p99: number;
  errors: number;
  problems: Record<string, number>;
}

function summarise(row: Row): Summary {
  const problems: Record<string, number> = {};
  for (const r of row.runs) for (const [k, v] of Object.entries(r.measured.problems)) problems[k] = (problems[k] ?? 0) + v;
  return {
    perSecond: median(row.runs.map((r) => r.measured.perSecond)),
    ratio: median(row.runs.map((r) => r.measured.perSecond / r.floor)),
    p50: median(row.runs.map((r) => r.measured.p50)),
    p99: median(row.runs.map((r) => r.measured.p99)),
    errors: row.runs.reduce((sum, r) => sum + r.measured.errors, 0),
    problems,
  };
}

// ---------------------------------------------------------------------------------------------
// Page weight: what a browser downloads, gzipped, and whether the page reads without JavaScript

interface Weight {
  page: string;
  html: number;
  js: number;
  css: number;
  usable: boolean;
  note: string;
}

async function pageWeight(baseURL: string, label: string, route: string, mustContain: string[], headers: Record<string, string> = {}): Promise<Weight> {
  const page = await getRaw(baseURL + route, headers);
  const html = (page.headers["content-encoding"] === "gzip" ? zlib.gunzipSync(page.bytes) : page.bytes).toString("utf8");
  // Every module the page loads before it is interactive: the entry, the routes' modules and the
  // chunks they import, all named in the HTML (modulepreload links and the inline module script).
  const scripts = [...new Set([...html.matchAll(/"(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!))];
  const styles = [...new Set([...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!))];
  const size = async (urls: string[]) => (await Promise.all(urls.map(async (u) => (await getRaw(baseURL + u)).bytes.length))).reduce((a, b) => a + b, 0);
  const missing = mustContain.filter((text) => !html.includes(text));
  return {
    page: label,
    html: page.bytes.length,
    js: await size(scripts),
    css: await size(styles),
    usable: page.status === 200 && missing.length === 0,
    note: missing.length === 0 ? `${mustContain.length} checks in the server-rendered HTML` : `missing without JavaScript: ${missing.slice(0, 3).join(", ")}`,
  };
}

// ---------------------------------------------------------------------------------------------
// One configuration: both databases served with `workers` workers, every scenario in rounds

const wanted = (id: string) => !ONLY || ONLY.some((o) => id === o || id.startsWith(`${o}.`) || id.startsWith(o));

async function runConfiguration(base: BaseSeed, workers: number, rows: Row[], extras: { weights: Weight[]; firstRenders: string[] }) {
  // Fresh copies: the sign-up POSTs change the database, and each configuration starts alike.
  const bigFile = await copyNamed("big", `big-${workers}w`);
  const smallFile = await copyNamed("small", `small-${workers}w`);
  const pairs = await signUpPairs(bigFile, base);
  const big = await serve(bigFile, workers, "big");
  const small = await serve(smallFile, workers, "small");
  try {
    // The first render of each page after a start, before anything is warm.
    const conferencePath = `/conferences/${base.conferenceId}`;
    for (const [label, route] of [
      ["conference page", conferencePath],
      ["dashboard", "/participation"],
    ] as const) {
      const first = await getRaw(big.baseURL + route);
      extras.firstRenders.push(`${workers} worker${workers === 1 ? "" : "s"}: first ${label} render after start ${first.ms.toFixed(0)} ms (status ${first.status})`);
    }
    const leadCookies = [];
    for (let i = 0; i < 4; i++) leadCookies.push(await logIn(big.baseURL, LEAD));
    const reader = await logIn(big.baseURL, READER);

    if (extras.weights.length === 0) {
      const optionTitles = CAMPAIGNS.flatMap((c) => c.options.map((o) => o.title.replaceAll("&", "&amp;")));
      extras.weights.push(await pageWeight(big.baseURL, "dashboard /participation", "/participation", ["<table", ...optionTitles]));
      const motions = Array.from({ length: 50 }, (_, i) => `Benchmark motion ${i + 1} about online access and safe working`);
      extras.weights.push(await pageWeight(big.baseURL, `conference ${conferencePath}`, conferencePath, [...motions, "page=2"]));
      extras.weights.push(await pageWeight(big.baseURL, `conference ${conferencePath} (logged in)`, conferencePath, motions, { Cookie: reader }));
    }

    const campaignA = base.campaignIds[0]!;
    let cold = 0;
    const dashboard = get("dashboard", () => "/participation");
    const json = get("dashboard JSON", () => `/campaigns/${campaignA}/participation.json`);
    const conferencePublic = get("conference (public)", () => conferencePath);
    const conferenceReader = get("conference (logged in)", () => conferencePath, { Cookie: reader });
    const signUp = signUpPost(big.baseURL, pairs, leadCookies);
    const rowsLabel = (n: number) => (n >= 1_000_000 ? `${(n / 1_000_000).toLocaleString("en-GB")}M` : `${(n / 1000).toLocaleString("en-GB")}k`);
    const bigLabel = rowsLabel(HISTORY);
    const smallLabel = rowsLabel(SMALL_HISTORY);
    const scenarios: Scenario[] = [
      { id: "a", label: "a. sign-up POST (lead, validated, audited, counters)", server: "big", kinds: [signUp] },
      { id: "b.html", label: `b. dashboard /participation (${bigLabel} history)`, server: "big", kinds: [dashboard] },
      { id: "b.json", label: `b. dashboard JSON (${bigLabel} history)`, server: "big", kinds: [json] },
      { id: "c.html", label: `c. dashboard /participation (${smallLabel} history)`, server: "small", kinds: [get("dashboard", () => "/participation")] },
      { id: "c.json", label: `c. dashboard JSON (${smallLabel} history)`, server: "small", kinds: [get("dashboard JSON", () => `/campaigns/${campaignA}/participation.json`)] },
      { id: "d.public", label: "d. conference, 600 motions, public (page cache)", server: "big", kinds: [conferencePublic] },
      { id: "d.reader", label: "d. conference, 600 motions, logged in (no cache)", server: "big", kinds: [conferenceReader] },
      { id: "d.cold", label: "d. conference, 600 motions, cold (cache miss)", server: "big", kinds: [get("conference (cold)", () => `${conferencePath}?cold=${cold++}`)] },
      // Per connection, in turn: one POST in five requests.
      { id: "e", label: "e. mixed launch day: 20% sign-up POSTs, 80% reads", server: "big", kinds: [signUp, dashboard, conferencePublic, json, conferenceReader] },
    ].filter((s) => wanted(s.id)) as Scenario[];
    const floors = { big: get("floor", () => "/healthz"), small: get("floor", () => "/healthz") };
    const servers = { big, small };
    const run = (server: "big" | "small", kinds: RequestKind[], seconds: number) => measure(servers[server].baseURL, kinds, { seconds, connections: CONNECTIONS });

    // Warm-up: every scenario once, and the floor, on each server.
    for (const server of ["big", "small"] as const) await run(server, [floors[server]], WARMUP);
    for (const s of scenarios) {
      progress(`${workers} worker(s): warming up ${s.label}`);
      await run(s.server, s.kinds, WARMUP);
    }
    const rowOf = (id: string, label: string) => {
      let row = rows.find((r) => r.id === id && r.workers === workers);
      if (!row) rows.push((row = { id, label, workers, runs: [] }));
      return row;
    };
    for (let round = 1; round <= ROUNDS; round++) {
      // floor, scenario, floor, scenario, ..., floor: each scenario against the floor on either side.
      for (const server of ["big", "small"] as const) {
        const mine = scenarios.filter((s) => s.server === server);
        if (mine.length === 0) continue;
        const floorLabel = server === "big" ? "floor: GET /healthz" : `floor: GET /healthz (${smallLabel} server)`;
        progress(`${workers} worker(s), round ${round} of ${ROUNDS}: ${floorLabel}`);
        let before = await run(server, [floors[server]], SECONDS);
        rowOf(`floor.${server}`, floorLabel).runs.push({ measured: before, floor: before.perSecond });
        for (const s of mine) {
          progress(`${workers} worker(s), round ${round} of ${ROUNDS}: ${s.label}`);
          const measured = await run(server, s.kinds, SECONDS);
          const after = await run(server, [floors[server]], SECONDS);
          rowOf(s.id, s.label).runs.push({ measured, floor: (before.perSecond + after.perSecond) / 2 });
          rowOf(`floor.${server}`, floorLabel).runs.push({ measured: after, floor: after.perSecond });
          before = after;
        }
      }
    }
    progress(`${workers} worker(s): done`, true);
  } finally {
    await stop(big);
    await stop(small);
  }
}

// ---------------------------------------------------------------------------------------------
// The report

interface Verdict {
  target: string;
  workers: number;
  value: string;
  pass: boolean;
}

function judge(rows: Row[]): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const workers of WORKERS) {
    const of = (id: string) => {
      const row = rows.find((r) => r.id === id && r.workers === workers);
      return row ? summarise(row) : null;
    };
    const atLeast = (id: string, label: string, min: number) => {
      const s = of(id);
      if (s) verdicts.push({ target: `${label}: ratio >= ${min.toFixed(2)}`, workers, value: s.ratio.toFixed(2), pass: s.ratio >= min });
    };
    atLeast("a", "a. sign-up POST", 0.5);
    atLeast("b.html", "b. dashboard", 0.5);
    atLeast("b.json", "b. dashboard JSON", 0.5);
    atLeast("d.reader", "d. conference, logged in", 0.3);
    for (const kind of ["html", "json"]) {
      const bigRow = of(`b.${kind}`);
      const smallRow = of(`c.${kind}`);
      if (!bigRow || !smallRow) continue;
      const change = bigRow.ratio / smallRow.ratio - 1;
      verdicts.push({
        target: `c. dashboard${kind === "json" ? " JSON" : ""}: ${HISTORY.toLocaleString("en-GB")} vs ${SMALL_HISTORY.toLocaleString("en-GB")} rows within 10%`,
        workers,
        value: `${change >= 0 ? "+" : ""}${(change * 100).toFixed(1)}%`,
        pass: Math.abs(change) <= 0.1,
      });
    }
    for (const row of rows.filter((r) => r.workers === workers && !r.id.startsWith("floor"))) {
      const s = summarise(row);
      verdicts.push({ target: `${row.label.slice(0, 2)} p99 < 10 x p50 (${row.id})`, workers, value: s.p50 > 0 ? `${(s.p99 / s.p50).toFixed(1)}x` : "no responses", pass: s.p50 > 0 && s.p99 < 10 * s.p50 });
    }
    for (const row of rows.filter((r) => r.workers === workers)) {
      const s = summarise(row);
      verdicts.push({
        target: `no errors (${row.id})`,
        workers,
        value: s.errors === 0 ? "0" : `${s.errors}: ${Object.entries(s.problems).map(([k, v]) => `${k} x${v}`).join(", ")}`,
        pass: s.errors === 0,
      });
    }
  }
  return verdicts;
}

function printReport(rows: Row[], verdicts: Verdict[], extras: { weights: Weight[]; firstRenders: string[] }) {
  const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));
  const whole = (n: number) => Math.round(n).toLocaleString("en-GB");
  console.log(
    `\n${SECONDS} s per measurement, ${CONNECTIONS} connections, ${ROUNDS} round${ROUNDS === 1 ? "" : "s"} (medians), ` +
      `each scenario between two floor measurements on the same server; ${os.cpus().length} cores; ${HISTORY.toLocaleString("en-GB")} history rows (and ${SMALL_HISTORY.toLocaleString("en-GB")}); ` +
      `${BACKEND === "postgres" ? "PostgreSQL" : "SQLite"}.\n`,
  );
  const order = ["floor.big", "a", "b.html", "b.json", "floor.small", "c.html", "c.json", "d.public", "d.reader", "d.cold", "e"];
  const header = [pad("scenario", 54), pad("workers", 7, true), pad("req/s", 8, true), pad("ratio", 6, true), pad("p50 ms", 8, true), pad("p99 ms", 8, true), pad("p99/p50", 8, true), pad("errors", 7, true), "  targets"];
  console.log(header.join(" "));
  console.log("-".repeat(header.join(" ").length + 40));
  const sorted = [...rows].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id) || a.workers - b.workers);
  for (const row of sorted) {
    const s = summarise(row);
    const mine = verdicts.filter((v) => v.workers === row.workers && (v.target.includes(`(${row.id})`) || targetRow(v.target) === row.id));
    const targets = mine.map((v) => `${v.pass ? "pass" : "FAIL"} ${v.target.replace(` (${row.id})`, "").replace(/^[a-e]\. [^:]*: /, "")} [${v.value}]`).join("; ");
    console.log(
      [
        pad(row.label, 54),
        pad(String(row.workers), 7, true),
        pad(whole(s.perSecond), 8, true),
        pad(row.id.startsWith("floor") ? "1.00" : s.ratio.toFixed(2), 6, true),
        pad(s.p50.toFixed(1), 8, true),
        pad(s.p99.toFixed(1), 8, true),
        pad(s.p50 > 0 ? `${(s.p99 / s.p50).toFixed(1)}x` : "n/a", 8, true),
        pad(String(s.errors), 7, true),
        `  ${targets}`,
      ].join(" "),
    );
  }
  // Where a mixed load's tail comes from: each kind of request's own p50 and p99 (medians of the rounds).
  for (const row of sorted.filter((r) => r.runs.some((run) => Object.keys(run.measured.byKind).length > 1))) {
    const labels = Object.keys(row.runs[0]!.measured.byKind);
    const cells = labels.map((label) => {
      const of = (q: "p50" | "p99") => median(row.runs.map((r) => r.measured.byKind[label]?.[q] ?? 0)).toFixed(1);
      return `${label} ${of("p50")} / ${of("p99")}`;
    });
    console.log(`\n${row.label.split(":")[0]}, ${row.workers} worker(s), p50 / p99 ms by request: ${cells.join("; ")}`);
  }
  if (extras.weights.length) {
    console.log("\nPage weight (gzip, as a browser downloads it; JS: every module the page loads)");
    for (const w of extras.weights) {
      console.log(`  ${pad(w.page, 44)} HTML ${pad((w.html / 1024).toFixed(1), 6, true)} KB   JS ${pad((w.js / 1024).toFixed(1), 6, true)} KB   CSS ${pad((w.css / 1024).toFixed(1), 5, true)} KB   usable before JavaScript: ${w.usable ? "yes" : "NO"} (${w.note})`);
    }
  }
  if (extras.firstRenders.length) console.log(`\n${extras.firstRenders.join("\n")}`);
  const missed = verdicts.filter((v) => !v.pass);
  const weightsMissed = extras.weights.filter((w) => !w.usable);
  console.log(
    `\nTargets: ${verdicts.length - missed.length} of ${verdicts.length} met` +
      (missed.length ? `; missed: ${missed.map((v) => `${v.target} with ${v.workers} worker${v.workers === 1 ? "" : "s"} [${v.value}]`).join("; ")}` : "") +
      (weightsMissed.length ? `; not usable without JavaScript: ${weightsMissed.map((w) => w.page).join(", ")}` : ""),
  );
  return missed.length + weightsMissed.length;
}

/** The scenario a ratio target belongs to, for the table. */
function targetRow(target: string): string | null {
  if (target.startsWith("a. sign-up POST:")) return "a";
  if (target.startsWith("b. dashboard JSON:")) return "b.json";
  if (target.startsWith("b. dashboard:")) return "b.html";
  if (target.startsWith("d. conference, logged in:")) return "d.reader";
  if (target.startsWith("c. dashboard JSON:")) return "c.json";
  if (target.startsWith("c. dashboard:")) return "c.html";
  return null;
}

// ---------------------------------------------------------------------------------------------

ensureBuild();
const started = Date.now();
let exitCode = 0;
try {
  const base = await seedDatabases();
  const rows: Row[] = [];
  const extras = { weights: [] as Weight[], firstRenders: [] as string[] };
  for (const workers of WORKERS) await runConfiguration(base, workers, rows, extras);
  const verdicts = judge(rows);
  const missed = printReport(rows, verdicts, extras);
  console.log(`\nThe whole benchmark took ${((Date.now() - started) / 60_000).toFixed(1)} minutes.${KEEP ? ` Databases kept in ${dir}.` : ""}`);
  // A quick run is a smoke test of the harness: its figures are too short to judge, its errors are not.
  exitCode = QUICK ? (verdicts.some((v) => !v.pass && v.target.startsWith("no errors")) ? 1 : 0) : missed > 0 ? 1 : 0;
} finally {
  if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(exitCode);
