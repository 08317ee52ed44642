// Journey 10 in Chromium: a newcomer registers with an nhs.net address, cannot pledge until the
// address is confirmed, follows the link from the outbox (no mail server here, so the outbox is
// the delivery), asks to join a demo practice, the demo lead approves, and the newcomer pledges.
// A non-NHS address is refused with a clear message; a used or expired link says so and changes
// nothing; registration and password reset have rate limits of their own.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startServer } from "../support/server";
import { expectNoAxeViolations, logIn, see, useBrowser } from "./browser";

const browser = useBrowser();
const baseURL = inject("baseURL");
const databaseUrl = inject("databaseUrl");
const PASSWORD = "newcomer's long password";
const OPTION = "/campaigns/1/options/1";

function readDb<T>(sql: string, ...params: unknown[]): T | undefined {
  const db = new SQLite(databaseUrl.slice("file:".length), { readonly: true });
  try {
    return db.prepare(sql).get(...params) as T | undefined;
  } finally {
    db.close();
  }
}

const newcomerAddress = (what: string) => `${what}.${Date.now().toString(36)}${crypto.randomBytes(2).toString("hex")}@nhs.net`;

async function register(context: BrowserContext, name: string, email: string, expect: "sent" | "refused" = "sent"): Promise<Page> {
  const page = await context.newPage();
  await page.goto("/register");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("NHS email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Password again").fill(PASSWORD);
  await page.getByRole("button", { name: "Register" }).click();
  if (expect === "sent") await see(page, "Check your email");
  return page;
}

/** Axe needs JavaScript: check the page a JavaScript-free context is on from a second context with its cookies. */
async function axeAsWell(from: Page) {
  const context = await browser.context();
  await context.addCookies((await from.context().storageState()).cookies);
  const page = await context.newPage();
  await page.goto(new URL(from.url()).pathname + new URL(from.url()).search);
  await expectNoAxeViolations(page);
  await context.close();
}

/** Staff read the outbox, as the demo's mail delivery, and take the link sent to an address. */
async function linkFromOutbox(staff: Page, email: string, subject: string): Promise<string> {
  await staff.goto(`/admin/outbox?q=${encodeURIComponent(email)}`);
  const message = staff.getByRole("listitem").filter({ has: staff.getByRole("heading", { name: subject }) }).first();
  const text = (await message.locator("pre").textContent()) ?? "";
  const link = /https?:\/\/\S+?\/(?:verify-email|reset-password)\?token=[\w-]+/.exec(text)?.[0];
  expect(link, text).toBeDefined();
  // The link names PUBLIC_URL; this server listens on a port of its own.
  const url = new URL(link!);
  return `${url.pathname}${url.search}`;
}

