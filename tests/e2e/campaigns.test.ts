// Collective action end to end, in Chromium, with and without JavaScript: staff open a campaign
// from conference resolutions, practice leads sign up (some only if triggered), the trigger fires
// and the timeline says so; a GP pledges and takes it back; who may see what.
import SQLite from "better-sqlite3";
import { describe, expect, inject, it } from "vitest";
import { logIn as logInOverHttp } from "../support/http";
import { expectNoAxeViolations, logIn, see, useBrowser } from "./browser";

const browser = useBrowser();
const baseURL = inject("baseURL");
const databaseUrl = inject("databaseUrl");

/**
 * Test set-up only: make the demo lead a signatory of as many active practices as a 10% national
 * trigger needs (other e2e files may have imported the real register, so the count varies).
 */
function makeLeadSignatoryOfTenPercent(): string[] {
  const db = new SQLite(databaseUrl.slice("file:".length));
  try {
    const { n } = db.prepare("select count(*) as n from practices where status = 'active'").get() as { n: number };
    const codes = (db.prepare("select ods_code from practices where status = 'active' order by is_demo desc, ods_code limit ?").all(Math.ceil(n / 10)) as { ods_code: string }[]).map((r) => r.ods_code);
    const lead = db.prepare("select id from users where email = 'lead@lmc-tracker.example'").get() as { id: number };
    const insert = db.prepare("insert or ignore into practice_memberships (user_id, practice_id, is_signatory, created_at) select ?, id, 1, ? from practices where ods_code = ?");
    for (const code of codes) insert.run(lead.id, new Date().toISOString(), code);
    return codes;
  } finally {
    db.close();
  }
}

function postForm(cookie: string, path: string, form: Record<string, string>) {
  return fetch(`${baseURL}${path}`, { method: "POST", headers: { Origin: baseURL, Cookie: cookie }, body: new URLSearchParams(form), redirect: "manual" });
}

describe("collective action", () => {
  it("staff open a campaign from motion 5 with a 10% national trigger; leads sign up; the trigger fires once and the timeline says so", async () => {
    const staffContext = await browser.context();
    const staff = await logIn(staffContext, "staff@lmc-tracker.example");
    await staff.goto("/resolutions");
    await staff.getByRole("link", { name: "5 (i)", exact: true }).first().click();
    await staff.getByRole("link", { name: "Start a campaign from this resolution" }).click();
    await staff.getByLabel("Title").fill("E2E safe working action");
    await staff.getByLabel("Summary").fill("Practices limit online access to what is safe, together.");
    await staff.getByRole("button", { name: "Create campaign" }).click();
    await staff.waitForURL(/\/campaigns\/\d+$/);
    await see(staff, "Campaign created as a draft");
    const campaignPath = new URL(staff.url()).pathname;

    await staff.getByLabel("Title").fill("Do not comply with all-core-hours online access");
    await staff.getByLabel("What the practice does, in plain words").fill("Keep the online tool open only when the practice can respond safely.");
    await staff.getByLabel("Trigger", { exact: true }).selectOption("national");
    await staff.getByLabel("Trigger percentage").fill("10");
    await staff.getByRole("button", { name: "Add option" }).click();
    await see(staff, "Option saved.");
    await staff.getByLabel("New status").selectOption("open");
    await staff.getByRole("button", { name: "Change status" }).click();
    await see(staff, "Campaign is now open for pledges.");
    await see(staff, "Opened for pledges.");
    const optionPath = await staff.getByRole("link", { name: "Do not comply with all-core-hours online access" }).getAttribute("href");
    expect(optionPath).toMatch(/^\/campaigns\/\d+\/options\/\d+$/);

    // 10% of active practices: the demo lead signs all but one by form posts, a few at a time...
    const codes = makeLeadSignatoryOfTenPercent();
    const needed = codes.length;
    const lead = await logInOverHttp(baseURL, "lead@lmc-tracker.example");
    const first = codes.slice(0, needed - 1);
    for (let start = 0; start < first.length; start += 8) {
      await Promise.all(
        first.slice(start, start + 8).map(async (code, j) => {
          const status = (start + j) % 4 === 0 ? "pledged_if_triggered" : "pledged";
          const response = await postForm(lead, optionPath!, { intent: "signup", practice: code, status, version: "0" });
          expect(response.status, code).toBe(302);
        }),
      );
    }
    await staff.goto(campaignPath);
    await expect(staff.getByText(/went live nationally/).count()).resolves.toBe(0);

    // ...and the last one in the browser, which sets the option off.
    const leadContext = await browser.context();
    const leadPage = await logIn(leadContext, "lead@lmc-tracker.example");
    await leadPage.goto(optionPath!);
    const form = leadPage.locator("form", { has: leadPage.locator(`input[name=practice][value=${codes[needed - 1]}]`) });
    await form.getByLabel(/^Pledged:/).check();
    await form.getByRole("button", { name: /^Save for/ }).click();
    await see(leadPage, "This sign-up met the trigger: the option is now live.");
    await expectNoAxeViolations(leadPage);

    await staff.goto(campaignPath);
    await see(staff, /went live nationally: \d+ of \d+ practices signed, meeting the 10% trigger/);
    await expect(staff.getByText(/went live nationally/).count()).resolves.toBe(1);
    // The conditional sign-ups now count as acting.
    await leadPage.goto(`/practices/${codes[0]}/sign-ups`);
    await see(leadPage, /Acting since/);
    await leadContext.close();
    await staffContext.close();
  });

  it("without JavaScript, a lead signs the practice up and withdraws, and a GP pledges and takes it back", async () => {
    const context = await browser.context({ javaScriptEnabled: false });
    const lead = await logIn(context, "lead@lmc-tracker.example");
    await lead.goto("/campaigns/1");
    await lead.getByRole("link", { name: "Limit contacts to 25 per clinician per day" }).first().click();
    const ownPractice = lead.locator("form", { has: lead.getByRole("button", { name: /^Save for Demo/ }) }).first();
    await ownPractice.getByLabel(/^Implementing:/).check();
    await ownPractice.getByRole("button", { name: /^Save for/ }).click();
    await see(lead, /implementing\./);
    await see(lead, "Sign-ups");
    await lead.getByRole("link", { name: "Limit contacts to 25 per clinician per day" }).first().click();
    const again = lead.locator("form", { has: lead.getByRole("button", { name: /^Save for Demo/ }) }).first();
    await again.getByLabel(/^Withdrawn:/).check();
    await again.getByRole("button", { name: /^Save for/ }).click();
    await see(lead, /has withdrawn from this option/);
    await context.close();

    const gpContext = await browser.context({ javaScriptEnabled: false });
    const gp = await logIn(gpContext, "gp@lmc-tracker.example");
    await gp.goto("/campaigns/1");
    await gp.getByRole("link", { name: "Curtail online access at the safe working limit" }).first().click();
    await gp.getByRole("button", { name: "Pledge my support" }).click();
    await see(gp, "Your personal pledge is recorded. Thank you.");
    await gp.getByRole("button", { name: "Take my pledge back" }).click();
    await see(gp, "Your personal pledge is taken back.");
    // A GP who is not a signatory sees the practice's sign-up but cannot change it.
    await see(gp, "Only a signatory of the practice can change this.");
    await gpContext.close();
  });

  it("a lead cannot sign up a practice they do not belong to (403), and a member cannot see another practice's notices (404)", async () => {
    const lead = await logInOverHttp(baseURL, "lead@lmc-tracker.example");
    const other = "Z00599";
    const response = await postForm(lead, "/campaigns/1/options/1", { intent: "signup", practice: other, status: "pledged", version: "0" });
    expect(response.status).toBe(403);
    const gp = await logInOverHttp(baseURL, "gp@lmc-tracker.example");
    const page = await fetch(`${baseURL}/practices/${other}/sign-ups`, { headers: { Cookie: gp }, redirect: "manual" });
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain(other);
  });
});

