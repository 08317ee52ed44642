import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectNoAxeViolations, logIn, useBrowser } from "./browser";

const browser = useBrowser();

const PUBLIC_PAGES = [
  "/",
  "/login",
  "/conferences",
  "/conferences/1",
  "/motions/1",
  "/clauses",
  "/clauses/1",
  "/resolutions",
  "/resolutions/1",
  "/campaigns",
  "/campaigns/1",
  "/campaigns/1/options/3",
  "/participation",
];
const STAFF_PAGES = [
  "/conferences",
  "/conferences/1/edit",
  "/conferences/1/import",
  "/conferences/1/import-csv",
  "/conferences/1/review",
  "/conferences/1/motions/new",
  "/motions/1/edit",
  "/motions/1/votes",
  "/resolutions/1",
  "/practices",
  "/practices/Z00001",
  "/practices/Z00001/sign-ups",
  "/admin/audit",
  "/campaigns",
  "/campaigns/1",
  "/campaigns/1/options/1",
  "/notices",
];
const LEAD_PAGES = ["/campaigns/1/options/2", "/account", "/account/delete"];
const ADMIN_PAGES = ["/admin/users", "/admin/users/1", "/admin/imports", "/admin/imports/practices", "/admin/imports/lmc-areas", "/account", "/admin/privacy"];

/** Axe only means something on the page asked for: it must have answered 200. */
async function check(page: Page, path: string, status = 200) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(status);
  await expectNoAxeViolations(page);
}

describe("axe finds no violations", () => {
  it("on the public pages, at desktop and phone widths", async () => {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const context = await browser.context({ viewport });
      const page = await context.newPage();
      for (const path of PUBLIC_PAGES) await check(page, path);
      await check(page, "/no-such-page", 404);
      await context.close();
    }
  });

  it("on the pages BMA staff use", async () => {
    const context = await browser.context();
    const page = await logIn(context, "staff@lmc-tracker.example");
    for (const path of STAFF_PAGES) await check(page, path);
    await context.close();
  });

  it("on the pages a practice lead uses, at phone width", async () => {
    const context = await browser.context({ viewport: { width: 390, height: 844 } });
    const page = await logIn(context, "lead@lmc-tracker.example");
    await page.goto("/account");
    const practice = await page.getByRole("link", { name: /^Demo/ }).first().getAttribute("href");
    for (const path of [...LEAD_PAGES, practice!]) await check(page, path);
    await context.close();
  });

  it("on the administration pages", async () => {
    const context = await browser.context();
    const page = await logIn(context, "admin@lmc-tracker.example");
    for (const path of ADMIN_PAGES) await check(page, path);
    await context.close();
  });
});
