// Starts the built app (production mode) on a free port with a fresh demo database, once for
// all end-to-end files, and stops it afterwards.
import { execSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startServer } from "../support/server";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    databaseUrl: string;
    serverPid: number;
  }
}

export default async function setup(project: TestProject) {
  if (!fs.existsSync("build/server/index.js")) execSync("npx remix vite:build", { stdio: "inherit" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmc-e2e-"));
  const databaseUrl = `file:${path.join(dir, "e2e.db")}`;
  const server = await startServer({
    DATABASE_URL: databaseUrl,
    SEED: "demo",
    SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
    LOGIN_RATE_LIMIT: "1000",
    // The journeys sign up hundreds of practices from one account within a minute.
    SIGNUP_RATE_LIMIT: "100000",
    ACCOUNT_RATE_LIMIT: "1000",
  });
  project.provide("baseURL", server.baseURL);
  project.provide("databaseUrl", databaseUrl);
  project.provide("serverPid", server.child.pid!);
  return async () => {
    server.child.kill("SIGTERM");
    await new Promise((r) => server.child.once("exit", r));
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
