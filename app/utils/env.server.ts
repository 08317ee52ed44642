// Configuration comes from the environment, validated once at start-up.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const flag = z.enum(["0", "1"], { errorMap: () => ({ message: "must be 0 or 1" }) });
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** An optional setting: unset and empty are the same. */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** The embedded SQLite file (file:...), or a PostgreSQL server (postgres://...) that several instances share (docs/SCALING.md). */
  DATABASE_URL: z
    .string()
    .default("file:./data/lmc-tracker.db")
    .refine((v) => (v.startsWith("file:") && v.length > "file:".length) || /^postgres(?:ql)?:\/\//.test(v), {
      message: "must be a file: URL such as file:./data/lmc-tracker.db, or a postgres:// URL such as postgres://user:password@db.example:5432/lmc_tracker",
    }),
  /** Connections each process keeps open to PostgreSQL (ignored for SQLite). */
  DATABASE_POOL_SIZE: wholeNumber(1, 1000).default("10"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SEED: z.enum(["demo", "none"]).default("demo"),
  LOG_REQUESTS: flag.default("1"),
  /** Production worker processes sharing the port (server/index.ts). */
  WEB_CONCURRENCY: wholeNumber(1, 64).default("1"),
  LOGIN_RATE_LIMIT: wholeNumber(1, 1_000_000).default("10"),
  /** Sign-up and pledge changes per signed-in session per minute. */
  SIGNUP_RATE_LIMIT: wholeNumber(1, 1_000_000).default("120"),
  INSECURE_COOKIES: flag.default("0"),
  HSTS: flag.default("0"),
  TRUST_PROXY: flag.default("0"),
  LOG_DENIALS: flag.default("1"),
  PAGE_CACHE: flag.default("1"),
  /** How long the anonymous participation dashboard and its exports are served from the page cache (0: never; ADR 015). */
  PARTICIPATION_CACHE_SECONDS: wholeNumber(0, 3600).default("10"),
  /** 1: past that period, the dashboard is rendered again in a worker thread while the last render is served (ADR 017); 0: inline. */
  PARTICIPATION_REFRESH_THREAD: flag.default("1"),
  /** Where people reach the site: the links in emails (default http://localhost:PORT). */
  PUBLIC_URL: optional(
    z
      .string()
      .url("must be a URL such as https://lmc-tracker.example")
      .refine((v) => /^https?:\/\//.test(v), "must start with https:// or http://")
      .transform((v) => (v.endsWith("/") ? v.slice(0, -1) : v)),
  ),
  /** The SMTP server email goes through (smtp:// or smtps://, with user:password@ if it needs them); without it, the outbox is the delivery. */
  SMTP_URL: optional(z.string().url("must be a URL such as smtps://user:password@smtp.example:465").refine((v) => /^smtps?:\/\//.test(v), "must start with smtp:// or smtps://")),
  /** The From of every email (default LMC Tracker <no-reply@ the PUBLIC_URL host>). */
  MAIL_FROM: optional(z.string().trim().min(3).max(200)),
  /** Email domains a GP may register with besides nhs.net, comma-separated. */
  NHS_EMAIL_DOMAINS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean))
    .pipe(z.array(z.string().max(200).regex(/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/, "must be email domains such as nhs.net, separated by commas"))),
  /** Registrations, new confirmation links and password resets, each per address per 15 minutes. */
  ACCOUNT_RATE_LIMIT: wholeNumber(1, 1_000_000).default("20"),
  /** How often the mail worker looks for messages to send, and how long a claim on one lasts. */
  MAIL_POLL_MS: wholeNumber(50, 600_000).default("5000"),
  MAIL_LEASE_SECONDS: wholeNumber(1, 86_400).default("300"),
});

export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const env = parsed.data;
  if (!env.SESSION_SECRET && !env.DATABASE_URL.startsWith("file:")) {
    // Every instance must sign cookies with the same secret, and there is no file beside the database to keep one in.
    throw new Error("Invalid configuration:\n  SESSION_SECRET: must be set (the same on every instance) when DATABASE_URL is a postgres:// URL");
  }
  const secret = env.SESSION_SECRET ?? loadOrCreateSessionSecret(env.DATABASE_URL);
  // Child modules (the Remix build) read the same secret from the environment.
  process.env.SESSION_SECRET = secret;
  cached = { ...env, SESSION_SECRET: secret };
  return cached;
}

/** Keeps a generated secret beside the database, so sessions survive restarts. */
function loadOrCreateSessionSecret(databaseUrl: string): string {
  const dir = path.dirname(path.resolve(databaseUrl.slice("file:".length)));
  const file = path.join(dir, "session-secret");
  fs.mkdirSync(dir, { recursive: true });
  if (fs.existsSync(file)) {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  }
  const secret = crypto.randomBytes(32).toString("hex");
  fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

/**
 * Whether to log access denials. Read afresh each time (the route matrix test turns it on for one
 * test), through the same schema as everything else.
 */
export function logDenials(): boolean {
  return EnvSchema.shape.LOG_DENIALS.parse(process.env.LOG_DENIALS) === "1";
}
