// Starts the built app (production mode) on a free port with a fresh demo database, once for
// all end-to-end files, and stops it afterwards.
import { execSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    databaseUrl: string;
  }
}

export function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; baseURL: string; output: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: "0", LOG_REQUESTS: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, baseURL: match[1]!, output: () => output });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with ${code}:\n${output}`));
    });
  });
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
  });
  project.provide("baseURL", server.baseURL);
  project.provide("databaseUrl", databaseUrl);
  return async () => {
    server.child.kill("SIGTERM");
    await new Promise((r) => server.child.once("exit", r));
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
