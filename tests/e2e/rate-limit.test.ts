import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startServer } from "../support/server";

describe("login rate limit", () => {
  it("answers 429 once an address has used up its login attempts, while pages still load", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmc-rl-"));
    const server = await startServer({
      DATABASE_URL: `file:${path.join(dir, "rl.db")}`,
      SEED: "none",
      SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
      LOGIN_RATE_LIMIT: "3",
    });
    try {
      const attempt = () =>
        fetch(`${server.baseURL}/login`, {
          method: "POST",
          body: new URLSearchParams({ email: "nobody@example.org", password: "wrong password" }),
          redirect: "manual",
        });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await attempt()).status);
      expect(statuses).toEqual([400, 400, 400, 429, 429]);
      expect((await fetch(`${server.baseURL}/login`)).status).toBe(200);
    } finally {
      server.child.kill("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
