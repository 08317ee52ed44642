import { describe, expect, it } from "vitest";
import { expectNoAxeViolations, logIn, see, useBrowser } from "./browser";

const browser = useBrowser();

// Each demo role sees only its own navigation, and the pages of other roles answer 403.
const ROLES = [
  {
    email: "admin@lmc-tracker.example",
    nav: ["Home", "Conferences", "Clauses", "Resolutions", "Campaigns", "Participation", "My account", "Practices", "Users", "Imports", "Audit log", "Outbox", "Privacy"],
    allowed: ["/admin/users", "/admin/imports", "/admin/audit", "/practices", "/admin/outbox", "/admin/privacy", "/account/delete"],
    denied: [],
  },
  {
    email: "staff@lmc-tracker.example",
    nav: ["Home", "Conferences", "Clauses", "Resolutions", "Campaigns", "Participation", "My account", "Notices", "Practices", "Audit log", "Outbox"],
    allowed: ["/practices", "/admin/audit", "/notices", "/admin/outbox"],
    denied: ["/admin/users", "/admin/imports", "/admin/imports/practices", "/admin/privacy"],
  },
  {
    email: "secretary@lmc-tracker.example",
    nav: ["Home", "Conferences", "Clauses", "Resolutions", "Campaigns", "Participation", "My account"],
    allowed: ["/account"],
    denied: ["/admin/users", "/admin/imports", "/practices", "/admin/audit", "/notices", "/admin/outbox"],
  },
  {
    email: "lead@lmc-tracker.example",
    nav: ["Home", "Conferences", "Clauses", "Resolutions", "Campaigns", "Participation", "My account"],
    allowed: ["/account", "/account/delete"],
    denied: ["/admin/users", "/practices", "/admin/audit", "/notices", "/admin/privacy"],
  },
  {
    email: "gp@lmc-tracker.example",
    nav: ["Home", "Conferences", "Clauses", "Resolutions", "Campaigns", "Participation", "My account"],
    allowed: ["/account"],
    denied: ["/admin/users/1", "/practices/Z00001", "/admin/imports/lmc-areas"],
  },
];

describe("each demo role sees only what it may", () => {
  for (const role of ROLES) {
    it(`${role.email.split("@")[0]}: navigation and access`, async () => {
      const context = await browser.context();
      const page = await logIn(context, role.email);
      // The navigation after logging in is the signed-in one once the page has settled.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My account" }).waitFor();
      const nav = await page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents();
      expect(nav).toEqual(role.nav);
      for (const path of role.allowed) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
      }
      for (const path of role.denied) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(403);
        await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("You do not have permission");
      }
      await context.close();
    });
  }

  it("the public is sent to log in for private pages, and sees a 404 page for unknown ones", async () => {
    const context = await browser.context();
    const page = await context.newPage();
    const home = await page.goto("/");
    expect(home?.status()).toBe(200);
    await expectNoAxeViolations(page);
    await page.goto("/admin/users");
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(new URL(page.url()).searchParams.get("redirectTo")).toBe("/admin/users");
    const missing = await page.goto("/no-such-page");
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Page not found");
    await context.close();
  });

  it("the practice lead's account shows the signatory membership; a plain GP's does not", async () => {
    const context = await browser.context();
    const lead = await logIn(context, "lead@lmc-tracker.example");
    await lead.goto("/account");
    await see(lead, /practice lead \(signatory\)/);
    await expectNoAxeViolations(lead);
    await context.close();
    const gpContext = await browser.context();
    const gp = await logIn(gpContext, "gp@lmc-tracker.example");
    await gp.goto("/account");
    await see(gp, /: member$/);
    await gpContext.close();
  });
});
