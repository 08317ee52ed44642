// The login limit holds through every spelling of the login action, across both workers, and a
// worker killed outright is replaced while the other keeps answering. A server of its own, so
// its small limit and its dead worker touch no other test.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workerPids } from "../support/http";
import { startServer } from "../support/server";

const SPELLINGS = ["/login", "/login/", "/LOGIN", "/Login.data", "/login.data", "/login?_data=routes%2Flogin", "/login?index", "/login?_data=routes%2Flogin&x=1"];
const LIMIT = 3;

let server: Awaited<ReturnType<typeof startServer>>;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmc-rl-"));
  server = await startServer({
    DATABASE_URL: `file:${path.join(dir, "rl.db")}`,
    SEED: "demo",
    SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
    LOGIN_RATE_LIMIT: String(LIMIT),
    SIGNUP_RATE_LIMIT: String(LIMIT),
    // Each case below comes from its own address, so one case's attempts do not use up another's.
    TRUST_PROXY: "1",
    WEB_CONCURRENCY: "2",
  });
});

afterAll(async () => {
  server.child.kill("SIGTERM");
  await new Promise((r) => server.child.once("exit", r));
  fs.rmSync(dir, { recursive: true, force: true });
});

function attempt(spelling: string, address: string, password = "wrong password") {
  return fetch(`${server.baseURL}${spelling}`, {
    method: "POST",
    headers: { Origin: server.baseURL, "X-Forwarded-For": address },
    body: new URLSearchParams({ email: "gp@lmc-tracker.example", password }),
    redirect: "manual",
  });
}

describe("login rate limit", () => {
  it.each(SPELLINGS.map((s, i) => [s, i] as const))("attempts through %s use up the limit for every spelling", async (spelling, i) => {
    const address = `192.0.2.${i + 1}`;
    for (let n = 0; n < LIMIT; n++) expect((await attempt(spelling, address)).status).not.toBe(429);
    for (const other of SPELLINGS) expect((await attempt(other, address)).status, other).toBe(429);
    // Even the right password is refused until the window passes.
    expect((await attempt("/login", address, "lmc-demo-password")).status).toBe(429);
    // Pages still load, and another address may still log in.
    expect((await fetch(`${server.baseURL}/login`, { headers: { "X-Forwarded-For": address } })).status).toBe(200);
    expect((await attempt("/login", `198.51.100.${i + 1}`, "lmc-demo-password")).status).toBe(302);
  });
});

describe("sign-up rate limit", () => {
  it("is counted per signed-in account, across both workers, and leaves other accounts alone", async () => {
    const login = async (email: string) => {
      const response = await fetch(`${server.baseURL}/login`, {
        method: "POST",
        headers: { Origin: server.baseURL, "X-Forwarded-For": `203.0.113.${email.length}` },
        body: new URLSearchParams({ email, password: "lmc-demo-password" }),
        redirect: "manual",
      });
      return response.headers.getSetCookie().find((c) => c.startsWith("lmc_session="))!.split(";")[0]!;
    };
    const post = (cookie: string) =>
      fetch(`${server.baseURL}/campaigns/1/options/1`, {
        method: "POST",
        // One shared address: practices behind one NHS network look alike to the server.
        headers: { Origin: server.baseURL, Cookie: cookie, "X-Forwarded-For": "203.0.113.200" },
        body: new URLSearchParams({ intent: "nothing" }),
        redirect: "manual",
      });
    const lead = await login("lead@lmc-tracker.example");
    const gp = await login("gp@lmc-tracker.example");
    for (let n = 0; n < LIMIT; n++) expect((await post(lead)).status).not.toBe(429);
    expect((await post(lead)).status).toBe(429);
    expect((await post(gp)).status).not.toBe(429);
  });
});

describe("supervisor", () => {
  it("replaces a worker that is killed, and the site keeps answering", async () => {
    const before = workerPids(server.child.pid!);
    expect(before).toHaveLength(2);
    process.kill(before[0]!, "SIGKILL");
    const deadline = Date.now() + 30_000;
    let after = workerPids(server.child.pid!);
    while ((after.length < 2 || after.includes(before[0]!)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      after = workerPids(server.child.pid!);
    }
    expect(after).toHaveLength(2);
    expect(after).not.toContain(before[0]);
    for (let n = 0; n < 10; n++) expect((await fetch(`${server.baseURL}/healthz`)).status).toBe(200);
  });
});
