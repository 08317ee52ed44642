import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { epraccurLine } from "../fixtures/factories";
import { expectNoAxeViolations, logIn, see, useBrowser } from "./browser";

const browser = useBrowser();

function tempFile(name: string, content: string) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lmc-upload-")), name);
  fs.writeFileSync(file, content);
  return file;
}

describe("administration", () => {
  it("an admin creates a user (with bad input first, without JavaScript), and a disabled user's session dies", async () => {
    const adminContext = await browser.context({ javaScriptEnabled: false });
    const admin = await logIn(adminContext, "admin@lmc-tracker.example");
    await admin.goto("/admin/users/new");

    // Bad input: every field wrong. The server answers 400 with messages tied to the fields.
    await admin.getByLabel("Name").fill("   ");
    await admin.getByLabel("Email address").fill("not-an-email");
    await admin.getByLabel("Initial password").fill("short");
    await admin.getByLabel("Role").selectOption("lmc_secretary");
    const [bad] = await Promise.all([
      admin.waitForResponse((r) => r.url().includes("/admin/users/new") && r.request().method() === "POST"),
      admin.getByRole("button", { name: "Create user" }).click(),
    ]);
    expect(bad.status()).toBe(400);
    await see(admin, "Enter a name");
    await see(admin, "Enter an email address like name@example.org");
    await see(admin, "A password needs at least 12 characters");
    const describedBy = await admin.getByLabel("Email address").getAttribute("aria-describedby");
    expect(describedBy).toMatch(/error/);

    const email = `new-gp-${Date.now()}@example.org`;
    await admin.getByLabel("Name").fill("Dr New GP");
    await admin.getByLabel("Email address").fill(email);
    await admin.getByLabel("Initial password").fill("a long enough password");
    await admin.getByRole("button", { name: "Create user" }).click();
    await see(admin, "An LMC secretary needs an LMC");
    await admin.getByLabel("Initial password").fill("a long enough password");
    await admin.getByLabel("Role").selectOption("gp");
    await admin.getByRole("button", { name: "Create user" }).click();
    await admin.waitForURL(/\/admin\/users\/\d+$/);
    await expect(admin.getByRole("status").textContent()).resolves.toBe("Created Dr New GP.");

    // A wrong ODS code is refused next to its field; a real one is saved.
    await admin.getByLabel("Add or update membership: practice ODS code").fill("12345X");
    await admin.getByRole("button", { name: "Save membership" }).click();
    await see(admin, "An ODS practice code is a letter and five digits, like A81001");
    await admin.getByLabel("Add or update membership: practice ODS code").fill("Z99999");
    await admin.getByRole("button", { name: "Save membership" }).click();
    await see(admin, "No practice has the ODS code Z99999");
    await admin.getByLabel("Add or update membership: practice ODS code").fill("z00002");
    await admin.getByLabel("Signatory (practice lead)").check();
    await admin.getByRole("button", { name: "Save membership" }).click();
    await expect(admin.getByRole("status").textContent()).resolves.toBe("Membership of Z00002 saved.");
    const userUrl = admin.url();

    const userContext = await browser.context();
    const user = await logIn(userContext, email, "a long enough password");
    await user.goto("/account");
    await see(user, /Z00002\): practice lead/);

    await admin.goto(userUrl);
    await admin.getByRole("button", { name: "Disable account" }).click();
    await expect(admin.getByRole("status").textContent()).resolves.toMatch(/disabled and logged out everywhere/);
    // The history reads in words, not action codes.
    await see(admin, /^Practice membership added by /);
    await see(admin, /^Account disabled by /);

    await user.goto("/account");
    expect(new URL(user.url()).pathname).toBe("/login");
    await user.getByLabel("Email address").fill(email);
    await user.getByLabel("Password").fill("a long enough password");
    await user.getByRole("button", { name: "Log in" }).click();
    await see(user, "That email and password do not match an active account.");
    await adminContext.close();
    await userContext.close();
  });

  it("the create-user form, with its error messages showing, has no accessibility violations", async () => {
    const context = await browser.context();
    const page = await logIn(context, "admin@lmc-tracker.example");
    await page.goto("/admin/users/new");
    await expectNoAxeViolations(page);
    await page.getByLabel("Email address").fill("nope");
    await page.getByRole("button", { name: "Create user" }).click();
    await see(page, "Enter a name");
    await expectNoAxeViolations(page);
    await page.goto("/admin/users");
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("an admin previews a register import, sees flagged lines, applies it, and a second import changes nothing", async () => {
    const context = await browser.context();
    const page = await logIn(context, "admin@lmc-tracker.example");
    await page.goto("/admin/imports/practices");
    await expectNoAxeViolations(page);

    // A file that is not a register is refused before anything is stored.
    await page.getByLabel("Practice register (epraccur CSV)").setInputFiles(tempFile("wrong.csv", "name,age\nbob,3\n"));
    await page.getByRole("button", { name: "Preview the import" }).click();
    await see(page, /No GP practice rows could be read from wrong.csv/);

    const register = [
      epraccurLine({ code: "B99001", name: "FIRST TEST SURGERY", icb: "QOP" }),
      epraccurLine({ code: "B99002", name: "SECOND TEST SURGERY", icb: "QYG" }),
      '"B99003","BROKEN',
      epraccurLine({ code: "B99004", name: "CLOSED LONG AGO", status: "C", close: "20200101" }),
    ].join("\n");
    const sizes = "CODE,NUMBER_OF_PATIENTS\nB99001,4321\nB99002,not-a-number\n";
    await page.getByLabel("Practice register (epraccur CSV)").setInputFiles(tempFile("epraccur-test.csv", register));
    await page.getByLabel("List sizes (optional)").setInputFiles(tempFile("sizes-2026-04.csv", sizes));
    await page.getByRole("button", { name: "Preview the import" }).click();
    await page.waitForURL(/pending=/);
    await page.getByRole("heading", { name: "Preview: nothing has been saved yet" }).waitFor();
    await see(page, "Line 3: not valid CSV", { exact: false });
    await see(page, /Line 3: practice B99002: "not-a-number" is not a whole number/);
    await expectNoAxeViolations(page);

    // Nothing was written by the preview.
    await page.goto("/practices?q=B99001");
    await see(page, "0 practices");
    await page.goBack();

    await page.getByRole("button", { name: "Apply this import" }).click();
    await page.waitForURL("**/practices");
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/2 added, 0 updated \(0 closed\), 0 unchanged, 2 lines skipped/);
    await page.goto("/practices/B99001");
    await see(page, "4,321", { exact: false });
    await see(page, /^Practice added by a register import by /);
    await expectNoAxeViolations(page);

    await page.goto("/admin/imports/practices");
    await page.getByLabel("Practice register (epraccur CSV)").setInputFiles(tempFile("epraccur-test.csv", register));
    await page.getByRole("button", { name: "Preview the import" }).click();
    await page.waitForURL(/pending=/);
    await page.getByRole("button", { name: "Apply this import" }).click();
    await page.waitForURL("**/practices");
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/0 added, 0 updated \(0 closed\), 2 unchanged/);
    await context.close();
  });

  it("an admin imports LMC areas and the practices in that ICB join the LMC", async () => {
    const context = await browser.context();
    const page = await logIn(context, "admin@lmc-tracker.example");
    await page.goto("/admin/imports/lmc-areas");
    await page.getByLabel("LMC areas CSV").setInputFiles(tempFile("bad.csv", "lmc_name,area_code,valid_from\nX,???,yesterday\n"));
    await page.getByRole("button", { name: "Preview the import" }).click();
    await see(page, /No usable rows in bad.csv/);

    await page.getByLabel("LMC areas CSV").setInputFiles(tempFile("areas.csv", "lmc_name,area_code,valid_from\nTest Merged LMC,QYG,2026-04-01\n"));
    await page.getByRole("button", { name: "Preview the import" }).click();
    await page.waitForURL(/pending=/);
    await see(page, /moves from Cheshire and Merseyside LMC \(demo\)/);
    await page.getByRole("button", { name: "Apply this import" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/1 areas set, 1 LMCs created/);
    // Every practice in that ICB (here a demo one) now belongs to the new LMC.
    await page.goto("/practices?icb=QYG");
    await page.locator("main table tbody a").first().click();
    await page.waitForURL(/\/practices\/[A-Z]\d{5}$/);
    await see(page, "Test Merged LMC", { exact: false });
    await context.close();
  });

  it("serves an enforced nonce CSP and a session cookie that is HttpOnly and SameSite=Lax", async () => {
    const home = await fetch(browser.baseURL + "/");
    const csp = home.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const html = await home.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    const login = await fetch(browser.baseURL + "/login", {
      method: "POST",
      body: new URLSearchParams({ email: "gp@lmc-tracker.example", password: "lmc-demo-password" }),
      redirect: "manual",
    });
    expect(login.status).toBe(302);
    const cookie = login.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Secure/i);
  });
});
