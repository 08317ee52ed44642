// The anonymous dashboard is refreshed in a thread of its own (ADR 017): past its period a reader
// is served the figures as they were while one refresh runs, and the next reader gets the new
// render, whose inline scripts its CSP allows. A server of its own, with a one-second period.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../support/server";
import { useBrowser } from "./browser";

const browser = useBrowser();
let server: Awaited<ReturnType<typeof startServer>>;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmc-refresh-"));
  server = await startServer({
    DATABASE_URL: `file:${path.join(dir, "refresh.db")}`,
    SEED: "demo",
    SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
    PARTICIPATION_CACHE_SECONDS: "1",
  });
});

afterAll(async () => {
  server.child.kill("SIGTERM");
  await new Promise((r) => server.child.once("exit", r));
  fs.rmSync(dir, { recursive: true, force: true });
});

const visit = async () => {
  const response = await fetch(`${server.baseURL}/participation`);
  return { cache: response.headers.get("x-page-cache"), body: await response.text() };
};

describe("the anonymous dashboard's refresh", () => {
  it("serves the last render while the render thread makes the next, and the new one passes its CSP in a browser", async () => {
    const first = await visit();
    expect(first.cache).toBe("miss");
    expect((await visit()).cache).toBe("hit");
    await new Promise((r) => setTimeout(r, 1_100));
    const stale = await visit();
    expect(stale.cache).toBe("stale");
    expect(stale.body).toBe(first.body);
    // The refresh lands within a moment; until it does, readers keep getting the last render.
    let next = await visit();
    for (let i = 0; i < 50 && next.cache === "stale"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      next = await visit();
    }
    expect(next.cache).toBe("hit");
    // A new render (its scripts carry the refresh's own nonce), whose CSP allows them by their hashes.
    expect(next.body).not.toBe(first.body);
    expect(server.output()).not.toMatch(/page_refresh_failed|render_thread_error/);

    const context = await browser.context();
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    const response = await page.goto(`${server.baseURL}/participation`);
    // A render of the thread's, whether still fresh or (a busy machine, a one-second period)
    // already past it and served while the next is made.
    expect(["hit", "stale"]).toContain(response?.headers()["x-page-cache"]);
    await page.waitForFunction(() => "__remixContext" in window);
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(cspErrors).toEqual([]);
    await context.close();
  });

  it("refreshes the dashboard's data for a client-side navigation with its figures in it", async () => {
    // What the browser asks for when a reader follows a link to the dashboard.
    const data = async () => {
      const response = await fetch(`${server.baseURL}/participation.data?_routes=routes%2Fparticipation`);
      return { cache: response.headers.get("x-page-cache"), body: await response.text() };
    };
    const first = await data();
    expect(first.body).toContain("Practices signed");
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await data()).cache).toBe("stale");
    let next = await data();
    for (let i = 0; i < 50 && next.cache === "stale"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      next = await data();
    }
    expect(next.cache).toBe("hit");
    // The refresh thread rendered it as data: the figures' HTML is in it, not left to a document.
    expect(next.body).toContain("Practices signed");
    expect(server.output()).not.toMatch(/page_refresh_failed|render_thread_error/);
  });
});