describe("the participation overview as shared HTML", () => {
  it("hydrates without errors, comes in the data on a client-side navigation, and its links navigate without reloading the page", async () => {
    const context = await browser.context();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    // A client-side navigation to the overview: its figures come as HTML in the loader's data.
    await page.goto("/");
    await page.waitForFunction(() => (window as { __remixRouter?: unknown }).__remixRouter !== undefined);
    await page.evaluate(() => ((window as { reloadMark?: number }).reloadMark = 1));
    await page.getByRole("navigation", { name: /main/i }).getByRole("link", { name: "Participation" }).click();
    await page.waitForURL(/\/participation$/);
    const overview = page.locator("#participation-overview");
    await overview.getByRole("heading", { level: 2 }).first().waitFor();
    await expect(page.evaluate(() => (window as { reloadMark?: number }).reloadMark)).resolves.toBe(1);
    const optionHeadings = await overview.getByRole("heading", { level: 3 }).allTextContents();
    expect(optionHeadings.length).toBeGreaterThan(0);
    // A document load of the same page shows the same figures, once, and hydrates.
    await page.reload();
    await page.waitForFunction(() => Object.keys(document.getElementById("participation-overview") ?? {}).some((key) => key.startsWith("__reactFiber")));
    await expect(overview.getByRole("heading", { level: 3 }).allTextContents()).resolves.toEqual(optionHeadings);
    // The figures are in the page once: not again in the hydration data.
    const served = await (await page.request.get("/participation")).text();
    expect(served).toContain(`>${optionHeadings[0]}</h3>`);
    const scripts = [...served.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("");
    expect(scripts).not.toContain("Practices signed");
    expect(scripts).not.toContain(optionHeadings[0]);
    // A link inside the overview is a client-side navigation.
    await page.evaluate(() => ((window as { reloadMark?: number }).reloadMark = 2));
    await overview.getByRole("link", { name: "The campaign, its options and timeline" }).first().click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expect(page.evaluate(() => (window as { reloadMark?: number }).reloadMark)).resolves.toBe(2);
    expect(errors).toEqual([]);
    await context.close();
  });
});
