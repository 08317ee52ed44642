// Configuration comes from the environment, validated once at start-up.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("file:./data/lmc-tracker.db")
    .refine((v) => v.startsWith("file:") && v.length > "file:".length, {
      message: "must be a file: URL such as file:./data/lmc-tracker.db",
    }),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SEED: z.enum(["demo", "none"]).default("demo"),
  LOG_REQUESTS: z.enum(["0", "1"]).default("1"),
  /** Production worker processes sharing the port (server/index.ts). */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
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
