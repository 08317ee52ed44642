import { describe, it } from "vitest";
import { expectNoAxeViolations, logIn, useBrowser } from "./browser";

const browser = useBrowser();

const PUBLIC_PAGES = ["/", "/login", "/conferences", "/conferences/1", "/motions/1", "/clauses", "/clauses/1", "/resolutions", "/resolutions/1", "/no-such-page"];
const STAFF_PAGES = [
  "/conferences",
  "/conferences/1/edit",
  "/conferences/1/import",
  "/conferences/1/import-csv",
  "/conferences/1/motions/new",
  "/motions/1/edit",
  "/motions/1/votes",
  "/resolutions/1",
  "/practices",
  "/practices/Z00001",
  "/admin/audit",
];
const ADMIN_PAGES = ["/admin/users", "/admin/users/1", "/admin/imports", "/admin/imports/practices", "/admin/imports/lmc-areas", "/account"];

describe("axe finds no violations", () => {
  it("on the public pages, at desktop and phone widths", async () => {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const context = await browser.context({ viewport });
      const page = await context.newPage();
      for (const path of PUBLIC_PAGES) {
        await page.goto(path);
        await expectNoAxeViolations(page);
      }
      await context.close();
    }
  });

  it("on the pages BMA staff use", async () => {
    const context = await browser.context();
    const page = await logIn(context, "staff@lmc-tracker.example");
    for (const path of STAFF_PAGES) {
      await page.goto(path);
      await expectNoAxeViolations(page);
    }
    await context.close();
  });

  it("on the administration pages", async () => {
    const context = await browser.context();
    const page = await logIn(context, "admin@lmc-tracker.example");
    for (const path of ADMIN_PAGES) {
      await page.goto(path);
      await expectNoAxeViolations(page);
    }
    await context.close();
  });
});