describe("a GP's own account", () => {
  let staff: Page;

  beforeAll(async () => {
    staff = await logIn(await browser.context(), "staff@lmc-tracker.example");
  });

  it("a newcomer registers, cannot pledge until confirmed, confirms from the outbox, joins the demo lead's practice when the lead approves, and pledges (without JavaScript)", async () => {
    const email = newcomerAddress("newcomer");
    const lead = readDb<{ ods_code: string; name: string }>(
      "select p.ods_code, p.name from practice_memberships pm join practices p on p.id = pm.practice_id join users u on u.id = pm.user_id where u.email = 'lead@lmc-tracker.example' and pm.is_signatory = 1 order by p.id limit 1",
    )!;
    const context = await browser.context({ javaScriptEnabled: false });
    const registered = await register(context, "Dr New Comer", email);
    await axeAsWell(registered);

    // Logged in but unconfirmed: the option page offers no pledge, and a pledge posted anyway is refused.
    const gp = await logIn(context, email, PASSWORD);
    await gp.goto(OPTION);
    await see(gp, "Confirm your email address to pledge");
    expect(await gp.getByRole("button", { name: "Pledge my support" }).count()).toBe(0);
    const refused = await context.request.post(`${baseURL}${OPTION}`, { form: { intent: "support" }, headers: { Origin: baseURL }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    await gp.goto("/account/practices");
    await see(gp, "Confirm your email address first");

    // The link, from the outbox; opening it changes nothing until the button is pressed.
    await staff.goto("/admin/outbox");
    await expectNoAxeViolations(staff);
    const link = await linkFromOutbox(staff, email, "Confirm your email address for LMC Tracker");
    await gp.goto(link);
    await see(gp, `Press the button to confirm that ${email} is your email address.`);
    await axeAsWell(gp);
    expect(readDb<{ v: string | null }>("select email_verified_at as v from users where email = ?", email)!.v).toBeNull();
    await gp.getByRole("button", { name: "Confirm my email address" }).click();
    await see(gp, `Your email address ${email} is confirmed.`);

    // Ask to join the lead's practice, found by its ODS code.
    await gp.goto("/account/practices");
    await gp.getByLabel("ODS code or practice name").fill(lead.ods_code.toLowerCase());
    await gp.getByRole("button", { name: "Search" }).click();
    await gp.getByRole("button", { name: `Ask to join ${lead.name}` }).click();
    await see(gp, `You asked to join ${lead.name}.`);
    await see(gp, "Waiting for a decision");
    await gp.goto(`/account/practices?q=${lead.ods_code}`);
    await axeAsWell(gp);

    // The lead is told, and approves.
    const leadContext = await browser.context();
    const leadPage = await logIn(leadContext, "lead@lmc-tracker.example");
    await staff.goto(`/admin/outbox?q=${encodeURIComponent("lead@lmc-tracker.example")}`);
    await see(staff, `Dr New Comer asks to join ${lead.name} on LMC Tracker`);
    await leadPage.goto("/account/practices");
    await leadPage.getByRole("link", { name: `${lead.name}: members and requests` }).click();
    await see(leadPage, `Dr New Comer (${email})`);
    await expectNoAxeViolations(leadPage);
    await leadPage.getByRole("button", { name: "Approve Dr New Comer" }).click();
    await see(leadPage, "Dr New Comer is now a member of the practice.");

    // The newcomer sees the decision, and now pledges (then takes it back, leaving the demo figures as they were).
    await gp.goto("/account/practices");
    await see(gp, "Approved");
    await gp.goto(OPTION);
    await gp.getByRole("button", { name: "Pledge my support" }).click();
    await see(gp, "Your personal pledge is recorded. Thank you.");
    await gp.getByRole("button", { name: "Take my pledge back" }).click();
    await see(gp, "Your personal pledge is taken back.");
    await leadContext.close();
    await context.close();
  });

  it("a GP deletes their own account (without JavaScript): the password again and a tick, then logged out, and the address can no longer log in", async () => {
    const email = newcomerAddress("leaving");
    const context = await browser.context({ javaScriptEnabled: false });
    await register(context, "Dr Soon Gone", email);
    const gp = await logIn(context, email, PASSWORD);
    await gp.goto("/account");
    await gp.getByRole("link", { name: "Delete my account" }).click();
    await see(gp, "This cannot be undone.");
    // Without the tick, nothing happens and the page says why.
    await gp.getByLabel("Your password").fill(PASSWORD);
    await gp.getByRole("button", { name: "Delete my account" }).click();
    await see(gp, "Tick the box to say you want your account deleted");
    expect(readDb<{ erased_at: string | null }>("select erased_at from users where email = ?", email)).toEqual({ erased_at: null });
    await gp.getByLabel("Your password").fill(PASSWORD);
    await gp.getByLabel("I want my account deleted").check();
    await gp.getByRole("button", { name: "Delete my account" }).click();
    await see(gp, "Your account is deleted.");
    expect(readDb<{ n: number }>("select count(*) as n from users where email = ?", email)).toEqual({ n: 0 });
    await gp.goto("/account");
    await gp.waitForURL(/\/login/);
    await gp.getByLabel("Email address").fill(email);
    await gp.getByLabel("Password").fill(PASSWORD);
    await gp.getByRole("button", { name: "Log in" }).click();
    await see(gp, "That email and password do not match an active account.");
    await context.close();
  });

  it("a GP account needs an NHS address: another is refused with a clear message, and no account is made", async () => {
    const context = await browser.context();
    const page = await register(context, "Dr Elsewhere", "dr.elsewhere@gmail.com", "refused");
    await see(page, "Use your NHS email address (ending @nhs.net) to register as a GP.");
    expect(await page.getByLabel("NHS email address").getAttribute("aria-invalid")).toBe("true");
    await expectNoAxeViolations(page);
    expect(readDb("select id from users where email = 'dr.elsewhere@gmail.com'")).toBeUndefined();
    await context.close();
  });

  it("a used or an expired link says so, and changes nothing", async () => {
    const context = await browser.context();
    const used = newcomerAddress("used");
    await register(context, "Dr Used", used);
    const usedLink = await linkFromOutbox(staff, used, "Confirm your email address for LMC Tracker");
    const page = await context.newPage();
    await page.goto(usedLink);
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await see(page, "is confirmed");
    const confirmedAt = readDb<{ v: string }>("select email_verified_at as v from users where email = ?", used)!.v;
    await page.goto(usedLink);
    await see(page, "This link has already been used, or a newer link has replaced it. Nothing has been changed.");
    expect(await page.getByRole("button", { name: "Confirm my email address" }).count()).toBe(0);
    await expectNoAxeViolations(page);
    expect(readDb<{ v: string }>("select email_verified_at as v from users where email = ?", used)!.v).toBe(confirmedAt);

    const expired = newcomerAddress("expired");
    await register(context, "Dr Late", expired);
    const expiredLink = await linkFromOutbox(staff, expired, "Confirm your email address for LMC Tracker");
    const db = new SQLite(databaseUrl.slice("file:".length));
    try {
      db.prepare("update account_tokens set expires_at = ? where user_id = (select id from users where email = ?)").run(new Date(Date.now() - 60_000).toISOString(), expired);
    } finally {
      db.close();
    }
    await page.goto(expiredLink);
    await see(page, "This link has expired: links work for 24 hours. Nothing has been changed.");
    expect(await page.getByRole("button", { name: "Confirm my email address" }).count()).toBe(0);
    // Posting the link anyway is refused too.
    const token = new URL(expiredLink, baseURL).searchParams.get("token")!;
    const posted = await context.request.post(`${baseURL}/verify-email`, { form: { intent: "confirm", token }, headers: { Origin: baseURL }, maxRedirects: 0 });
    expect(posted.status()).toBe(400);
    expect(readDb<{ v: string | null }>("select email_verified_at as v from users where email = ?", expired)!.v).toBeNull();

    // A forgotten password: the reset link works once, and the page says so after.
    const forgot = await context.newPage();
    await forgot.goto("/forgot-password");
    await forgot.getByLabel("Email address").fill(used);
    await forgot.getByRole("button", { name: "Email me a link" }).click();
    await see(forgot, "If that address has an account, we have sent it a link");
    await expectNoAxeViolations(forgot);
    const resetLink = await linkFromOutbox(staff, used, "Reset your LMC Tracker password");
    await forgot.goto(resetLink);
    await forgot.getByLabel("New password", { exact: true }).fill("an entirely new password");
    await forgot.getByLabel("New password again").fill("an entirely new password");
    await expectNoAxeViolations(forgot);
    await forgot.getByRole("button", { name: "Save the new password" }).click();
    await see(forgot, "Your password is changed");
    await forgot.goto(resetLink);
    await see(forgot, "This link has already been used");
    await logIn(await browser.context(), used, "an entirely new password");
    await context.close();
  });
});

describe("rate limits of their own", () => {
  const LIMIT = 2;
  let server: Awaited<ReturnType<typeof startServer>>;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmc-accounts-rl-"));
    server = await startServer({
      DATABASE_URL: `file:${path.join(dir, "rl.db")}`,
      SEED: "none",
      SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
      ACCOUNT_RATE_LIMIT: String(LIMIT),
      TRUST_PROXY: "1",
    });
  });

  afterAll(async () => {
    server.child.kill("SIGTERM");
    await new Promise((r) => server.child.once("exit", r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const post = (spelling: string, from: string, form: Record<string, string>) =>
    fetch(`${server.baseURL}${spelling}`, { method: "POST", headers: { Origin: server.baseURL, "X-Forwarded-For": from }, body: new URLSearchParams(form), redirect: "manual" });

  it("registration, new confirmation links and password resets each count separately, per address, however the URL is spelt", async () => {
    const registration = { name: "Dr Limit", email: "dr.limit@nhs.net", password: PASSWORD, confirmPassword: PASSWORD };
    for (const spelling of ["/register", "/Register/"]) expect((await post(spelling, "192.0.2.1", registration)).status).not.toBe(429);
    for (const spelling of ["/register", "/register.data", "/REGISTER"]) {
      const response = await post(spelling, "192.0.2.1", registration);
      expect(response.status, spelling).toBe(429);
      expect(await response.text()).toContain("Too many registrations from this address");
    }
    // Another address may still register; the same address may still ask for a password reset.
    expect((await post("/register", "192.0.2.2", registration)).status).toBe(302);
    for (let n = 0; n < LIMIT; n++) expect((await post("/forgot-password", "192.0.2.1", { email: "dr.limit@nhs.net" })).status).toBe(302);
    expect((await post("/forgot-password", "192.0.2.1", { email: "dr.limit@nhs.net" })).status).toBe(429);
    expect((await post("/reset-password", "192.0.2.1", { token: "x", password: PASSWORD, confirmPassword: PASSWORD })).status).toBe(429);
    for (let n = 0; n < LIMIT; n++) expect((await post("/verify-email", "192.0.2.1", { intent: "resend" })).status).not.toBe(429);
    expect((await post("/verify-email", "192.0.2.1", { intent: "resend" })).status).toBe(429);
    // Pages still load.
    expect((await fetch(`${server.baseURL}/register`, { headers: { "X-Forwarded-For": "192.0.2.1" } })).status).toBe(200);
  });
});
