// Debian's Chromium driven by playwright-core, and the helpers the journeys share.
import { createRequire } from "node:module";
import fs from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject } from "vitest";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const DEMO_PASSWORD = "lmc-demo-password";

export function useBrowser() {
  const state: { browser?: Browser } = {};
  beforeAll(async () => {
    state.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
  });
  afterAll(async () => {
    await state.browser?.close();
  });
  return {
    baseURL: inject("baseURL"),
    async context(options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}) {
      const context = await state.browser!.newContext({ baseURL: inject("baseURL"), ...options });
      // Fail fast with the step that went wrong rather than at the test's own time limit.
      context.setDefaultTimeout(10_000);
      return context;
    },
  };
}

export async function logIn(context: BrowserContext, email: string, password = DEMO_PASSWORD): Promise<Page> {
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

/** Waits until the text shows on the page (pages update after client-side navigation). */
export async function see(page: Page, text: string | RegExp, options: { exact?: boolean } = {}) {
  await page.getByText(text, options).first().waitFor({ state: "visible" });
}

/** Runs axe-core in the page and fails with the rule ids and targets of any violation. */
export async function expectNoAxeViolations(page: Page) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  });
  expect(violations.map((v) => `${v.id}: ${v.targets.join(", ")}`), `axe violations on ${page.url()}`).toEqual([]);
}
